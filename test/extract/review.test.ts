import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../src/extract/from-file.ts';

const extract = (text: string) => extractBytes(new TextEncoder().encode(text), 'notice.txt');

describe('catalogue evidence', () => {
  it('names the source line of a header that gave no rows, blank lines counted', async () => {
    const text = [
      '某县医疗保障局关于公布行政检查事项的通知',
      '',
      '各有关单位：',
      '',
      '现将有关事项通知如下。',
      '',
      '',
      '序号 事项名称 检查对象 实施依据',
      '',
      '附件略。',
    ].join('\n');
    const notice = await extract(text);
    const warning = notice.warnings.find((w) => w.code === 'catalogue-without-rows');
    expect(warning?.line).toBe(8);
    expect(warning?.message).toContain('第 8 行');
    expect(notice.review.reasons).toContain('catalogue-without-rows');
  });

  it('takes no line of prose for a header', async () => {
    const notice = await extract('通知\n\n序号为本单位内部编号，由部门确定。\n');
    expect(notice.warnings.map((w) => w.code)).not.toContain('catalogue-without-rows');
  });
});
