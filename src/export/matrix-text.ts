/** The coverage matrix as readable text: a grid up to GRID_MAX regions, a summary per power beyond. Pure. */
import type { Matrix } from '../../schemas/compare.ts';
import { alignColumns } from './text-table.ts';
import { matrixView } from './views.ts';

/** Regions shown as grid columns in text; more are summed up per power. */
const GRID_MAX = 12;

export function renderMatrix(matrix: Matrix): string {
  const head = `${matrix.rows.length} 项执法职权 × ${matrix.regions.length} 个地区（共 ${matrix.items} 个事项；✓ 列有，≠ 依据或对象与多数地区不同，空白为未列）`;
  if (matrix.regions.length <= GRID_MAX) {
    const view = matrixView(matrix);
    const rows = view.rows.map((r) => [r[0] ?? '', r[2] ?? '', r[1] ?? '', ...r.slice(4)]);
    const header = ['编号', '职权类型', '执法职权', ...matrix.regions];
    return [head, '', ...alignColumns([header, ...rows], [5, 8, 44])].join('\n');
  }
  const lines = matrix.rows.map((r) => {
    const count = (cell: string) => r.cells.filter((c) => c === cell).length;
    const absent = matrix.regions.filter((_, i) => r.cells[i] === 'absent');
    const listed = absent.length <= 5 ? `（未列：${absent.join('、') || '—'}）` : '';
    return `${r.id.padEnd(5)} ${r.powerType ?? '—'}  ${r.name}：列有 ${count('present')}，不同 ${count('differs')}，未列 ${count('absent')}${listed}`;
  });
  return [head, '', ...lines].join('\n');
}
