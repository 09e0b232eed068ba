import { describe, expect, it } from 'vitest';
import { SPECS } from '../../src/cli/specs.ts';
import { runCliInProcess } from '../support/cli.ts';

const run = (...argv: string[]) => runCliInProcess(argv);

describe('policy-kb --help and exit codes', () => {
  it('answers --help for every command without running it, from the options the parser uses', async () => {
    for (const [name, spec] of Object.entries(SPECS)) {
      // serve --help must not start a server: it would never return
      const { code, stdout, stderr } = await run(name, '--help');
      expect([name, code, stderr]).toEqual([name, 0, '']);
      expect(stdout).toMatch(new RegExp(`^用法：policy-kb ${name}`));
      for (const option of Object.keys(spec.options))
        expect(stdout, `${name} --${option}`).toContain(`--${option}`);
      expect((await run(name, '-h')).stdout).toBe(stdout);
    }
    const top = await run('--help');
    expect(top.code).toBe(0);
    for (const name of Object.keys(SPECS)) expect(top.stdout).toContain(`  ${name}`);
    expect(top.stdout).toContain('退出码：0 完成；1 有文件或任务失败；2 用法错误；70 内部错误。');
  });

  it('exits 2 with one Chinese line for usage errors, 1 for a file that failed', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /^用法：policy-kb <命令>/],
      [['frobnicate'], 2, /^policy-kb：没有“frobnicate”这个命令/],
      [
        ['extract', '--bogus'],
        2,
        /^policy-kb extract：没有 --bogus 这个选项（policy-kb extract --help 查看用法）$/,
      ],
      [['extract'], 2, /^policy-kb extract：请给出一个文件/],
      [['diff', 'a'], 2, /^policy-kb diff：请给出两个文件/],
      [['search', '价格', '--limit', '500'], 2, /^policy-kb search：--limit 须是 1 到 100 的整数/],
      [['matrix', '--format', 'pdf'], 2, /^policy-kb matrix：--format 须是/],
      [['extract', 'nowhere/missing.txt'], 1, /^policy-kb: nowhere\/missing\.txt: /],
    ];
    for (const [argv, code, message] of cases) {
      const result = await run(...argv);
      expect([argv.join(' '), result.code]).toEqual([argv.join(' '), code]);
      expect(result.stderr.split('\n')[0]).toMatch(message);
    }
  });
});
