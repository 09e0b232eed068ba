import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobView } from '../../schemas/job.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import { startServe, uploadFile, waitForJob } from '../../tools/serve-process.ts';

/** Twenty counties and districts of two cities; each gets ten distinct versions of one catalogue. */
const REGIONS = [
  ...[
    '五华区',
    '盘龙区',
    '西山区',
    '呈贡区',
    '晋宁区',
    '东川区',
    '安宁市',
    '宜良县',
    '嵩明县',
    '富民县',
    '石林彝族自治县',
  ].map((county): [string, string] => ['昆明市', county]),
  ...['麒麟区', '沾益区', '马龙区', '陆良县', '师宗县', '罗平县', '富源县', '会泽县', '宣威市'].map(
    (county): [string, string] => ['曲靖市', county],
  ),
];
const UPLOADS = 200;
const AT_ONCE = 10;

/** Upload `i`: a real catalogue re-headed for one region, made distinct by a dated line. */
function upload(i: number): { name: string; bytes: Uint8Array; region: string } {
  const [city, region] = REGIONS[i % REGIONS.length] as [string, string];
  const text = readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8').replaceAll(
    '昆明市官渡区',
    city + region,
  );
  return {
    name: `${region}-${i}.txt`,
    bytes: new TextEncoder().encode(`${text}\n第${i + 1}次修订\n`),
    region,
  };
}

/**
 * Sends the pending uploads, `AT_ONCE` at a time, until `killAt` have been accepted in all; the
 * upload that reaches it kills the server with SIGKILL while the others are still in flight. An
 * upload that got no 202 goes back to the pending list, to be sent again after the restart.
 */
async function uploadUntil(
  base: string,
  server: ChildProcess,
  pending: number[],
  accepted: Map<number, string>,
  killAt: number,
): Promise<void> {
  const sender = async () => {
    for (let i = pending.shift(); i !== undefined; i = pending.shift()) {
      if (accepted.size >= killAt) {
        pending.unshift(i);
        return;
      }
      const { name, bytes } = upload(i);
      try {
        // Throws on any answer but a 202, and on no answer at all (the server killed).
        accepted.set(i, await uploadFile(base, bytes, name));
        if (accepted.size === killAt && killAt < UPLOADS) server.kill('SIGKILL');
      } catch (error) {
        if (!server.killed) throw error;
        pending.push(i);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, sender));
}

describe('a server killed with SIGKILL mid-upload', () => {
  it('loses no accepted upload: after restarts every one is stored once, indexed, and no job is left hanging', async () => {
    const port = 19_000 + Math.floor(Math.random() * 1000);
    const base = `http://127.0.0.1:${port}`;
    const data = mkdtempSync(join(tmpdir(), 'policy-kb-crash-'));
    const pending = Array.from({ length: UPLOADS }, (_, i) => i);
    const accepted = new Map<number, string>();

    // Two kills at random points: somewhere in the first half of the uploads, then in the second.
    const kills = [20 + Math.floor(Math.random() * 70), 110 + Math.floor(Math.random() * 70)];
    console.info(`killing the server after ${kills.join(' and ')} accepted uploads`);
    for (const killAt of [...kills, UPLOADS]) {
      const server = startServe(data, { port, env: { POLICY_KB_RATE_LIMIT: '0' } });
      await server.listening;
      await uploadUntil(base, server.child, pending, accepted, killAt);
      if (killAt < UPLOADS) {
        await server.exited;
        continue;
      }
      // Last run: wait until every accepted upload's job has finished, then stop cleanly.
      // (waitForJob throws, naming the job and its error, if one failed.)
      for (const jobId of accepted.values()) {
        const { state } = await waitForJob(base, jobId);
        expect(state).not.toBe('failed');
      }
      for (const [, region] of REGIONS) {
        const { hits } = (await (
          await fetch(
            `${base}/api/search?q=${encodeURIComponent('监督检查')}&region=${encodeURIComponent(region)}`,
          )
        ).json()) as { hits: { region: string }[] };
        expect(hits.length, region).toBeGreaterThan(0);
      }
      server.child.kill('SIGTERM');
      await server.exited;
    }

    expect(accepted.size).toBe(UPLOADS);
    const store = createFileStore(join(data, 'store'));
    const records = await store.listNotices();
    // Each accepted upload became exactly one version, and versions stay 1..n with one current.
    const shas = records.map((r) => r.sha256);
    expect(new Set(shas).size).toBe(shas.length);
    const originals = await store.listOriginals();
    for (const i of accepted.keys()) {
      const sha = originals.find((o) => o.fileName === upload(i).name)?.sha256;
      expect(sha && (await store.findBySha(sha)), upload(i).name).toBeTruthy();
    }
    expect(records).toHaveLength(UPLOADS);
    for (const id of new Set(records.map((r) => r.id))) {
      const versions = await store.listVersions(id);
      expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
      expect(versions.filter((v) => v.current)).toHaveLength(1);
    }
    // No job left waiting or running, no lease, no half-written file.
    const jobsDir = join(data, 'jobs');
    const jobs = readdirSync(jobsDir).filter((f) => f.endsWith('.json'));
    const states = jobs.map((f) => JobView.parse(JSON.parse(readFileSync(join(jobsDir, f), 'utf8'))).state);
    expect(new Set(states)).toEqual(new Set(['completed']));
    const leftovers = readdirSync(data, { recursive: true })
      .map(String)
      .filter((f) => /\.(tmp|owner)$/.test(f));
    expect(leftovers).toEqual([]);
  }, 300_000);
});
