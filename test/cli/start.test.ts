import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServe } from '../../tools/serve-process.ts';

/** `npm start` is `policy-kb start`: ingest seeds/, then serve; SIGTERM stops it cleanly. */
describe('policy-kb start', () => {
  it('ingests the seeds on embedded defaults and serves them over HTTP', async () => {
    const server = startServe(mkdtempSync(join(tmpdir(), 'policy-kb-start-')), { command: 'start' });
    await server.listening;
    expect(server.stderr()).toContain('已入库 5/5 个文件');
    expect(server.stderr()).toContain('本机模式（未设置 POLICY_KB_KEYS）');
    const { notices } = (await (await fetch(`${server.base}/api/notices`)).json()) as {
      notices: { region: string }[];
    };
    expect(notices.map((n) => n.region).sort()).toEqual(['北京市', '官渡区', '山南市', '山西省', '河源市']);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 240_000);
});
