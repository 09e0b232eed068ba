import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/extract/from-file.ts';
import { findTitle } from '../../src/extract/title.ts';

const SEEDS = 'seeds';
const RENDITIONS = 'test/fixtures/renditions';

describe('notice title and 文号: one rule whatever the format', () => {
  const seeds = readdirSync(SEEDS).filter((name) => name.endsWith('.txt'));
  it.each(seeds)('%s: the docx, html and pdf renditions give the text’s title and 文号', async (seed) => {
    const text = await extractFile(`${SEEDS}/${seed}`);
    const stem = seed.replace(/\.txt$/, '');
    for (const format of ['docx', 'html', 'pdf']) {
      const notice = await extractFile(`${RENDITIONS}/${stem}.${format}`);
      expect({ format, title: notice.meta.title, docNumber: notice.meta.docNumber }).toEqual({
        format,
        title: text.meta.title,
        docNumber: text.meta.docNumber,
      });
      // the file name is never the title
      expect(notice.meta.title ?? '').not.toContain(stem);
    }
  });

  it('prefers a title above the salutation, even wrapped over three lines, to an attachment’s below it', () => {
    const lines = [
      '北京市医疗保障局关于印发《北京市医疗保障行',
      '政检查裁量基准》《北京市医疗保障行政强制裁',
      '量基准》的通知',
      '京医保发〔2024〕10号',
      '各区医疗保障局：',
      '现将有关文件印发给你们，请认真贯彻执行。',
      '北京市医疗保障行政检查裁量基准',
    ];
    expect(findTitle(lines, null)).toBe(
      '北京市医疗保障局关于印发《北京市医疗保障行政检查裁量基准》《北京市医疗保障行政强制裁量基准》的通知',
    );
    // without a masthead title, the attachment's caption is still found
    expect(findTitle(lines.slice(3), null)).toBe('北京市医疗保障行政检查裁量基准');
  });
});
