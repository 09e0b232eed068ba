import { describe, expect, it } from 'vitest';
import type { Block } from '../../schemas/document.ts';
import { BadInputError } from '../../src/errors.ts';
import { readDocx } from '../../src/formats/docx.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/formats/types.ts';
import { guardZip } from '../../src/formats/zip-guard.ts';
import { buildZip, documentXml, minimalDocx } from '../../tools/synthetic/zip-writer.ts';
import { cellAt, expectBadInput, fixture, grid, tables, texts } from './helpers.ts';

const read = (bytes: Uint8Array, fileName = 'notice.docx', limits: ReadLimits = DEFAULT_LIMITS) =>
  readDocx({ bytes, fileName, limits });

describe('readDocx on LibreOffice conversions', () => {
  it('reads headings, paragraphs and the merged-cell table of the notice', async () => {
    const { encoding, blocks } = await read(fixture('notice-table.docx'));
    expect(encoding).toBeNull();
    expect(blocks.slice(0, 4)).toEqual([
      { kind: 'heading', level: 1, text: '关于公布医疗保障经办政务服务事项清单的通知' },
      { kind: 'paragraph', text: '各区医疗保障局：' },
      {
        kind: 'paragraph',
        text: '为深入推进医疗保障领域“放管服”改革，现将《医疗保障经办政务服务事项清单》印发给你们，请认真贯彻执行。',
      },
      { kind: 'heading', level: 2, text: '一、事项清单' },
    ]);
    const [table] = tables(blocks);
    if (!table) throw new Error('no table');
    expect(grid(table)).toEqual([
      ['序号', '事项名称', '办理时限', '', '备注'],
      ['1', '参保登记', '即时办结', '1个工作日', '单位参保\n个人参保'],
      ['', '参保信息变更登记', '5个工作日', '', 'Online service available'],
      ['2', '异地就医备案', '即时办结', '3个工作日', '跨省异地\n省内异地'],
    ]);
    expect(cellAt(table, 1, 0)).toMatchObject({ rowSpan: 2 });
    expect(cellAt(table, 0, 2)).toMatchObject({ colSpan: 2, header: true });
    expect(texts(blocks).at(-1)).toBe('本通知自印发之日起施行。');
    expect(JSON.stringify(blocks)).not.toContain('不应出现的脚本文字');
  });

  it('reads an 80-row table with its header row flagged', async () => {
    const [table] = tables((await read(fixture('long-table.docx'))).blocks);
    if (!table) throw new Error('no table');
    expect([table.numRows, table.numCols]).toEqual([81, 4]);
    expect(grid(table)[0]).toEqual(['序号', '事项名称', '实施依据', '备注']);
    expect(table.cells.filter((cell) => cell.header).map((cell) => cell.row)).toEqual([0, 0, 0, 0]);
    expect(grid(table)[80]?.[0]).toBe('80');
  });
});

describe('readDocx on hostile archives', () => {
  it('rejects a zip bomb by the bytes actually inflated, even when sizes are declared honestly', async () => {
    const bomb = await buildZip([
      ...minimalDocx(documentXml(['通知'])),
      { name: 'word/media/a.bin', zeros: 300 * 2 ** 20 },
    ]);
    expect(bomb.length).toBeLessThan(400_000);
    await expectBadInput(read(bomb, 'bomb.docx'), 'zip-bomb', 'bomb.docx');
  });

  it('does not trust declared sizes: a lying entry is stopped by the running cap', async () => {
    const liar = await buildZip([
      ...minimalDocx(documentXml(['通知'])),
      { name: 'word/media/a.bin', zeros: 8 * 2 ** 20, declaredSize: 10 },
    ]);
    const limits = { ...DEFAULT_LIMITS, maxDecompressedBytes: 2 ** 20 };
    const error = await expectBadInput(read(liar, 'liar.docx', limits), 'zip-bomb', 'liar.docx');
    expect(error.message).toContain('1 MiB');
    await expect(guardZip(liar, 'liar.docx', 16 * 2 ** 20)).resolves.toBeInstanceOf(Map);
  });

  it('rejects archives with too many entries', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `word/x${i}.xml`, data: '' }));
    await expectBadInput(
      read(await buildZip([...minimalDocx(documentXml(['a'])), ...many]), 'many.docx'),
      'zip-bomb',
      'many.docx',
    );
  });

  it('rejects encrypted, truncated and non-Word archives', async () => {
    const encrypted = await buildZip([
      { ...minimalDocx(documentXml(['a']))[2], name: 'word/document.xml', encrypted: true },
    ]);
    await expectBadInput(read(encrypted, 'locked.docx'), 'encrypted', 'locked.docx');
    const whole = fixture('notice-table.docx');
    await expectBadInput(read(whole.subarray(0, whole.length / 2), 'cut.docx'), 'truncated', 'cut.docx');
    const notWord = await buildZip([{ name: 'word/document.xml', data: 'not xml at all <<<' }]);
    await expectBadInput(read(notWord, 'broken.docx'), 'malformed', 'broken.docx');
  });

  it('never resolves external entities (XXE)', async () => {
    const doctype =
      '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "http://127.0.0.1:9/x">]>';
    const xxe = await buildZip(minimalDocx(documentXml(['开头&xxe;&web;结尾'], doctype)));
    // No DTD is read: the entities are undefined, the file is 'malformed', nothing is fetched.
    const outcome = await read(xxe, 'xxe.docx').catch((error: unknown) => error);
    if (outcome instanceof BadInputError) expect(outcome.code).toBe('malformed');
    else expect(texts((outcome as { blocks: Block[] }).blocks).join('')).toMatch(/^开头.*结尾$/);
    expect(outcome instanceof Error ? outcome.message : JSON.stringify(outcome)).not.toMatch(/root:|daemon:/);
  });
});
