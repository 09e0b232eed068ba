/** The coverage matrix narrowed to a power type and a province: the rows and region columns to show. Pure. */
import type { Matrix, MatrixRow } from '../../../schemas/compare.ts';

export interface MatrixFilter {
  powerType: string;
  province: string;
}

export interface FilteredMatrix {
  /** Indexes into `matrix.regions` of the regions shown, in order. */
  columns: number[];
  /** Powers of the type that at least one shown region has. */
  rows: MatrixRow[];
  /** Each shown region's province. */
  provinceOf: (region: number) => string;
}

export function filterMatrix(
  matrix: Matrix,
  provinces: Map<string, string>,
  filter: MatrixFilter,
): FilteredMatrix {
  const provinceOf = (i: number) => provinces.get(matrix.regions[i] ?? '') ?? '其他';
  const columns = matrix.regions
    .map((_, i) => i)
    .filter((i) => !filter.province || provinceOf(i) === filter.province);
  const rows = matrix.rows.filter(
    (row) =>
      (!filter.powerType || row.powerType === filter.powerType) &&
      columns.some((i) => row.cells[i] !== 'absent'),
  );
  return { columns, rows, provinceOf };
}

/** Per power, per province: the share of the province's shown regions that have the power (0–1). */
export function coverageByProvince(view: FilteredMatrix): { provinces: string[]; shares: number[][] } {
  const groups = new Map<string, number[]>();
  for (const i of view.columns) {
    const p = view.provinceOf(i);
    groups.set(p, [...(groups.get(p) ?? []), i]);
  }
  const provinces = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const shares = view.rows.map((row) =>
    provinces.map((p) => {
      const regions = groups.get(p) ?? [];
      return regions.filter((i) => row.cells[i] !== 'absent').length / Math.max(1, regions.length);
    }),
  );
  return { provinces, shares };
}
