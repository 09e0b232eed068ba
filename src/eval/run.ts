import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../extract/from-file.ts';
import type { GoldFile } from './gold.ts';
import { prf, type Score, scoreNotice } from './score.ts';

/** Renditions of the seeds we build ourselves (scripts/make-renditions.sh), scored like the seeds. */
export const RENDITION_FORMATS = ['html', 'docx', 'pdf'] as const;

export interface EvalRow {
  file: string;
  format: string;
  score: Score;
}

/** Extracts every gold seed from `seedsDir` and each rendition in `renditionsDir`, and scores it. */
export async function evaluate(gold: GoldFile, seedsDir: string, renditionsDir: string): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const [file, goldNotice] of Object.entries(gold.notices)) {
    const stem = file.replace(/\.[^.]+$/, '');
    const inputs: [string, string][] = [['txt', join(seedsDir, file)]];
    for (const format of RENDITION_FORMATS) {
      const path = join(renditionsDir, `${stem}.${format}`);
      if (existsSync(path)) inputs.push([format, path]);
    }
    for (const [format, path] of inputs) {
      rows.push({ file, format, score: scoreNotice(await extractFile(path), goldNotice) });
    }
  }
  return rows;
}

/** Totals over rows: items, names, power types, citation P/R/F1. */
export function totals(rows: EvalRow[]) {
  const sum = (pick: (s: Score) => number) => rows.reduce((acc, row) => acc + pick(row.score), 0);
  const citations = prf(
    sum((s) => s.citationsTp),
    sum((s) => s.citationsFp),
    sum((s) => s.citationsFn),
  );
  return {
    itemsExpected: sum((s) => s.itemsExpected),
    itemsFound: sum((s) => s.itemsFound),
    extraRows: sum((s) => s.extraRows),
    namesExact: sum((s) => s.namesExact),
    powerTypes: sum((s) => s.powerTypes),
    ...citations,
  };
}
