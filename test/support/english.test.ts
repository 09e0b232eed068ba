import { describe, expect, it } from 'vitest';
import { englishSentences } from './english.ts';

describe('englishSentences', () => {
  it('finds English sentences, alone or among Chinese', () => {
    expect(englishSentences('no catalogue table and no articles found')).toEqual([
      'no catalogue table and no articles found',
    ]);
    expect(englishSentences('原因：noise.bin: file is binary junk。')).toEqual(['file is binary junk']);
    expect(englishSentences('invalid querystring: limit: Too big: expected number to be <=100')).toEqual([
      'invalid querystring limit Too big expected number to be',
    ]);
    expect(englishSentences("Not Found\nthe page you're after does not exist")).toEqual([
      'Not Found',
      "the page you're after does not exist",
    ]);
    expect(englishSentences('Bad Request')).toEqual(['Bad Request']);
    expect(englishSentences('no asset no-such-file.js')).toEqual(['no asset']);
    // code names inside a sentence do not hide it
    expect(englishSentences('an API key is required')).toEqual(['an API key is required']);
    expect(englishSentences('PDF 不完整或已损坏（Invalid PDF structure.）')).toEqual([
      'Invalid PDF structure',
    ]);
  });

  it('passes code names, file names, format names and Chinese', () => {
    for (const text of [
      '下载 DOCX',
      '下载 XLSX / DOCX / CSV',
      'noise.bin',
      'seeds/003_2a9d65f420513247.txt',
      'policy-kb',
      'GET /api/search',
      'POST /api/notices/:id/review',
      '上传角色（upload）可上传并查看队列，只读角色（read）可检索和比较。',
      '未配置 POLICY_KB_KEYS，仅本机可访问',
      '配置 Redis 后此处显示 Bull Board。',
      'Word 文件设有密码',
      'https://legal.example.gov.cn/path?q=1',
      'BullMQ powerType OpenAPI JSON HTML',
      'PDF 格式有误（FormatError）',
      'Word 文件无法读取（TypeError）',
      '5 项 · 0 条 · 需复核',
      '',
    ])
      expect(englishSentences(text), text).toEqual([]);
  });
});
