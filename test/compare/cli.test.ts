import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeStore } from '../../src/store/types.ts';
import { cli, seededDataDir } from './kb.ts';

let dir: string;
let store: NoticeStore;

beforeAll(async () => {
  ({ dir, store } = await seededDataDir());
});
afterAll(async () => {
  await store.close();
});

/** The CONTRACT.md shape of `diff --json`, checked field by field. */
function expectContractShape(result: Record<string, unknown>) {
  const ref = { table: expect.any(Number), seq: expect.any(Number), name: expect.any(String) };
  expect(result).toMatchObject({
    pairs: expect.any(Array),
    onlyA: expect.any(Array),
    onlyB: expect.any(Array),
  });
  for (const pair of result.pairs as Record<string, unknown>[]) {
    expect(pair).toMatchObject({ a: ref, b: ref, score: expect.any(Number), differences: expect.any(Array) });
    for (const d of pair.differences as Record<string, unknown>[])
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['field', 'a', 'b']));
  }
  for (const only of [...(result.onlyA as unknown[]), ...(result.onlyB as unknown[])])
    expect(only).toMatchObject(ref);
}

describe('policy-kb diff', () => {
  it('--json on two files: exactly one JSON document in the contract shape', async () => {
    const { code, stdout, stderr } = await cli(
      null,
      'diff',
      'seeds/003_2a9d65f420513247.txt',
      'seeds/000_2cf1152d849efe07.txt',
      '--json',
    );
    expect([code, stderr]).toEqual([0, '']);
    const result = JSON.parse(stdout);
    expectContractShape(result);
    expect(result.onlyA.map((r: { seq: number }) => r.seq)).toEqual([4, 5, 6, 7]);
    expect(result.onlyB).toEqual([
      expect.objectContaining({ table: 1, seq: 1 }),
      expect.objectContaining({ table: 1, seq: 2 }),
    ]);
  });

  it('--json on two regions of the knowledge base: their current catalogues, notices listed', async () => {
    const { code, stdout } = await cli(dir, 'diff', '官渡区', '北京', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expectContractShape(result);
    expect(result.a).toMatchObject({
      kind: 'region',
      label: '官渡区',
      notices: [{ region: '官渡区', firstTable: 0, tables: 1 }],
    });
    expect(result.b.notices).toEqual([expect.objectContaining({ region: '北京市', version: 1, tables: 2 })]);
    expect(result.pairs.map((p: { a: { seq: number }; b: { seq: number } }) => [p.a.seq, p.b.seq])).toEqual([
      [1, 1],
      [2, 3],
      [3, 2],
    ]);
    expect(result.citations.some((c: { status: string }) => c.status === 'article-not-found')).toBe(true);
  });

  it('takes in the regions under a province: 云南省 is 官渡区', async () => {
    const { code, stdout } = await cli(dir, 'diff', '云南省', '北京市', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).a.notices[0].region).toBe('官渡区');
  });

  it('prints readable text by default', async () => {
    const { code, stdout } = await cli(dir, 'diff', '官渡区', '北京市');
    expect(code).toBe(0);
    expect(stdout).toContain('== 仅官渡区列有（4）');
    expect(stdout).toContain('表1·第4项 对药品、医用耗材价格进行监督检查【行政检查】');
    expect(stdout).toContain('第七十五条：条号不存在');
  });

  it('refuses what names nothing, and xlsx/docx without --out, with one line on stderr', async () => {
    const unknown = await cli(dir, 'diff', '火星市', '北京市', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^policy-kb: 火星市: 既不是文件、通知编号，也不是知识库中有清单的地区（现有地区：.*北京市.*）\n$/,
    );
    const noOut = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'xlsx');
    expect([noOut.code, noOut.stderr]).toEqual([
      2,
      'policy-kb diff：--format xlsx 需要 --out <文件>（policy-kb diff --help 查看用法）\n',
    ]);
    const badFormat = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'pdf');
    expect(badFormat.code).toBe(2);
  });
});

describe('policy-kb matrix', () => {
  it('--json: the coverage matrix of the current catalogues, stored for the next reader', async () => {
    const { code, stdout } = await cli(dir, 'matrix', '--json');
    expect(code).toBe(0);
    const matrix = JSON.parse(stdout);
    expect(matrix.regions).toEqual(['北京市', '官渡区', '山南市']);
    expect(matrix.rows).toHaveLength(16);
    expect(await store.getDerived('compare.matrix')).toEqual(matrix);
  });

  it('prints a grid as text and a Markdown table with --format md', async () => {
    const text = await cli(dir, 'matrix');
    expect(text.stdout).toMatch(/16 项执法职权 × 3 个地区/);
    expect(text.stdout).toMatch(/编号\s+职权类型\s+执法职权\s+北京市\s+官渡区\s+山南市/);
    const md = await cli(dir, 'matrix', '--format', 'md');
    expect(md.stdout).toContain('| 编号 | 执法职权 | 职权类型 | 地区数 | 北京市 | 官渡区 | 山南市 |');
  });
});
