/**
 * One-to-one assignment: the pairing of rows and columns with the highest total score (the
 * Hungarian algorithm, Kuhn–Munkres with potentials, O(n²·m)). Scores below the threshold are
 * no edge at all, so a weak pair never takes an item from a strong one. Pure.
 */

/** Pairs `[row, column]` of the best assignment, each scoring at least `threshold`; rows ascending. */
export function assign(
  scores: readonly Float64Array[],
  columns: number,
  threshold: number,
): [number, number][] {
  const rows = scores.length;
  if (rows === 0 || columns === 0) return [];
  const transpose = rows > columns;
  const [n, m] = transpose ? [columns, rows] : [rows, columns];
  const value = (i: number, j: number) => {
    const s = transpose ? (scores[j]?.[i] ?? 0) : (scores[i]?.[j] ?? 0);
    return s >= threshold ? s : 0;
  };
  const match = hungarian(n, m, (i, j) => -value(i, j));
  const pairs: [number, number][] = [];
  match.forEach((j, i) => {
    if (j < 0 || value(i, j) < threshold || value(i, j) === 0) return;
    pairs.push(transpose ? [j, i] : [i, j]);
  });
  return pairs.sort((x, y) => x[0] - y[0]);
}

/**
 * Minimum-cost assignment of n rows to m ≥ n columns; returns each row's column. The classic
 * potentials formulation (1-based internally, column 0 is the virtual start).
 */
function hungarian(n: number, m: number, cost: (i: number, j: number) => number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row matched to column j (1-based), 0 = none
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const current = cost(i0 - 1, j - 1) - (u[i0] as number) - (v[j] as number);
        if (current < (minv[j] as number)) {
          minv[j] = current;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowTo = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if ((p[j] as number) > 0) rowTo[(p[j] as number) - 1] = j - 1;
  return rowTo;
}
