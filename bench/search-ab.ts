/**
 * This checkout's embedded search against another checkout's, in one process, query by query
 * (the order of the two flipped at random each time), so both see the same machine: on a shared
 * machine two separate runs minutes apart differ by more than most changes. Both sides run their
 * compiled `dist/` (`npm run build` in each). Same synthetic items and 1,000 mixed queries as the
 * search-peers suite (top 20, no facets unless `facets` is given), `rounds` passes after a warm one.
 *
 *   node --import tsx bench/search-ab.ts <other checkout> [items = 1000] [rounds = 10] [facets]
 *
 * For a change's before and after: `git worktree add /tmp/before <commit>`, link node_modules,
 * build there, then run this from the after side. Prints p50/p95/p99 of each side.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SearchIndex } from '../src/search/types.ts';
import { quantile } from './harness.ts';
import { mixedQueries, syntheticRecords, vocabulary } from './synthetic.ts';

type Open = (dir: string) => Promise<SearchIndex>;

const [other, itemsArg = '1000', roundsArg = '10', facetsArg] = process.argv.slice(2);
if (!other) {
  console.error('用法：node --import tsx bench/search-ab.ts <另一个检出目录> [条目数] [轮数] [facets]');
  process.exit(2);
}
const adapterOf = async (checkout: string): Promise<Open> =>
  (await import(pathToFileURL(join(resolve(checkout), 'dist/src/search/embedded/adapter.js')).href))
    .createEmbeddedIndex as Open;
const sides = [
  { label: 'this', open: await adapterOf(join(import.meta.dirname, '..')), samples: [] as number[] },
  { label: 'other', open: await adapterOf(other), samples: [] as number[] },
];
const vocab = await vocabulary();
const records = syntheticRecords(Number(itemsArg), vocab);
const queries = mixedQueries(vocab, 1000);
const dirs: string[] = [];
const indexes: SearchIndex[] = [];
for (const side of sides) {
  const dir = await mkdtemp(join(tmpdir(), `policy-kb-search-ab-${side.label}-`));
  dirs.push(dir);
  const index = await side.open(dir);
  for (let i = 0; i < records.length; i += 100) await index.indexNotices(records.slice(i, i + 100));
  indexes.push(index);
}
const rounds = Number(roundsArg);
for (let round = 0; round <= rounds; round++) {
  for (const q of queries) {
    const options = { region: q.region, powerType: q.powerType, limit: 20, facets: facetsArg === 'facets' };
    const order = Math.random() < 0.5 ? [0, 1] : [1, 0];
    for (const s of order) {
      const started = performance.now();
      await (indexes[s] as SearchIndex).search(q.q, options);
      if (round > 0) (sides[s] as (typeof sides)[number]).samples.push(performance.now() - started);
    }
  }
}
for (const { label, samples } of sides) {
  const at = (q: number) => quantile(samples, q).toFixed(3);
  console.log(`${label.padEnd(5)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms`);
}
for (const index of indexes) await index.close();
for (const dir of dirs) await rm(dir, { recursive: true, force: true });
