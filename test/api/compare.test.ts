import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from './helpers.ts';

async function seeded() {
  const app = await testApp();
  for (const file of ['000_2cf1152d849efe07.txt', '003_2a9d65f420513247.txt']) {
    const { jobId } = await submitUpload(app, new Uint8Array(readFileSync(`seeds/${file}`)), file);
    await app.runner.wait(jobId);
  }
  return { app, server: await buildServer(app, []) };
}

describe('comparison API', () => {
  it('GET /api/diff compares two regions as `diff --json` does (官渡 items 4–6 only in 官渡)', async () => {
    const { server } = await seeded();
    const response = await server.inject(
      `/api/diff?a=${encodeURIComponent('官渡区')}&b=${encodeURIComponent('北京市')}`,
    );
    expect(response.statusCode).toBe(200);
    const diff = response.json();
    expect(diff.onlyA.map((ref: { seq: number }) => ref.seq)).toEqual(expect.arrayContaining([4, 5, 6]));
    expect(diff.pairs.length).toBeGreaterThanOrEqual(3);
  });

  it('never reads a server-side file named as a side, nor says whether one exists', async () => {
    const { server } = await seeded();
    const asFile = await server.inject(
      '/api/diff?a=seeds/000_2cf1152d849efe07.txt&b=%E5%8C%97%E4%BA%AC%E5%B8%82',
    );
    const existing = await server.inject('/api/diff?a=package.json&b=%E5%8C%97%E4%BA%AC%E5%B8%82');
    const missing = await server.inject('/api/diff?a=no-such-name.json&b=%E5%8C%97%E4%BA%AC%E5%B8%82');
    for (const response of [asFile, existing, missing]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ title: '找不到', code: 'not-found' });
      expect(response.json().detail).toContain('既不是通知编号，也不是知识库中有清单的地区');
    }
  });

  it('GET /api/matrix returns the coverage matrix the pipeline refreshed', async () => {
    const { server } = await seeded();
    const matrix = (await server.inject('/api/matrix')).json();
    expect(matrix.regions.sort()).toEqual(['北京市', '官渡区']);
    expect(matrix.rows.length).toBeGreaterThan(5);
  });
});
