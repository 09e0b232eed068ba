/**
 * `npm run fuzz`: a seeded fuzz run for super-linear extraction. Each round draws a format and
 * one to three pathological motifs (long lines, one huge article, deep nesting, floods of empty
 * paragraphs or breaks, run-together numbering, ragged tables, unclosed quotes …) with random
 * parameters, builds the same mix at a small size and at 16× that size, and extracts both in
 * this process (read → extract → normalize, as the parsing stages do). Time per input byte
 * must not grow: the large input's time per byte over the small one's is at most
 * MAX_GROWTH (a quadratic step shows 16×). Any error other than a refusal of the file
 * (BadInputError) fails the run too. Exit code 1 on any failure.
 *
 *   npm run fuzz                      FUZZ_SEED=20261204 FUZZ_ROUNDS=36
 *   FUZZ_SEED=7 FUZZ_ROUNDS=100 npm run fuzz
 *
 * Times are the minimum of a few runs (the least disturbed by other work on the machine).
 */
import { BadInputError } from '../src/errors.ts';
import { extractBytes } from '../src/extract/from-file.ts';
import { chineseNumber } from '../src/laws/format.ts';
import { docxBody } from '../tools/synthetic/builders.ts';
import { buildPdf } from '../tools/synthetic/pdf-writer.ts';
import { mulberry32 } from '../tools/synthetic/random.ts';

/** Largest accepted growth of time per byte from the small input to the 8× one. */
const MAX_GROWTH = 3;
/** How much larger the large input is. */
const SCALE = 16;
/** Size the small input is built to, about. */
const SMALL_BYTES = 64_000;
const SMALL_RUNS = 3;
const LARGE_RUNS = 2;

type Format = 'txt' | 'html' | 'docx' | 'pdf';
type Rng = () => number;

