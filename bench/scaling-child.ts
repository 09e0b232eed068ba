/**
 * One measurement of the scaling benchmark, in a process of its own so that its peak RSS is the
 * input's alone: `node --import tsx bench/scaling-child.ts <warm-up file> <file>` extracts the
 * warm-up file first (loading the format's reader and warming the JIT, so a fixed start-up cost
 * does not count as per-MB time), then the file (read → extract, as the parsing stages do), and
 * prints `{ ms, maxRssMb, items }` of the second on stdout.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { extractBytes } from '../src/extract/from-file.ts';

const [warmUp, file] = process.argv.slice(2);
if (!warmUp || !file) throw new Error('usage: bench/scaling-child.ts <warm-up file> <file>');
await extractBytes(new Uint8Array(await readFile(warmUp)), basename(warmUp));
const bytes = new Uint8Array(await readFile(file));
const started = performance.now();
const notice = await extractBytes(bytes, basename(file));
const ms = performance.now() - started;
const items = notice.tables.reduce((sum, table) => sum + table.items.length, 0);
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, items })}\n`);
