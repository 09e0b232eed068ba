import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.ts';
import { decodeText } from '../../src/formats/decode.ts';
import { fixture } from './helpers.ts';

const NOTICE =
  '关于做好医疗保障基金监管工作的通知\n各区医疗保障局：\n一、加强定点医药机构管理。\n序号\t事项名称\t办理时限\n1\t参保登记\t即时办结\n';

describe('decodeText', () => {
  it('decodes GB18030 (GBK) bytes that are not UTF-8, normalising CRLF', () => {
    expect(decodeText(fixture('notice-gb18030.txt'), 'a.txt')).toEqual({ text: NOTICE, encoding: 'gb18030' });
  });

  it('decodes UTF-16LE with a BOM and strips the BOM', () => {
    expect(decodeText(fixture('notice-utf16le.txt'), 'a.txt')).toEqual({
      text: NOTICE,
      encoding: 'utf-16le',
    });
  });

  it('decodes UTF-16 without a BOM, as Windows tools write it, little- and big-endian', () => {
    expect(decodeText(iconv.encode(NOTICE, 'utf-16le'), 'a.txt')).toEqual({
      text: NOTICE,
      encoding: 'utf-16le',
    });
    expect(decodeText(iconv.encode(NOTICE, 'utf-16be'), 'a.txt')).toEqual({
      text: NOTICE,
      encoding: 'utf-16be',
    });
    // Text with no ASCII at all has no NUL bytes: read as UTF-16 because it is not UTF-8.
    expect(decodeText(iconv.encode('医疗保障行政检查事项清单', 'utf-16le'), 'a.txt').text).toBe(
      '医疗保障行政检查事项清单',
    );
    // GB18030 bytes never pass for UTF-16.
    expect(decodeText(fixture('notice-gb18030.txt'), 'a.txt').encoding).toBe('gb18030');
  });

  it('decodes UTF-16BE and UTF-8 with BOMs', () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('医保\r\n', 'utf-16be')]);
    expect(decodeText(be, 'a.txt')).toEqual({ text: '医保\n', encoding: 'utf-16be' });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('医保\r')]);
    expect(decodeText(utf8, 'a.txt')).toEqual({ text: '医保\n', encoding: 'utf-8' });
  });

  it('prefers strict UTF-8 and falls back to Big5 only when chardet says so', () => {
    expect(decodeText(Buffer.from('第一条　医疗保障'), 'a.txt').encoding).toBe('utf-8');
    const big5 = decodeText(fixture('notice-big5.txt'), 'big5.txt');
    expect(big5.encoding).toBe('big5');
    expect(big5.text.split('\n')[0]).toBe('關於做好醫療保障基金監管工作的通知');
  });

  it('reads short GBK text as GB18030 even when chardet cannot tell it from Big5', () => {
    expect(decodeText(iconv.encode('医保通知', 'gbk'), 'a.txt')).toEqual({
      text: '医保通知',
      encoding: 'gb18030',
    });
  });

  it('follows a declared charset for bytes that are not UTF-8', () => {
    const bytes = iconv.encode('醫保通知', 'big5');
    expect(decodeText(bytes, 'a.html', 'big5')).toEqual({ text: '醫保通知', encoding: 'big5' });
    expect(decodeText(Buffer.from('医保'), 'a.html', 'gb2312')).toEqual({ text: '医保', encoding: 'utf-8' });
  });

  it('rejects binary data named .txt', () => {
    const binary = Buffer.alloc(512, 0);
    binary.write('PK', 0);
    expect(() => decodeText(binary, 'scan.txt')).toThrow(BadInputError);
    try {
      decodeText(binary, 'scan.txt');
    } catch (error) {
      expect((error as BadInputError).code).toBe('binary-junk');
      expect((error as BadInputError).message).toMatch(/^scan\.txt: /);
    }
  });

  it('tolerates a few stray control characters in real text', () => {
    const text = `${'医疗保障基金使用监督管理条例。'.repeat(20)}\u0007\n`;
    expect(decodeText(Buffer.from(text), 'a.txt').text).toBe(text);
  });
});
