import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.ts';
import { htmlToBlocks } from '../../src/formats/html.ts';
import { limitHtml, MAX_HTML_ATTRIBUTES, MAX_TABLE_NESTING } from '../../src/formats/html-limits.ts';
import { readDocument } from '../../src/formats/index.ts';
import { DEFAULT_LIMITS } from '../../src/formats/types.ts';
import { SLOW_MACHINE_FACTOR } from '../support/slack.ts';
import { texts } from './helpers.ts';

describe('limitHtml (what makes parse5 quadratic, capped before parsing)', () => {
  it('drops start tags nested past the cap with their end tags, keeping the content', () => {
    expect(limitHtml('<div><ul><li><div>a</div></li></ul><p>b</p></div>', 2)).toBe(
      '<div><ul><li>a</li></ul><p>b</p></div>',
    );
    const html = '<p>x</p><div class="a">y</div>';
    expect(limitHtml(html, 2)).toBe(html);
  });

  it('does not count table structure, optional-end and void elements, or SVG self-closing tags', () => {
    const html = `${'<table><tr><td>'.repeat(5)}<br><img src=x><p>a<p>b<svg><path d="M0"/><path/></svg><div>c</div>`;
    expect(limitHtml(html, 2)).toBe(html);
  });

  it('keeps tables nested down to the cap; deeper ones lose their structure but keep their text', () => {
    const nested = (depth: number) =>
      `${'<table><tr><td>'.repeat(depth)}深${'</td><td>旁</td></tr></table>'.repeat(depth)}`;
    const kept = nested(MAX_TABLE_NESTING);
    expect(limitHtml(kept)).toBe(kept);
    const deeper = limitHtml(nested(MAX_TABLE_NESTING + 3));
    expect(deeper.match(/<table>/g)).toHaveLength(MAX_TABLE_NESTING);
    expect(deeper.match(/<\/table>/g)).toHaveLength(MAX_TABLE_NESTING);
    expect(deeper).toContain('<td> <br>  <br>  <br> 深 旁 旁 旁</td><td>旁</td></tr></table>');
    // A table after the deep one is a table again.
    expect(limitHtml(`${nested(MAX_TABLE_NESTING + 1)}<table><tr><td>后</td></tr></table>`)).toMatch(
      /<\/table><table><tr><td>后<\/td><\/tr><\/table>$/,
    );
  });

  it('leaves comments, scripts and quoted attribute values alone', () => {
    const html = '<!-- <div><div><div> --><script>"<div><div><div>"</script><a title="<div><div>">x</a>';
    expect(limitHtml(html, 1)).toBe(html);
  });

  it('keeps only the first attributes of a tag with thousands', () => {
    const attributes = Array.from({ length: 1000 }, (_, i) => `a${i}="${i}"`).join(' ');
    const limited = limitHtml(`<p ${attributes}>文本</p>`);
    expect(limited.match(/ a\d+=/g)).toHaveLength(MAX_HTML_ATTRIBUTES);
    expect(texts(htmlToBlocks(limited))).toEqual(['文本']);
  });

  it('reads 100,000 nested divs in well under a second', () => {
    const started = performance.now();
    expect(texts(htmlToBlocks(`${'<div>'.repeat(100_000)}深${'</div>'.repeat(100_000)}`))).toEqual(['深']);
    expect(performance.now() - started).toBeLessThan(500 * SLOW_MACHINE_FACTOR);
  });
});

describe('readDocument checks on every reader’s blocks', () => {
  it('drops NUL and other control characters from the text', async () => {
    const prose = '为规范医疗保障基金使用，保障基金安全，维护参保人员合法权益，制定本办法。';
    const model = await readDocument(
      Buffer.from(`第一条\u0000 医疗\u0007保障\f基金。${prose.repeat(3)}`),
      'a.txt',
    );
    expect(texts(model.blocks)).toEqual([`第一条 医疗保障 基金。${prose.repeat(3)}`]);
  });

  it('refuses a file with no text and a table grid over the cell limit', async () => {
    await expect(
      readDocument(Buffer.from('<html><body><script>x</script></body></html>'), 'a.html'),
    ).rejects.toThrow(new BadInputError('a.html', 'not-a-notice', '网页中没有文字（只有标记或脚本）'));
    const wide = `<table>${'<tr><td>1</td><td colspan=100>x</td></tr>'.repeat(20)}</table>`;
    const limits = { ...DEFAULT_LIMITS, maxTableCells: 1000 };
    await expect(readDocument(Buffer.from(wide), 'w.html', limits)).rejects.toThrow(
      /20 行 × 101 列的表格，超过/,
    );
  });
});