/** A pathological ingredient: its content for `units` repetitions, in its format's markup. */
interface Motif {
  name: string;
  build(units: number, rng: Rng): string;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const repeat = (units: number, line: (i: number) => string, join = '\n') =>
  Array.from({ length: units }, (_, i) => line(i)).join(join);

const PROSE = [
  '定点医药机构',
  '医疗保障基金',
  '监督检查',
  '违反规定',
  '责令改正',
  '处以罚款',
  '《医疗保障基金使用监督管理条例》',
];
const prose = (rng: Rng, words: number) => repeat(words, () => pick(rng, PROSE), '');

const TEXT_MOTIFS: Motif[] = [
  { name: 'long-line', build: (u, rng) => prose(rng, u * 60) },
  { name: 'huge-article', build: (u, rng) => `第一条 ${repeat(u * 12, () => prose(rng, int(rng, 2, 8)))}` },
  { name: 'empty-lines', build: (u, rng) => repeat(u * 40, (i) => (i % 20 === 0 ? prose(rng, 3) : '')) },
  {
    name: 'many-articles',
    build: (u, rng) =>
      repeat(u * 8, (i) => `第${chineseNumber((i % 99) + 1)}条 ${prose(rng, int(rng, 1, 6))}`),
  },
  {
    name: 'deep-numbering',
    build: (u, rng) =>
      repeat(
        u * 8,
        (i) => `${pick(rng, ['一、', '（一）', '1.', '（1）', '①', '第一章', '第一节'])}${prose(rng, 2)}${i}`,
      ),
  },
  {
    name: 'ragged-tsv',
    build: (u, rng) => repeat(u * 8, () => repeat(int(rng, 2, 30), () => prose(rng, int(rng, 0, 2)), '\t')),
  },
  {
    name: 'pipe-rows',
    build: (u, rng) => repeat(u * 8, () => `| ${repeat(int(rng, 1, 12), () => prose(rng, 1), ' | ')} |`),
  },
  {
    name: 'spaced-columns',
    build: (u, rng) =>
      repeat(
        u * 8,
        (i) =>
          `${i + 1}${' '.repeat(int(rng, 2, 40))}${prose(rng, 2)}${' '.repeat(int(rng, 2, 40))}${prose(rng, 1)}`,
      ),
  },
  {
    name: 'unclosed-quotes',
    build: (u, rng) => repeat(u * 20, () => `《${prose(rng, 2)}第${int(rng, 1, 99)}条`, ''),
  },
  { name: 'chapter-flood', build: (u) => repeat(u * 10, (i) => `第${chineseNumber((i % 99) + 1)}章 总则`) },
];

const HTML_MOTIFS: Motif[] = [
  {
    name: 'deep-divs',
    build: (u, rng) => `${'<div>'.repeat(u * 4)}${prose(rng, 3)}${'</div>'.repeat(u * 4)}`,
  },
  { name: 'empty-paragraphs', build: (u) => '<p></p>'.repeat(u * 60) },
  { name: 'br-flood', build: (u, rng) => repeat(u * 40, () => `${prose(rng, 1)}<br>`, '') },
  {
    name: 'huge-cell',
    build: (u, rng) =>
      `<table><tr><td>序号</td><td>${prose(rng, u * 40)}</td></tr><tr><td>1</td><td>a</td></tr></table>`,
  },
  {
    name: 'many-small-tables',
    build: (u, rng) =>
      repeat(
        u * 4,
        () =>
          `<table><tr><td>事项名称</td><td>${prose(rng, 1)}</td></tr><tr><td>1</td><td>${prose(rng, 2)}</td></tr></table>`,
        '',
      ),
  },
  {
    name: 'random-spans',
    build: (u, rng) =>
      `<table>${repeat(u * 8, () => `<tr>${repeat(int(rng, 1, 6), () => `<td rowspan="${int(rng, 1, 4)}" colspan="${int(rng, 1, 3)}">${prose(rng, 1)}</td>`, '')}</tr>`, '')}</table>`,
  },
  {
    name: 'nested-tables',
    build: (u, rng) =>
      `${'<table><tr><td>'.repeat(u)}${prose(rng, 2)}${'</td><td>x</td></tr></table>'.repeat(u)}`,
  },
  { name: 'long-text-node', build: (u, rng) => `<p>${prose(rng, u * 60)}</p>` },
];

const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
const cells = (texts: string[]) => `<w:tr>${texts.map((t) => `<w:tc>${p(t)}</w:tc>`).join('')}</w:tr>`;

const DOCX_MOTIFS: Motif[] = [
  { name: 'empty-paragraphs', build: (u) => '<w:p/>'.repeat(u * 60) },
  {
    name: 'run-per-character',
    build: (u, rng) =>
      `<w:p>${repeat(u * 60, () => `<w:r><w:t>${pick(rng, ['医', '保', '基', '金'])}</w:t></w:r>`, '')}</w:p>`,
  },
  { name: 'long-paragraph', build: (u, rng) => p(prose(rng, u * 60)) },
  {
    name: 'big-table',
    build: (u, rng) =>
      `<w:tbl>${cells(['序号', '事项名称', '实施依据'])}${repeat(u * 6, (i) => cells([String(i + 1), prose(rng, 2), prose(rng, 3)]), '')}</w:tbl>`,
  },
  {
    name: 'vmerge-column',
    build: (u, rng) =>
      `<w:tbl>${cells(['序号', '事项名称'])}${repeat(u * 6, (i) => `<w:tr><w:tc><w:tcPr><w:vMerge${i === 0 ? ' w:val="restart"' : ''}/></w:tcPr>${p('1')}</w:tc><w:tc>${p(prose(rng, 2))}</w:tc></w:tr>`, '')}</w:tbl>`,
  },
  {
    name: 'nested-tables',
    build: (u, rng) =>
      `${'<w:tbl><w:tr><w:tc>'.repeat(Math.min(u, 300))}${p(prose(rng, 2))}${'</w:tc></w:tr></w:tbl>'.repeat(Math.min(u, 300))}${p(prose(rng, u * 10))}`,
  },
  {
    name: 'breaks',
    build: (u, rng) =>
      `<w:p><w:r>${repeat(u * 40, () => `<w:t>${prose(rng, 1)}</w:t><w:br/>`, '')}</w:r></w:p>`,
  },
];

/** PDF motifs are page texts joined with \f (the writer's ASCII font: pinyin stands in for words). */
const PDF_MOTIFS: Motif[] = [
  {
    name: 'many-lines',
    build: (u, rng) =>
      repeat(u, () => repeat(40, (i) => `${i + 1} jian cha shi xiang ${int(rng, 1, 999)}`), '\f'),
  },
  {
    name: 'long-lines',
    build: (u, rng) =>
      repeat(u, () => repeat(5, () => repeat(int(rng, 20, 60), () => 'yi bao ji jin', ' ')), '\f'),
  },
  { name: 'one-line-pages', build: (u) => repeat(u * 6, (i) => `Page ${i + 1}`, '\f') },
];

const MOTIFS: Record<Format, Motif[]> = {
  txt: TEXT_MOTIFS,
  html: HTML_MOTIFS,
  docx: DOCX_MOTIFS,
  pdf: PDF_MOTIFS,
};

/** The bytes of a format's document holding `body` (the motifs' content joined). */
function wrap(format: Format, body: string): Buffer | Promise<Buffer> {
  switch (format) {
    case 'txt':
      return Buffer.from(`某市医疗保障局关于印发清单的通知\n${body}\n`);
    case 'html':
      return Buffer.from(
        `<!doctype html><html><body><h1>某市医疗保障局关于印发清单的通知</h1>${body}</body></html>`,
      );
    case 'docx':
      return docxBody(`${p('某市医疗保障局关于印发清单的通知')}${body}`);
    case 'pdf':
      return buildPdf({ pages: body.split('\f').slice(0, 1000) });
  }
}

interface Round {
  format: Format;
  motifs: Motif[];
  /** The seed of this round's own generator, so both sizes draw the same parameters. */
  seed: number;
}

async function build(round: Round, units: number): Promise<Buffer> {
  const rng = mulberry32(round.seed);
  const separator = round.format === 'txt' ? '\n' : round.format === 'pdf' ? '\f' : '';
  return wrap(round.format, round.motifs.map((motif) => motif.build(units, rng)).join(separator));
}

/** Units that make the round's small input about SMALL_BYTES. */
async function smallUnits(round: Round): Promise<number> {
  const one = (await build(round, 1)).length;
  const ten = (await build(round, 10)).length;
  const perUnit = Math.max(1, (ten - one) / 9);
  return Math.max(1, Math.round(SMALL_BYTES / perUnit));
}

/** Minimum time of `runs` extractions, ms; a refusal (BadInputError) counts as a result. */
async function timeExtract(
  bytes: Buffer,
  name: string,
  runs: number,
): Promise<{ ms: number; refused?: string }> {
  let best = Number.POSITIVE_INFINITY;
  let refused: string | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    try {
      await extractBytes(new Uint8Array(bytes), name);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      refused = error.code;
    }
    best = Math.min(best, performance.now() - started);
  }
  return refused ? { ms: best, refused } : { ms: best };
}

