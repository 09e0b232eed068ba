/**
 * The system under load, started from scratch in a temporary directory: our own Redis (AOF,
 * appendfsync everysec as in docker-compose.yml), the API and two workers as child processes,
 * and the faults the experiment injects into them. Everything is stopped by pid on `stop()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchAof } from './aof.ts';
import { freePort, type Proc, runCli, startPolicyKb, startRedis, stopProc } from './procs.ts';

export interface Cluster {
  dir: string;
  baseUrl: string;
  redisUrl: string;
  uploadKey: string;
  readKey: string;
  /** The environment the API, the workers and CLI commands run with. */
  env: NodeJS.ProcessEnv;
  /** What happened when, in ms since `start`. */
  timeline: { atMs: number; event: string }[];
  killWorker(): Promise<void>;
  /** kill -9 Redis, drop the last `lostMs` of its AOF (a host crash under everysec), start it again after `downMs`. */
  restartRedis(downMs: number, lostMs: number): Promise<{ bytes: number; ms: number }>;
  indexOutage(ms: number): Promise<void>;
  cli(args: string[]): ReturnType<typeof runCli>;
  /** Waits for a line matching `pattern` in a worker's log; its match. */
  workerLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  stop(keep: boolean): Promise<void>;
}

export async function startCluster(
  dir: string,
  options: { workers: number; started: number },
): Promise<Cluster> {
  const paths = { redis: join(dir, 'redis'), data: join(dir, 'data'), logs: join(dir, 'logs') };
  for (const path of Object.values(paths)) mkdirSync(path, { recursive: true });
  const faultFile = join(dir, 'index-down');
  const [redisPort, apiPort] = [await freePort(), await freePort()];
  const uploadKey = randomBytes(16).toString('hex');
  const readKey = randomBytes(16).toString('hex');
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(apiPort),
    REDIS_URL: redisUrl,
    POLICY_KB_DATA: paths.data,
    POLICY_KB_KEYS: `upload:${uploadKey},read:${readKey}`,
    POLICY_KB_RATE_LIMIT: '0',
    POLICY_KB_INDEX_FAULT_FILE: faultFile,
  };
  const timeline: Cluster['timeline'] = [];
  const note = (event: string) => {
    timeline.push({ atMs: Date.now() - options.started, event });
    process.stderr.write(`load: ${((Date.now() - options.started) / 1000).toFixed(1)} s ${event}\n`);
  };

  let redis: Proc = await startRedis(redisPort, paths.redis, paths.logs);
  const aof = watchAof(paths.redis);
  const procs: Proc[] = [];
  let workerCount = 0;
  const startWorker = async () => {
    const proc = await startPolicyKb(
      `worker-${++workerCount}`,
      ['worker', '--concurrency', '2'],
      env,
      paths.logs,
    );
    procs.push(proc);
    note(`${proc.name} ready (pid ${proc.child.pid})`);
    return proc;
  };
  const workers: Proc[] = [];
  try {
    const api = await startPolicyKb('api', ['serve'], env, paths.logs);
    procs.push(api);
    note(`redis (pid ${redis.child.pid}, port ${redisPort}) and api (pid ${api.child.pid}) ready`);
    for (let i = 0; i < options.workers; i++) workers.push(await startWorker());
  } catch (error) {
    // Nothing of ours is left running; the logs stay in `dir`.
    for (const proc of [...procs, redis]) await stopProc(proc, 'SIGKILL');
    await aof.stop();
    throw new Error(`${(error as Error).message} (logs in ${paths.logs})`, { cause: error });
  }

  return {
    dir,
    baseUrl: `http://127.0.0.1:${apiPort}`,
    redisUrl,
    uploadKey,
    readKey,
    env,
    timeline,
    async killWorker() {
      const victim = workers.shift();
      if (!victim) return;
      note(`kill -9 ${victim.name} (pid ${victim.child.pid})`);
      await stopProc(victim, 'SIGKILL');
      workers.push(await startWorker());
    },
    async restartRedis(downMs, lostMs) {
      note(`kill -9 redis (pid ${redis.child.pid}); down for ${downMs} ms`);
      await stopProc(redis, 'SIGKILL');
      const dropped = aof.dropLast(lostMs);
      note(
        `cut the AOF back to ${dropped.ms} ms before the kill (${dropped.bytes} bytes), as a host crash would`,
      );
      await sleep(downMs);
      redis = await startRedis(redisPort, paths.redis, paths.logs);
      note(`redis restarted from its AOF (pid ${redis.child.pid})`);
      return dropped;
    },
    async indexOutage(ms) {
      writeFileSync(faultFile, 'index down\n');
      note(`index outage starts (${ms} ms)`);
      await sleep(ms);
      rmSync(faultFile, { force: true });
      note('index outage ends');
    },
    cli: (args) => runCli(args, env),
    async workerLine(pattern, timeoutMs) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
        for (const name of readdirSync(paths.logs).filter((n) => n.startsWith('worker-'))) {
          const match = pattern.exec(readFileSync(join(paths.logs, name), 'utf8'));
          if (match) return match;
        }
      }
      throw new Error(`no worker logged ${pattern} in ${timeoutMs} ms`);
    },
    async stop(keep) {
      await aof.stop();
      for (const proc of procs.reverse()) await stopProc(proc, 'SIGTERM');
      await stopProc(redis, 'SIGTERM');
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
