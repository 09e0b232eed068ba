/** The coverage matrix as readable text: a grid up to GRID_MAX regions, a summary per power beyond. Pure. */
import type { Matrix } from '../../schemas/compare.ts';
import { alignColumns } from './text-table.ts';
import { matrixView } from './views.ts';

/** Regions shown as grid columns in text; more are summed up per power. */
const GRID_MAX = 12;

export function renderMatrix(matrix: Matrix): string {
  const head = `${matrix.rows.length} powers × ${matrix.regions.length} regions (${matrix.items} items; ✓ present, ≠ differs: other citations or targets than most regions, blank absent)`;
  if (matrix.regions.length <= GRID_MAX) {
    const view = matrixView(matrix);
    const rows = view.rows.map((r) => [r[0] ?? '', r[2] ?? '', r[1] ?? '', ...r.slice(4)]);
    const header = ['#', 'type', 'power', ...matrix.regions];
    return [head, '', ...alignColumns([header, ...rows], [5, 8, 44])].join('\n');
  }
  const lines = matrix.rows.map((r) => {
    const count = (cell: string) => r.cells.filter((c) => c === cell).length;
    const absent = matrix.regions.filter((_, i) => r.cells[i] === 'absent');
    const listed = absent.length <= 5 ? ` (absent: ${absent.join('、') || '—'})` : '';
    return `${r.id.padEnd(5)} ${r.powerType ?? '—'}  ${r.name}: present ${count('present')}, differs ${count('differs')}, absent ${count('absent')}${listed}`;
  });
  return [head, '', ...lines].join('\n');
}
