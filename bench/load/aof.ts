/**
 * What a host crash does to Redis with `appendfsync everysec`: writes of the last second or so
 * were acknowledged but never reached the disk. A plain kill -9 loses nothing (the kernel still
 * holds what Redis wrote), so the experiment takes the AOF's size a second before the kill and
 * cuts the file back to it before Redis starts again (Redis drops a torn last command itself,
 * `aof-load-truncated yes`). The sizes are sampled in a worker thread, so the busy clients on
 * the main thread do not delay the samples.
 */
import { statSync, truncateSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

interface Sample {
  at: number;
  file: string;
  size: number;
}

/** The sampler thread: the current incremental AOF file (from the manifest) and its size. */
const SAMPLER = `
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const dir = join(workerData.redisDir, 'appendonlydir');
setInterval(() => {
  try {
    const manifest = readFileSync(join(dir, 'appendonly.aof.manifest'), 'utf8');
    const name = [...manifest.matchAll(/^file (\\S+) seq \\d+ type i$/gm)].at(-1)?.[1];
    if (name) parentPort.postMessage({ at: Date.now(), file: join(dir, name), size: statSync(join(dir, name)).size });
  } catch {}
}, workerData.everyMs);
`;

/** Samples the size of Redis's current incremental AOF file every `everyMs`. */
export function watchAof(redisDir: string, everyMs = 50) {
  const samples: Sample[] = [];
  const thread = new Worker(SAMPLER, { eval: true, workerData: { redisDir, everyMs } });
  thread.on('message', (sample: Sample) => {
    samples.push(sample);
    if (samples.length > 400) samples.shift();
  });
  thread.unref();
  return {
    /**
     * After Redis was killed: cuts the AOF back to its last size sampled at least `lostMs`
     * before now; the bytes dropped and how long before the cut that sample was taken.
     */
    dropLast(lostMs: number): { bytes: number; ms: number } {
      const latest = samples.at(-1);
      const then = samples.filter((s) => s.at <= Date.now() - lostMs).at(-1);
      if (!latest || !then || then.file !== latest.file) return { bytes: 0, ms: 0 };
      const size = statSync(then.file).size;
      if (then.size >= size) return { bytes: 0, ms: 0 };
      truncateSync(then.file, then.size);
      return { bytes: size - then.size, ms: Date.now() - then.at };
    },
    stop: () => thread.terminate(),
  };
}
