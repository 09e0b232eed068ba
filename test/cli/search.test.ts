import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `policy-kb ingest`, `reindex` and `search` as a user runs them, on embedded defaults. */
describe('policy-kb search and reindex', () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POLICY_KB_DATA: mkdtempSync(join(tmpdir(), 'policy-kb-cli-')),
  };
  for (const name of ['REDIS_URL', 'DATABASE_URL', 'MEILI_HOST', 'POLICY_KB_KEYS']) delete env[name];
  const run = (...args: string[]) =>
    spawnSync('node', ['bin/policy-kb.js', ...args], { env, encoding: 'utf8' });

  it('rebuilds the index from the store and searches it, as JSON and for people', () => {
    expect(run('ingest', 'seeds').status).toBe(0);
    const reindexed = run('reindex', '--json');
    expect(reindexed.status, reindexed.stderr).toBe(0);
    expect(JSON.parse(reindexed.stdout)).toMatchObject({ index: 'embedded', indexed: 5, documents: 93 });

    const json = run('search', '价格', '--region', '云南省', '--json');
    expect(json.status, json.stderr).toBe(0);
    const { hits } = JSON.parse(json.stdout) as { hits: Record<string, unknown>[] };
    expect(hits.map((h) => h.seq).sort()).toEqual([4, 5]);
    for (const hit of hits)
      expect(hit).toMatchObject({
        kind: 'item',
        region: '官渡区',
        noticeId: expect.any(String),
        title: expect.any(String),
        snippet: expect.stringContaining('<mark>'),
      });

    const people = run('search', '举报奖励', '--limit', '1');
    expect(people.stdout).toMatch(
      /^1\. \[事项\] 山南市 · 对举报欺诈骗取医疗保障基金行为的奖励\n {3}.*【举报奖励】/,
    );
    expect(people.stdout).toMatch(/共 \d+ 条结果，显示 1 条/);
  }, 240_000);

  it('refuses bad options with one clear line', () => {
    const bad = run('search', '价格', '--power-type', '行政许可证');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--power-type 须是');
    expect(run('search').stderr).toContain('请给出检索词');
  });
});
