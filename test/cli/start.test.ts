import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm start` is `policy-kb start`: ingest seeds/, then serve; SIGTERM stops it cleanly. */
describe('policy-kb start', () => {
  it('ingests the seeds on embedded defaults and serves them over HTTP', async () => {
    const port = 18_000 + Math.floor(Math.random() * 1000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      POLICY_KB_DATA: mkdtempSync(join(tmpdir(), 'policy-kb-start-')),
    };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    delete env.POLICY_KB_KEYS;
    const child = spawn('node', ['bin/policy-kb.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('listening on')) resolve();
      });
      child.on('exit', () => reject(new Error(`start exited early:\n${stderr}`)));
    });
    expect(stderr).toContain('ingested 5/5 files');
    expect(stderr).toContain('open local mode');
    const { notices } = (await (await fetch(`http://127.0.0.1:${port}/api/notices`)).json()) as {
      notices: { region: string }[];
    };
    expect(notices.map((n) => n.region).sort()).toEqual(['北京市', '官渡区', '山南市', '山西省', '河源市']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
