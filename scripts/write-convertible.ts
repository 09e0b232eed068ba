/**
 * Writes src/chinese/convertible.ts: every UTF-16 code unit that OpenCC's Hong Kong/traditional →
 * mainland conversion can change (a character of a `to.cn` pair that differs from its
 * counterpart, or a character of a `from.hk` entry that converts to something else; astral
 * characters as their high surrogate). toSimplified sends only clauses holding one of them through
 * OpenCC, so simplified text never loads it. `npm run convertible` after an opencc-js upgrade;
 * test/chinese/convertible.test.ts fails until the file matches the installed dictionaries.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js/t2cn';

/** The code units, ascending, as computed from the installed opencc-js. */
export function convertibleUnits(): number[] {
  const convert = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const marks = new Set<number>();
  const mark = (ch: string) => marks.add(ch.charCodeAt(0));
  forEachPair(OpenCC.Locale.to.cn ?? [], (from, to) => {
    const a = [...from];
    const b = [...to];
    a.forEach((ch, i) => {
      if (a.length !== b.length || ch !== b[i]) mark(ch);
    });
  });
  forEachPair(OpenCC.Locale.from.hk ?? [], (from) => {
    for (const ch of from) if (convert(ch) !== ch) mark(ch);
  });
  return [...marks].sort((x, y) => x - y);
}

function forEachPair(groups: readonly OpenCC.DictGroup[], fn: (from: string, to: string) => void): void {
  for (const group of groups) {
    for (const dict of group) {
      const pairs = typeof dict === 'string' ? dict.split('|').map((pair) => pair.split(' ')) : dict;
      for (const [from, to] of pairs) if (from && to !== undefined) fn(from, to);
    }
  }
}

/** The module's source: the units as a string, surrogates escaped, 64 a line. */
export function convertibleSource(units: readonly number[]): string {
  const chars = units.map((unit) =>
    unit >= 0xd800 && unit <= 0xdfff ? `\\u${unit.toString(16).toUpperCase()}` : String.fromCharCode(unit),
  );
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += 64) lines.push(`  '${chars.slice(i, i + 64).join('')}'`);
  return `// Written by \`npm run convertible\` (scripts/write-convertible.ts) from opencc-js: do not edit.
/** The UTF-16 code units OpenCC's traditional → mainland conversion can change (${units.length}). */
export const CONVERTIBLE =
${lines.join(' +\n')};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = new URL('../src/chinese/convertible.ts', import.meta.url);
  writeFileSync(target, convertibleSource(convertibleUnits()));
  console.log(`wrote ${fileURLToPath(target)}`);
}
