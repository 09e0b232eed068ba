/**
 * Time and peak memory per input MB, from 0.1 MB to 19 MB (text and web pages are refused over 20 MiB), for each format (txt, html, docx,
 * pdf): a catalogue of the same kind at every size (bench/scaling-inputs.ts), read and extracted
 * (the parsing stages) in a fresh process each time (bench/scaling-child.ts), so its peak RSS is
 * that input's, after a warm-up extraction of a 20 KB input of the same format. Each case is one size; its baseline is the 0.1 MB input of the same format, run
 * in the same iterations, so the ratio column is the growth of the time per MB. Target: flat —
 * the largest input's time per MB at most 2× the smallest's (`maxOverheadPct: 100`). A point
 * that runs out of memory or time fails its case with the reason in the notes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase, SuiteModule } from '../harness.ts';
import { selfTimed } from '../harness.ts';
import { type ScalingFormat, scalingInput } from '../scaling-inputs.ts';

const FORMATS: ScalingFormat[] = ['txt', 'html', 'docx', 'pdf'];
const SIZES_MB = [1, 5, 19];
const SMALLEST_MB = 0.1;
/** Heap of one measuring process, MB: beyond it the point fails (as the parse thread would). */
const CHILD_HEAP_MB = 2048;
/** Longest a point may run. */
const CHILD_TIMEOUT_MS = 180_000;
const MB = 1024 * 1024;

interface Point {
  ms: number;
  maxRssMb: number;
  items: number;
}

let dir: string | undefined;

function measure(warmUp: string, file: string): Promise<Point> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', 'bench/scaling-child.ts', warmUp, file],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(JSON.parse(out) as Point);
      const reason = /heap out of memory|Reached heap limit|Allocation failed/.test(err)
        ? `out of memory (heap ${CHILD_HEAP_MB} MB)`
        : signal === 'SIGTERM'
          ? `stopped after ${CHILD_TIMEOUT_MS / 1000} s`
          : (/^\w*Error: .*$/m.exec(err)?.[0] ?? `exit ${code ?? signal}`);
      reject(new Error(reason));
    });
  });
}

async function cases(): Promise<BenchCase[]> {
  dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-scaling-'));
  const out: BenchCase[] = [];
  for (const format of FORMATS) {
    const warmFile = join(dir, `warm.${format}`);
    await writeFile(warmFile, await scalingInput(format, 0.02));
    const smallFile = join(dir, `small.${format}`);
    const small = await scalingInput(format, SMALLEST_MB);
    await writeFile(smallFile, small);
    const smallMb = small.length / MB;
    for (const size of SIZES_MB) {
      const file = join(dir, `${size}mb.${format}`);
      const bytes = await scalingInput(format, size);
      await writeFile(file, bytes);
      const inputMb = bytes.length / MB;
      let point: Point | undefined;
      let smallPoint: Point | undefined;
      out.push({
        name: `${format} ${size} MB, ms per MB`,
        runs: 1,
        warmup: 0,
        subject: async () => {
          point = await measure(warmFile, file);
          return selfTimed([point.ms / inputMb]);
        },
        baseline: {
          label: `${format} ${SMALLEST_MB} MB`,
          run: async () => {
            smallPoint = await measure(warmFile, smallFile);
            return selfTimed([smallPoint.ms / smallMb]);
          },
        },
        budget: { maxOverheadPct: 100 },
        notes: () => ({
          'input MB': Number(inputMb.toFixed(2)),
          ms: Math.round(point?.ms ?? Number.NaN),
          items: point?.items ?? 0,
          'peak RSS MB': Math.round(point?.maxRssMb ?? Number.NaN),
          [`peak RSS MB at ${SMALLEST_MB} MB`]: Math.round(smallPoint?.maxRssMb ?? Number.NaN),
          'RSS growth per input MB': Number(
            (
              ((point?.maxRssMb ?? Number.NaN) - (smallPoint?.maxRssMb ?? Number.NaN)) /
              (inputMb - smallMb)
            ).toFixed(1),
          ),
        }),
      });
    }
  }
  return out;
}

export default {
  description: 'time and peak RSS per input MB from 0.1 to 19 MB, per format (flat: ≤ 2× per MB)',
  cases,
  async teardown() {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
} satisfies SuiteModule;
