import { expect, it } from 'vitest';
import type { NoticeStore } from '../../src/store/types.ts';
import type { Uploads } from './fixtures.ts';

/**
 * The `listOriginals` case of the NoticeStore contract (what `policy-kb recover` sweeps), run
 * inside `testNoticeStore`'s describe block.
 */
export function testListOriginals(
  current: () => { store: NoticeStore; up: Uploads; reopen: () => Promise<NoticeStore> },
): void {
  it('lists every stored original once, oldest first, with or without a notice saved from it', async () => {
    const { store, up } = current();
    expect(await store.listOriginals()).toEqual([]);
    const first = await store.putOriginal(up.first.bytes, 'a/first.txt');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const other = await store.putOriginal(up.other.bytes, 'other.txt');
    await store.putOriginal(up.first.bytes, 'again.txt');
    const listed = await store.listOriginals();
    expect(listed).toEqual([first, other]);
    expect(listed.map((ref) => ref.fileName)).toEqual(['first.txt', 'other.txt']);
    expect(await (await current().reopen()).listOriginals()).toEqual(listed);
  });
}
