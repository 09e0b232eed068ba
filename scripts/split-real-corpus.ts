/**
 * `tsx scripts/split-real-corpus.ts [--seen region,region…]`: assigns every region of the real
 * corpus (test/fixtures/real/) to the development or the test half, once. Regions that already
 * have a split keep it. Regions named with --seen (their pages were read while the extractor
 * was being written) go to the development half; the others are shuffled with a fixed seed,
 * stratified by whether the region's pages show table rows, and dealt so that each half ends
 * up with about half of the notices of each stratum.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, type RealNotice } from '../src/eval/corpus.ts';
import { mulberry32, shuffle } from '../tools/synthetic/random.ts';

const DIR = 'test/fixtures/real';
const seenArg = process.argv.indexOf('--seen');
const seen = new Set(seenArg >= 0 ? (process.argv[seenArg + 1] ?? '').split(',') : []);
const corpus = loadCorpus(DIR);
const regionOf = (notice: RealNotice) => `${notice.province}/${notice.region ?? notice.file}`;
const hasRows = (notice: RealNotice) => notice.gold.tables.some((table) => table.items.length > 0);

const byRegion = new Map<string, RealNotice[]>();
for (const notice of corpus)
  byRegion.set(regionOf(notice), [...(byRegion.get(regionOf(notice)) ?? []), notice]);

const split = new Map<string, 'dev' | 'test'>();
for (const [region, notices] of byRegion) {
  const fixed = notices.find((notice) => notice.split !== null)?.split;
  if (fixed) split.set(region, fixed);
  else if (seen.has(region.split('/')[1] ?? '')) split.set(region, 'dev');
}
for (const stratum of [true, false]) {
  const regions = [...byRegion.keys()].filter(
    (region) => (byRegion.get(region) ?? []).some(hasRows) === stratum,
  );
  const count = (half: 'dev' | 'test') =>
    regions.filter((r) => split.get(r) === half).reduce((n, r) => n + (byRegion.get(r)?.length ?? 0), 0);
  const open = shuffle(regions.filter((region) => !split.has(region)).sort(), mulberry32(20261204));
  for (const region of open) split.set(region, count('dev') <= count('test') ? 'dev' : 'test');
}

for (const notice of corpus) {
  const path = join(DIR, notice.file.replace(/\.txt$/, '.gold.json'));
  const entry = JSON.parse(readFileSync(path, 'utf8'));
  entry.split = split.get(regionOf(notice));
  writeFileSync(path, `${JSON.stringify(entry, null, 2)}\n`);
}
for (const half of ['dev', 'test'] as const) {
  const notices = corpus.filter((notice) => split.get(regionOf(notice)) === half);
  const regions = new Set(notices.map(regionOf));
  console.log(
    `${half}: ${notices.length} notices, ${regions.size} regions, ${notices.filter(hasRows).length} with table rows`,
  );
}
