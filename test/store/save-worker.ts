/**
 * A separate process saving the same uploads as its siblings into one file store (run by
 * file-lock.test.ts with `node --import tsx`): argv = store directory. Says `ready`, waits for a
 * line on stdin (so that all siblings start together), then prints how many records it created.
 */
import { once } from 'node:events';
import { createFileStore } from '../../src/store/file-store.ts';
import { loadUploads, save, variant } from './fixtures.ts';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: save-worker.ts <store dir>');
const up = await loadUploads();
const uploads = [
  ...['a1', 'a2', 'a3'].map((label, i) => variant(up.first, label, `2024-0${i + 1}-01`)),
  // other issue dates: other content, so each is a version (the same content would be a rendition)
  ...['b1', 'b2'].map((label, i) => variant(up.other, label, `2024-1${i}-01`)),
];
const store = createFileStore(dir);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const results = await Promise.all([...uploads, ...uploads].map((u) => save(store, u)));
await store.close();
process.stdout.write(`${results.filter((r) => r.created).length}\n`);
process.stdin.destroy();
