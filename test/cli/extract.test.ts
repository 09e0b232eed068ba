import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.ts';

const run = (...argv: string[]) => runCliInProcess(argv);

const scratch = mkdtempSync(join(tmpdir(), 'policy-kb-cli-'));
function scratchFile(name: string, bytes: Uint8Array | string): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

describe('policy-kb extract', () => {
  it('prints exactly one JSON document in the contract shape with --json', async () => {
    const { code, stdout, stderr } = await run('extract', 'seeds/003_2a9d65f420513247.txt', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const notice = JSON.parse(stdout);
    expect(notice.meta).toMatchObject({
      issuer: '昆明市官渡区医疗保障局',
      region: { name: '官渡区', level: 'county', code: '530111' },
    });
    const item = notice.tables[0].items[1];
    expect(Object.keys(item)).toEqual(
      expect.arrayContaining(['seq', 'name', 'powerType', 'targets', 'levels', 'citations']),
    );
    expect(item.citations[2]).toMatchObject({
      law: '医疗机构医疗保障定点管理暂行办法',
      article: 47,
      paragraph: 2,
    });
  });

  it('prints the tables as aligned text by default', async () => {
    const { code, stdout } = await run('extract', 'seeds/000_2cf1152d849efe07.txt');
    expect(code).toBe(0);
    expect(stdout).toContain('表1：北京市医疗保障行政检查裁量基准（行政检查，事项清单）');
    expect(stdout).toMatch(/序号\s+事项名称\s+职权类型/);
  });

  it.each([
    ['empty.txt', '', /empty\.txt: 文件是空的$/],
    ['junk.txt', new Uint8Array(4096).map((_, i) => (i * 37) % 256), /junk\.txt: .*二进制/],
    [
      'truncated.pdf',
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog',
      /truncated\.pdf: .*(不完整|损坏|格式有误|无法解析)/,
    ],
    ['report.docx', 'PK\u0003\u0004 not really a zip', /report\.docx: /],
  ])('exits non-zero with one line naming the file and the problem: %s', async (name, bytes, message) => {
    const { code, stdout, stderr } = await run('extract', scratchFile(name, bytes), '--json');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('says so when the file does not exist', async () => {
    const { code, stderr } = await run('extract', 'nowhere/missing.txt');
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe('policy-kb: nowhere/missing.txt: 没有这个文件');
  });

  it('runs as `npx policy-kb` through the bin shim', async () => {
    const { stdout } = await promisify(execFile)('node', [
      'bin/policy-kb.js',
      'extract',
      'seeds/002_5de5b9fc519ac159.txt',
      '--json',
    ]);
    expect(JSON.parse(stdout).articles).toHaveLength(14);
  });
});
