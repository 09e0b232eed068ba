/**
 * `npm run eval`: scores extraction of seeds/ (and the docx/pdf/html renditions in
 * test/fixtures/renditions/) against the hand-checked gold file, and prints the table.
 * Exits 1 when a "done when" threshold of the extraction issue is missed.
 */
import { loadConfig } from '../src/config.ts';
import { loadGold } from '../src/eval/gold.ts';
import { evaluate, totals } from '../src/eval/run.ts';

const config = loadConfig();
const rows = await evaluate(loadGold(config.POLICY_KB_GOLD), 'seeds', 'test/fixtures/renditions');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const table = rows.map(({ file, format, score: s }) => {
  const tp = s.citationsTp;
  const p = tp / Math.max(1, tp + s.citationsFp);
  const r = tp / Math.max(1, tp + s.citationsFn);
  const meta = Object.values(s.meta);
  return {
    file: file.slice(0, 3),
    format,
    items: `${s.itemsFound}/${s.itemsExpected}`,
    extra: s.extraRows,
    names: `${s.namesExact}/${s.itemsExpected}`,
    powerType: `${s.powerTypes}/${s.itemsExpected}`,
    targets: `${s.targetsExact}/${s.targetsExpected}`,
    levels: `${s.levelsExact}/${s.levelsExpected}`,
    'cite P': pct(p),
    'cite R': pct(r),
    'cite F1': p + r ? ((2 * p * r) / (p + r)).toFixed(3) : '-',
    articles: `${s.articles.found}/${s.articles.expected}`,
    chapters: `${s.chapterTitles.found.length}/${s.chapterTitles.expected.length}`,
    meta: `${meta.filter(Boolean).length}/${meta.length}`,
  };
});
console.table(table);
for (const { file, format, score } of rows) {
  for (const mismatch of score.mismatches) console.log(`  ${file} [${format}] ${mismatch}`);
}
const t = totals(rows.filter((row) => row.format === 'txt'));
const all = totals(rows);
console.log(
  `seeds: items ${t.itemsFound}/${t.itemsExpected}, extra ${t.extraRows}, names ${t.namesExact}, power types ${t.powerTypes}, citation P ${pct(t.precision)} R ${pct(t.recall)} F1 ${t.f1.toFixed(3)}`,
);
console.log(
  `all formats (${rows.length} files): items ${all.itemsFound}/${all.itemsExpected}, extra ${all.extraRows}, citation F1 ${all.f1.toFixed(3)}`,
);
const failed = rows.some(
  ({ score: s }) =>
    s.itemsFound !== s.itemsExpected ||
    s.extraRows > 0 ||
    s.namesExact !== s.itemsExpected ||
    s.powerTypes !== s.itemsExpected ||
    s.articles.found !== s.articles.expected ||
    Object.values(s.meta).some((ok) => !ok),
);
process.exitCode = failed || all.f1 < 0.98 ? 1 : 0;
