import { parseArgs } from 'node:util';
import type { Matrix } from '../../../schemas/compare.ts';
import { storedMatrix } from '../../compare/refresh.ts';
import { renderMatrix } from '../../export/matrix-text.ts';
import { csvOf, markdownTable, matrixView, type View } from '../../export/views.ts';
import { openStore } from '../../store/index.ts';
import type { Command } from '../io.ts';
import { chooseFormat, emit } from '../output.ts';
import { SPECS } from '../specs.ts';

/** xlsx fills (ARGB) of the coverage cells. */
const FILLS: Record<string, string> = { '✓': 'FFC6EFCE', '≠': 'FFFFE699' };

/**
 * `policy-kb matrix [--json] [--format text|md|csv|xlsx|docx] [--out file]`: the coverage matrix
 * of the current catalogues (powers × regions), from the store's derived copy when it is current,
 * else computed now and stored.
 */
export const matrixCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: SPECS.matrix.options,
  });
  const chosen = values.json
    ? { format: 'json' as const }
    : chooseFormat('matrix', values.format, values.out);
  const store = await openStore(context.config);
  try {
    const { matrix } = await storedMatrix(store);
    if (chosen.format === 'json') {
      io.stdout(`${JSON.stringify(matrix, null, 2)}\n`);
      return 0;
    }
    const view = matrixView(matrix);
    return await emit(io, chosen.format, values.out, {
      text: () => renderMatrix(matrix),
      md: () => `${summary(matrix)}\n\n${markdownTable(view)}`,
      csv: () => csvOf([view]),
      xlsx: async () => (await import('../../export/xlsx.ts')).viewsXlsx([view], coverageFill),
      docx: async () => (await import('../../export/matrix-docx.ts')).matrixDocx(matrix),
    });
  } finally {
    await store.close();
  }
};

function summary(matrix: Matrix): string {
  return `${matrix.rows.length} powers × ${matrix.regions.length} regions (✓ present, ≠ differs, blank absent)`;
}

function coverageFill(_view: View, row: string[], column: number): string | null {
  return column >= 4 ? (FILLS[row[column] ?? ''] ?? null) : null;
}
