import { afterEach, describe, expect, it, vi } from 'vitest';
import { DocumentModel } from '../../schemas/document.ts';
import { readDocument } from '../../src/formats/index.ts';
import { READERS } from '../../src/formats/readers.ts';
import { DEFAULT_LIMITS } from '../../src/formats/types.ts';
import { expectBadInput, fixture, tables, texts } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readDocument', () => {
  it('dispatches on the sniffed format and returns a valid document model', async () => {
    const cases = [
      ['notice-table.html', 'html', 'utf-8'],
      ['notice-table.docx', 'docx', null],
      ['notice-table.pdf', 'pdf', null],
      ['notice-gb18030.txt', 'txt', 'gb18030'],
      ['notice-utf16le.txt', 'txt', 'utf-16le'],
    ] as const;
    for (const [name, format, encoding] of cases) {
      const model = await readDocument(fixture(name), `misnamed-${name}.bin`);
      expect(DocumentModel.parse(model)).toEqual(model);
      expect(model).toMatchObject({ format, encoding });
      expect(JSON.stringify(model.blocks)).toContain('医疗保障');
    }
  });

  it('gives the same table from HTML, docx and PDF', async () => {
    const [html, docx, pdf] = await Promise.all(
      ['notice-table.html', 'notice-table.docx', 'notice-table.pdf'].map(async (name) => {
        const [table] = tables((await readDocument(fixture(name), name)).blocks);
        return table?.cells.map(({ row, col, rowSpan, colSpan }) => [row, col, rowSpan, colSpan]);
      }),
    );
    expect(docx).toEqual(html);
    // pdf-parse ignores the gap in the ruling line under 办理时限, so the colspan of row 3
    // ("5个工作日") comes out of the PDF as two cells; every other cell matches.
    const only = (a?: number[][], b?: number[][]) =>
      a?.filter((cell) => !b?.some((other) => other.join() === cell.join()));
    expect(only(html, pdf)).toEqual([[2, 2, 1, 2]]);
    expect(only(pdf, html)).toEqual([
      [2, 2, 1, 1],
      [2, 3, 1, 1],
    ]);
  });

  it('reads the GB18030 text notice through the txt reader', async () => {
    const model = await readDocument(fixture('notice-gb18030.txt'), 'gbk.txt');
    expect(texts(model.blocks)[0]).toBe('关于做好医疗保障基金监管工作的通知');
  });

  it('rejects empty, oversized and unsupported files with messages that name the file', async () => {
    await expectBadInput(readDocument(fixture('empty.txt'), 'empty.txt'), 'empty', 'empty.txt');
    const big = await expectBadInput(
      readDocument(fixture('notice-table.pdf'), 'big.pdf', { ...DEFAULT_LIMITS, maxBytes: 1024 }),
      'too-large',
      'big.pdf',
    );
    expect(big.message).toMatch(/超过 0\.0 MiB 的上限$/);
    await expectBadInput(
      readDocument(fixture('png-named.txt'), 'png-named.txt'),
      'unknown-format',
      'png-named.txt',
    );
    await expectBadInput(readDocument(fixture('legacy.doc'), '通知.doc'), 'unknown-format', '通知.doc');
    await expectBadInput(
      readDocument(fixture('notice-encrypted.pdf'), 'locked.pdf'),
      'encrypted',
      'locked.pdf',
    );
    await expectBadInput(
      readDocument(fixture('long-table-truncated.pdf'), 'cut.pdf'),
      'truncated',
      'cut.pdf',
    );
  });

  it('turns an unexpected parser exception into a malformed BadInputError, its cause in Chinese', async () => {
    vi.spyOn(READERS, 'html').mockRejectedValue(new TypeError('Cannot read properties of undefined'));
    const error = await expectBadInput(
      readDocument(fixture('notice-table.html'), 'page.html'),
      'malformed',
      'page.html',
    );
    expect(error.message).toBe('page.html: 该 html 文件无法解析（读取器遇到缺失的数据）');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a reader that breaks the schema as an internal error, not bad input', async () => {
    vi.spyOn(READERS, 'html').mockResolvedValue({
      encoding: 'utf-8',
      blocks: [{ kind: 'heading', text: 'x', level: 9 }],
    });
    await expect(readDocument(fixture('notice-table.html'), 'page.html')).rejects.toThrow(
      /invalid document model/,
    );
  });
});
