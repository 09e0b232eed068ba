/**
 * `npm run eval`: scores extraction against hand-checked gold — the seeds (and their docx,
 * pdf and html renditions in test/fixtures/renditions/) against the gold file, and the real
 * notices of test/fixtures/real/, development and test halves side by side. Prints the tables
 * and the mismatches; `--json` prints the figures as one JSON document instead. Exits 1 when
 * the seeds are no longer exact in every format; the real corpus's figures are reported
 * against the targets (their floors are pinned by test/eval/real-corpus.test.ts).
 */
import { loadConfig } from '../src/config.ts';
import { loadGold } from '../src/eval/gold.ts';
import { evaluateCorpus, REAL_TARGETS, type RealTotals, realTotals } from '../src/eval/real-run.ts';
import { evaluate, totals } from '../src/eval/run.ts';
import { prf } from '../src/eval/score.ts';

const json = process.argv.includes('--json');
/** The test half's notices are shown one by one only on request: tuning looks at the development half. */
const showTest = process.argv.includes('--show-test');
const config = loadConfig();
const rows = await evaluate(loadGold(config.POLICY_KB_GOLD), 'seeds', 'test/fixtures/renditions');
const real = await evaluateCorpus('test/fixtures/real');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const seedTotals = totals(rows.filter((row) => row.format === 'txt'));
const allTotals = totals(rows);
const halves = {
  dev: realTotals(real.filter((r) => r.split === 'dev')),
  test: realTotals(real.filter((r) => r.split === 'test')),
};

if (json) {
  console.log(JSON.stringify({ seeds: seedTotals, allFormats: allTotals, real: halves }, null, 2));
} else {
  console.table(
    rows.map(({ file, format, score: s }) => {
      const cite = prf(s.citationsTp, s.citationsFp, s.citationsFn);
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
        'cite F1': cite.precision + cite.recall ? cite.f1.toFixed(3) : '-',
        articles: `${s.articles.found}/${s.articles.expected}`,
        chapters: `${s.chapterTitles.found.length}/${s.chapterTitles.expected.length}`,
        meta: `${meta.filter(Boolean).length}/${meta.length}`,
      };
    }),
  );
  for (const { file, format, score } of rows) {
    for (const mismatch of score.mismatches) console.log(`  ${file} [${format}] ${mismatch}`);
  }
  const shown = real.filter((row) => showTest || row.split !== 'test');
  console.table(
    shown.map(({ file, split, score: s }) => ({
      notice: file.replace(/\.txt$/, ''),
      half: split,
      items: `${s.itemsFound}/${s.itemsExpected}`,
      extra: s.extraRows,
      names: `${s.namesExact}/${s.itemsFound}`,
      powerType: `${s.powerTypes}/${s.powerTypesExpected}`,
      cites: `${s.citationsTp}/${s.citationsTp + s.citationsFn}`,
      articles: `${s.articles.found}/${s.articles.expected}`,
      chapters: `${s.chapters.found}/${s.chapters.expected}`,
      meta: `${Object.values(s.meta).filter(Boolean).length}/${Object.keys(s.meta).length}`,
    })),
  );
  for (const { file, split, score } of shown) {
    for (const mismatch of score.mismatches) console.log(`  [${split}] ${file} ${mismatch}`);
  }
  console.log(
    `seeds: items ${seedTotals.itemsFound}/${seedTotals.itemsExpected}, extra ${seedTotals.extraRows}, names ${seedTotals.namesExact}, power types ${seedTotals.powerTypes}, citation P ${pct(seedTotals.precision)} R ${pct(seedTotals.recall)} F1 ${seedTotals.f1.toFixed(3)}`,
  );
  console.log(
    `all formats (${rows.length} files): items ${allTotals.itemsFound}/${allTotals.itemsExpected}, extra ${allTotals.extraRows}, citation F1 ${allTotals.f1.toFixed(3)}`,
  );
  console.table({ development: summary(halves.dev), test: summary(halves.test), target: targets() });
}

const seedsExact = rows.every(
  ({ score: s }) =>
    s.itemsFound === s.itemsExpected &&
    s.extraRows === 0 &&
    s.namesExact === s.itemsExpected &&
    s.powerTypes === s.itemsExpected &&
    s.articles.found === s.articles.expected &&
    Object.values(s.meta).every(Boolean),
);
const missed = REAL_TARGETS.filter((target) => halves.test[target.metric] < target.minimum).map(
  (t) => t.metric,
);
if (!json)
  console.log(
    missed.length > 0
      ? `real corpus, test half below target: ${missed.join(', ')}`
      : 'real corpus, test half: every target met',
  );
process.exitCode = seedsExact && allTotals.f1 >= 0.98 ? 0 : 1;

function summary(t: RealTotals) {
  return {
    notices: t.notices,
    items: `${pct(t.items)} (${t.itemsFound}/${t.itemsExpected})`,
    'names exact': pct(t.names),
    'power type': pct(t.powerTypes),
    'citation F1': t.citationF1.toFixed(3),
    'articles exact': pct(t.articles),
    'chapters exact': pct(t.chapters),
    meta: pct(t.meta),
    'extra rows': t.extraRows,
  };
}

function targets() {
  const at = Object.fromEntries(REAL_TARGETS.map((target) => [target.metric, target.minimum]));
  return {
    notices: '',
    items: `≥ ${pct(at.items ?? 0)}`,
    'names exact': `≥ ${pct(at.names ?? 0)}`,
    'power type': `≥ ${pct(at.powerTypes ?? 0)}`,
    'citation F1': `≥ ${(at.citationF1 ?? 0).toFixed(2)}`,
    'articles exact': `= ${pct(at.articles ?? 0)}`,
    'chapters exact': `= ${pct(at.chapters ?? 0)}`,
    meta: `≥ ${pct(at.meta ?? 0)}`,
    'extra rows': '',
  };
}
