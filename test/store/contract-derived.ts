import { expect, it } from 'vitest';
import type { NoticeStore } from '../../src/store/types.ts';

/**
 * The derived-data cases of the NoticeStore contract (`putDerived` / `getDerived`), run inside
 * `testNoticeStore`'s describe block: `current()` gives that test's fresh store and its reopen.
 */
export function testDerivedData(
  current: () => { store: NoticeStore; reopen: () => Promise<NoticeStore> },
): void {
  it('keeps derived data by key: null before, replaced whole by a later put, seen by a new instance', async () => {
    const { store } = current();
    expect(await store.getDerived('matrix')).toBeNull();
    const first = {
      regions: ['北京市', '官渡区'],
      rows: [{ id: 'p1', cells: ['present', 'absent'] }],
      n: 1.5,
    };
    await store.putDerived('matrix', first);
    expect(await store.getDerived('matrix')).toEqual(first);
    await store.putDerived('matrix', { regions: [], rows: [] });
    expect(await store.getDerived('matrix')).toEqual({ regions: [], rows: [] });
    await store.putDerived('compare.530111-abc_v2', [1, 'two', null]);
    const again = await current().reopen();
    expect(await again.getDerived('matrix')).toEqual({ regions: [], rows: [] });
    expect(await again.getDerived('compare.530111-abc_v2')).toEqual([1, 'two', null]);
    expect(await again.getDerived('other')).toBeNull();
  });

  it('refuses derived keys that are not plain names and values JSON cannot hold', async () => {
    const { store } = current();
    for (const key of ['', '../etc/passwd', 'a/b', '.hidden', 'a..b', 'x'.repeat(200)]) {
      await expect(store.putDerived(key, 1), key).rejects.toThrow(/derived-data key/);
      await expect(store.getDerived(key), key).rejects.toThrow(/derived-data key/);
    }
    await expect(store.putDerived('undefined', undefined)).rejects.toThrow(/JSON/);
    expect(await store.getDerived('undefined')).toBeNull();
  });

  it('serialises concurrent puts of one key (two instances): the last read is one whole value', async () => {
    const { store } = current();
    const second = await current().reopen();
    const values = Array.from({ length: 12 }, (_, i) => ({
      writer: i,
      rows: Array.from({ length: 200 }, (_, j) => `${i}-${j}`),
    }));
    await Promise.all(values.map((v, i) => (i % 2 ? second : store).putDerived('matrix', v)));
    const read = (await store.getDerived('matrix')) as { writer: number };
    expect(values).toContainEqual(read);
    expect(await second.getDerived('matrix')).toEqual(read);
  });
}
