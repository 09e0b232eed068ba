import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Resolves once the server says it is listening; rejects if it exits first. */
  listening: Promise<void>;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
  /** Everything the process wrote to stderr so far (its log). */
  stderr(): string;
}

/**
 * `policy-kb serve` (or `start`: ingest seeds/, then serve) in a process of its own, on embedded
 * defaults (no Redis, PostgreSQL, Meilisearch or keys) over the data directory `data`: `start`
 * is what `npm start` runs, `serve` the same minus the seeds.
 *
 * The port is random in 19000–19999 unless given: `startServe` answers `base` at once (callers
 * start it at a module's top level), so it cannot await bench/load/procs.ts `freePort`, which
 * only finds a port free at that moment anyway; a caller that wants one passes `port`.
 */
export function startServe(
  data: string,
  options: { port?: number; env?: NodeJS.ProcessEnv; command?: 'serve' | 'start' } = {},
): ServeProcess {
  const command = options.command ?? 'serve';
  const port = options.port ?? 19_000 + Math.floor(Math.random() * 1000);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), POLICY_KB_DATA: data, ...options.env };
  for (const name of ['REDIS_URL', 'DATABASE_URL', 'MEILI_HOST', 'POLICY_KB_KEYS']) delete env[name];
  const child = spawn('node', ['bin/policy-kb.js', command], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('提供服务')) resolve();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`${command} exited (${code ?? signal}):\n${stderr}`)),
    );
  });
  return { child, base: `http://127.0.0.1:${port}`, listening, exited, stderr: () => stderr };
}

/** Uploads one file as `POST /api/notices` does from any tool; the job id of the 202. */
export async function uploadFile(base: string, bytes: Uint8Array, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${base}/api/notices`, { method: 'POST', body: form });
  if (response.status !== 202) throw new Error(`${name}: HTTP ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { jobId: string }).jobId;
}

export interface JobAnswer {
  state: string;
  progress: { stage: string | null };
  error?: string;
}

export async function jobOf(base: string, jobId: string): Promise<JobAnswer> {
  const response = await fetch(`${base}/api/jobs/${jobId}`);
  if (!response.ok) throw new Error(`job ${jobId}: HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as JobAnswer;
}

/** Polls a job every 50 ms until it has completed (its answer); throws if it failed, with its error. */
export async function waitForJob(base: string, jobId: string): Promise<JobAnswer> {
  for (;;) {
    const job = await jobOf(base, jobId);
    if (job.state === 'completed') return job;
    if (job.state === 'failed') throw new Error(`job ${jobId} failed: ${job.error ?? '(no error given)'}`);
    await sleep(50);
  }
}

/**
 * A page that costs seconds to parse and yields almost nothing: `paragraphs` paragraphs of prose
 * (no table, no article), all children of one element. `variant` makes the bytes distinct.
 */
export function proseNotice(paragraphs: number, variant = 0): Uint8Array {
  const body = Array.from(
    { length: paragraphs },
    (_, i) => `<p>各定点医药机构要切实加强医疗保障基金使用管理，规范诊疗行为，第${i}段。</p>`,
  );
  return new TextEncoder().encode(
    `<html><body><h1>某市医疗保障局关于加强基金监管的通知（${variant}）</h1>${body.join('')}</body></html>`,
  );
}

/**
 * Uploads `bytes` and, until its job has finished, searches one query after another while a
 * second client follows the job; returns the latency of every search sent while the job was
 * parsing (from the first answer that showed stage read or extract to the first that showed a
 * later stage), and the job's final state. A search the parse holds up counts with its full wait.
 */
export async function searchWhileParsing(
  base: string,
  bytes: Uint8Array,
  fileName: string,
  query = '耗材',
): Promise<{ samples: number[]; state: string }> {
  const jobId = await uploadFile(base, bytes, fileName);
  let parseFrom = Number.POSITIVE_INFINITY;
  let parseTo = Number.POSITIVE_INFINITY;
  let state = 'waiting';
  const follow = async () => {
    while (state !== 'completed' && state !== 'failed') {
      const job = await jobOf(base, jobId);
      const parsing =
        job.state === 'active' && (job.progress.stage === 'read' || job.progress.stage === 'extract');
      const at = performance.now();
      if (parsing) parseFrom = Math.min(parseFrom, at);
      else if (parseFrom < at && parseTo === Number.POSITIVE_INFINITY) parseTo = at;
      state = job.state;
      // A short pause between polls, so that following the job does not load the server measured.
      if (state !== 'completed' && state !== 'failed') await sleep(20);
    }
  };
  const searches: { sent: number; ms: number }[] = [];
  const search = async () => {
    while (state !== 'completed' && state !== 'failed') {
      const sent = performance.now();
      const response = await fetch(`${base}/api/search?q=${encodeURIComponent(query)}`);
      if (!response.ok) throw new Error(`search: HTTP ${response.status}: ${await response.text()}`);
      await response.json();
      searches.push({ sent, ms: performance.now() - sent });
    }
  };
  await Promise.all([follow(), search()]);
  const samples = searches.filter((s) => s.sent >= parseFrom && s.sent < parseTo).map((s) => s.ms);
  return { samples, state };
}
