import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { applyCorrections } from '../../src/extract/corrections.ts';
import { correctionsOf } from '../../src/web/pages/review.ts';
import { type SeededStore, seedStore } from '../search/fixtures.ts';

/** The form as a browser without review.js sends it: every cell as shown (CRLF line ends), nothing else changed. */
function untouched(record: StoredNotice): Record<string, string> {
  const form: Record<string, string> = { version: String(record.version), reason: '核对' };
  record.notice.tables.forEach((table, t) => {
    table.items.forEach((item, i) => {
      table.headers.forEach((_, c) => {
        form[`cell-${t}-${i}-${c}`] = `\r\n${(item.cells[c] ?? '').replace(/\n/g, '\r\n')} `;
      });
      form[`split-${t}-${i}`] = '';
    });
    table.headers.forEach((_, c) => {
      form[`new-${t}-${c}`] = '';
    });
  });
  return { ...form, 'article-number': '', 'article-chapter': '', 'article-text': '' };
}

describe('the correction form (/app/notices/:id/review): what a submitted form asks for', () => {
  let seeded: SeededStore;
  let guandu: StoredNotice;
  beforeAll(async () => {
    seeded = await seedStore();
    const found = seeded.records.find((r) => r.notice.meta.region?.name === '官渡区');
    if (!found) throw new Error('官渡区 seed missing');
    guandu = found;
  });
  afterAll(async () => seeded?.cleanup());

  it('asks for nothing when every cell comes back as shown (line ends and blanks aside)', () => {
    expect(correctionsOf(guandu, untouched(guandu))).toEqual({ corrections: [] });
  });

  it('orders row changes from the last row up, so each applies to the row the reviewer saw', () => {
    const table = guandu.notice.tables[0];
    if (!table) throw new Error('no table');
    const n = table.items.length;
    expect(n).toBeGreaterThanOrEqual(6);
    const names = table.items.map((item) => item.name);
    const nameColumn = table.headers.indexOf('检查事项');
    const seqColumn = table.headers.indexOf('序号');
    const form = untouched(guandu);
    form[`cell-0-0-${nameColumn}`] = '对用人单位遵守医疗保险法律情况进行监督检查';
    form['delete-0-1'] = '1';
    form['merge-0-2'] = '1';
    const cells = (name: string, seq: string) =>
      table.headers.map((_, c) => (c === nameColumn ? name : c === seqColumn ? seq : '')).join(' | ');
    form['split-0-5'] = `${cells('甲事项', '6')}\r\n${cells('乙事项', '7')}`;
    table.headers.forEach((_, c) => {
      form[`new-0-${c}`] = c === nameColumn ? '对定点医药机构的补充检查' : c === seqColumn ? '99' : '';
    });
    form['article-number'] = '3';
    form['article-text'] = '医疗保障行政部门依法实施监督检查。';
    const built = correctionsOf(guandu, form);
    if ('problem' in built) throw new Error(built.problem);
    expect(built.corrections.map((c) => `${c.kind}${'item' in c ? ` ${c.item}` : ''}`)).toEqual([
      'set-cell 0',
      'split-row 5',
      'merge-rows 2',
      'delete-row 1',
      'add-row',
      'add-article',
    ]);
    const { notice } = applyCorrections(guandu.notice, built.corrections);
    const after = notice.tables[0]?.items.map((item) => item.name) ?? [];
    expect(after[0]).toBe('对用人单位遵守医疗保险法律情况进行监督检查');
    expect(after).not.toContain(names[1]);
    expect(after[1]).toContain(names[2] as string);
    expect(after[1]).toContain(names[3] as string);
    expect(after).toContain('甲事项');
    expect(after).toContain('乙事项');
    expect(after).not.toContain(names[5]);
    expect(after.at(-1)).toBe('对定点医药机构的补充检查');
    expect(after).toHaveLength(n - 1 - 1 + 1 + 1);
    expect(notice.articles.map((a) => a.number)).toContain(3);
  });

  it('refuses a row deleted and merged, a merge into a deleted row, a one-line split and an article without a number', () => {
    const both = { ...untouched(guandu), 'delete-0-1': '1', 'merge-0-1': '1' };
    expect(correctionsOf(guandu, both)).toEqual({ problem: '表1第2行只能删除、合并或拆分其中一种。' });
    const into = { ...untouched(guandu), 'merge-0-1': '1', 'delete-0-2': '1' };
    expect(correctionsOf(guandu, into)).toEqual({
      problem: '表1第2行要与下一行合并，下一行就不能删除或拆分。',
    });
    const single = { ...untouched(guandu), 'split-0-1': '只有一行' };
    expect(correctionsOf(guandu, single)).toEqual({ problem: '表1第2行拆分后至少要有两行（每行一项）。' });
    const article = { ...untouched(guandu), 'article-text': '漏掉的条文' };
    expect(correctionsOf(guandu, article)).toEqual({ problem: '补充条文要填写第几条（正整数）和条文内容。' });
  });
});
