/**
 * Search latency on the embedded server while a pathological upload is parsed (issue: parsing
 * must never run on the thread that answers HTTP). `policy-kb serve` runs in its own process with
 * the five seeds ingested; each run uploads a distinct 19 MB page of 170,000 paragraphs (just under the 20 MiB text cap) (seconds
 * of parsing, almost nothing to index) and searches one query after another until its job ends,
 * counting the searches sent while it was in read or extract (the subject). The baseline is the
 * same searches against the same server with nothing being parsed. Target: p99 under 100 ms.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  proseNotice,
  type ServeProcess,
  searchWhileParsing,
  startServe,
  uploadFile,
  waitForJob,
} from '../../tools/serve-process.ts';
import type { BenchCase, SuiteModule } from '../harness.ts';
import { quantile, selfTimed } from '../harness.ts';

const PARAGRAPHS = 170_000;
const IDLE_SEARCHES = 300;
const MAX_P99_MS = 100;

let server: ServeProcess | undefined;
let dataDir: string | undefined;

async function cases(): Promise<BenchCase[]> {
  dataDir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-isolation-'));
  server = startServe(dataDir, { env: { POLICY_KB_RATE_LIMIT: '0' } });
  await server.listening;
  const base = server.base;
  const seeds = new URL('../../seeds/', import.meta.url);
  for (const name of (await readdir(seeds)).sort()) {
    const jobId = await uploadFile(base, new Uint8Array(await readFile(new URL(name, seeds))), name);
    await waitForJob(base, jobId);
  }
  const whileParsing: number[] = [];
  const idle: number[] = [];
  return [
    {
      name: `search while a ${PARAGRAPHS / 1000}k-paragraph page parses`,
      runs: 3,
      warmup: 0,
      subject: async (run) => {
        const { samples, state } = await searchWhileParsing(
          base,
          proseNotice(PARAGRAPHS, run),
          `prose-${run}.html`,
        );
        if (state !== 'completed') throw new Error(`the pathological page's job ended ${state}`);
        whileParsing.push(...samples);
        return selfTimed(samples);
      },
      baseline: {
        label: 'search, nothing parsing',
        run: async () => {
          const samples: number[] = [];
          for (let i = 0; i < IDLE_SEARCHES; i++) {
            const sent = performance.now();
            await (await fetch(`${base}/api/search?q=${encodeURIComponent('耗材')}`)).json();
            samples.push(performance.now() - sent);
          }
          idle.push(...samples);
          return selfTimed(samples);
        },
      },
      budget: { maxP99Ms: MAX_P99_MS },
      notes: () => ({
        'p99 while parsing ms': Number(quantile(whileParsing, 0.99).toFixed(2)),
        'p99 idle ms': Number(quantile(idle, 0.99).toFixed(2)),
        'searches while parsing': whileParsing.length,
        target: `p99 < ${MAX_P99_MS} ms`,
      }),
    },
  ];
}

export default {
  description: 'search latency on the embedded server while a pathological upload is parsed, vs idle',
  cases,
  async teardown() {
    server?.child.kill('SIGTERM');
    await server?.exited;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
} satisfies SuiteModule;
