import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeHtml, sniffFormat } from '../../src/formats/sniff.ts';
import { buildZip, documentXml, minimalDocx } from '../../tools/synthetic/zip-writer.ts';
import { expectBadInput, fixture } from './helpers.ts';

describe('sniffFormat', () => {
  it('recognises the formats from the bytes, not the name', async () => {
    expect(await sniffFormat(fixture('notice-table.pdf'), 'notice.txt')).toBe('pdf');
    expect(await sniffFormat(fixture('notice-table.docx'), 'notice.pdf')).toBe('docx');
    expect(await sniffFormat(fixture('notice-table.html'), 'notice.docx')).toBe('html');
    expect(await sniffFormat(fixture('notice-gb18030.txt'), 'notice.html')).toBe('txt');
    expect(await sniffFormat(fixture('notice-utf16le.txt'), 'notice.pdf')).toBe('txt');
    expect(await sniffFormat(await buildZip(minimalDocx(documentXml(['通知']))), 'a.zip')).toBe('docx');
  });

  it('keeps a text notice with <p> tags inside its table cells as text', async () => {
    const text =
      '关于印发裁量基准的通知\n序号\t检查事项\n3\t<p>1. 查看定点医疗机构</p> <p>2. 查看定点零售药店</p>\n';
    expect(await sniffFormat(Buffer.from(text), 'seed.txt')).toBe('txt');
  });

  it('sniffs every seed notice (text with <p> tags in its table cells) as txt', async () => {
    const seeds = new URL('../../seeds/', import.meta.url);
    for (const name of readdirSync(seeds)) {
      expect(await sniffFormat(readFileSync(new URL(name, seeds)), name)).toBe('txt');
    }
  });

  it('rejects a zip that is not a Word document, naming what it is', async () => {
    const zip = await buildZip([{ name: 'readme.txt', data: 'hello' }]);
    const error = await expectBadInput(sniffFormat(zip, 'notice.docx'), 'unknown-format', 'notice.docx');
    expect(error.message).toBe('notice.docx: 这是 zip 压缩包，不是 Word 文件');
    const xlsx = await buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]);
    const sheet = await expectBadInput(sniffFormat(xlsx, 'items.docx'), 'unknown-format', 'items.docx');
    expect(sheet.message).toContain('Excel 工作簿');
  });

  it('rejects a legacy Word .doc with advice', async () => {
    const error = await expectBadInput(
      sniffFormat(fixture('legacy.doc'), 'notice.doc'),
      'unknown-format',
      'notice.doc',
    );
    expect(error.message).toBe('notice.doc: 这是旧版 Word .doc 文件，请另存为 .docx 后再上传');
  });

  it('names other binary formats: a PNG named .txt', async () => {
    const error = await expectBadInput(
      sniffFormat(fixture('png-named.txt'), 'png-named.txt'),
      'unknown-format',
      'png-named.txt',
    );
    expect(error.message).toContain('PNG 图片');
  });

  it('rejects empty files and unrecognised binary junk', async () => {
    await expectBadInput(sniffFormat(fixture('empty.txt'), 'empty.txt'), 'empty', 'empty.txt');
    const junk = Buffer.concat([Buffer.from([0x13, 0x37, 0x00, 0x01]), randomBytes(4096)]);
    await expectBadInput(sniffFormat(junk, 'junk.txt'), 'binary-junk', 'junk.txt');
  });

  it('does not mistake text that starts like a weak binary signature for that format', async () => {
    expect(await sniffFormat(Buffer.from('BMI 指数与医保待遇无关。\n'), 'bmi.txt')).toBe('txt');
  });
});

describe('looksLikeHtml', () => {
  it('accepts documents and table fragments', () => {
    expect(looksLikeHtml('<!DOCTYPE html><p>通知</p>')).toBe(true);
    expect(looksLikeHtml('\n  <html lang="zh"><body>通知</body></html>')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>')).toBe(
      true,
    );
    expect(looksLikeHtml('<h1>通知</h1>\n<table><tr><td>1</td></tr></table>')).toBe(true);
  });

  it('rejects text with stray markup', () => {
    expect(looksLikeHtml('通知\n<p>一、</p>')).toBe(false);
    expect(looksLikeHtml('<p>一、</p><p>二、</p>')).toBe(false);
    expect(looksLikeHtml('说明：本表中 <table> 标签仅为示例')).toBe(false);
  });
});