interface Result {
  round: number;
  format: Format;
  motifs: string;
  smallKb: number;
  largeKb: number;
  smallMs: number;
  largeMs: number;
  growth: number;
  verdict: string;
}

async function runRound(index: number, round: Round): Promise<Result> {
  const units = await smallUnits(round);
  const small = await build(round, units);
  const large = await build(round, units * SCALE);
  const name = `fuzz-${index}.${round.format}`;
  const motifs = round.motifs.map((m) => m.name).join('+');
  const base = { round: index, format: round.format, motifs, smallKb: kb(small), largeKb: kb(large) };
  try {
    await timeExtract(small, name, 1); // warm-up
    const a = await timeExtract(small, name, SMALL_RUNS);
    const b = await timeExtract(large, name, LARGE_RUNS);
    const growth = b.ms / large.length / (a.ms / small.length);
    const refused = b.refused ?? a.refused;
    const verdict = growth > MAX_GROWTH ? '超线性' : refused ? `通过（拒收：${refused}）` : '通过';
    return { ...base, smallMs: round2(a.ms), largeMs: round2(b.ms), growth: round2(growth), verdict };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ...base,
      smallMs: Number.NaN,
      largeMs: Number.NaN,
      growth: Number.NaN,
      verdict: `程序错误：${message}`,
    };
  }
}

/** The rounds of a seed: formats in turn, one to three motifs each. */
function rounds(seed: number, count: number): Round[] {
  const rng = mulberry32(seed);
  const formats: Format[] = ['txt', 'html', 'docx', 'pdf'];
  return Array.from({ length: count }, (_, i) => {
    const format = formats[i % formats.length] as Format;
    const pool = [...MOTIFS[format]];
    const motifs: Motif[] = [];
    for (let k = int(rng, 1, Math.min(3, pool.length)); k > 0; k--)
      motifs.push(pool.splice(int(rng, 0, pool.length - 1), 1)[0] as Motif);
    return { format, motifs, seed: Math.floor(rng() * 2 ** 31) };
  });
}

const kb = (bytes: Buffer) => Math.round(bytes.length / 1024);
const round2 = (value: number) => Math.round(value * 100) / 100;

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const seed = Number(env.FUZZ_SEED ?? 20261204);
  const count = Number(env.FUZZ_ROUNDS ?? 36);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
    console.error('FUZZ_SEED 和 FUZZ_ROUNDS 须为整数（FUZZ_ROUNDS ≥ 1）');
    return 1;
  }
  console.error(
    `模糊测试：种子 ${seed}，${count} 轮，每轮小输入约 ${SMALL_BYTES / 1000} KB 与其 ${SCALE} 倍`,
  );
  const results: Result[] = [];
  for (const [index, round] of rounds(seed, count).entries()) {
    const result = await runRound(index + 1, round);
    results.push(result);
    console.error(
      `${result.round}\t${result.format}\t${result.motifs}\t×${result.growth}\t${result.verdict}`,
    );
  }
  console.table(
    results.map((r) => ({
      轮: r.round,
      格式: r.format,
      构成: r.motifs,
      '小 KB': r.smallKb,
      '大 KB': r.largeKb,
      '小 ms': r.smallMs,
      '大 ms': r.largeMs,
      每字节耗时增长: r.growth,
      结论: r.verdict,
    })),
  );
  const failed = results.filter((r) => !r.verdict.startsWith('通过'));
  const worst = Math.max(...results.map((r) => (Number.isFinite(r.growth) ? r.growth : 0)));
  console.log(
    failed.length === 0
      ? `全部 ${results.length} 轮通过：每字节耗时最大增长 ×${worst}（上限 ×${MAX_GROWTH}）`
      : `${failed.length} 轮未通过（超线性或程序错误），见上表`,
  );
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.env);
