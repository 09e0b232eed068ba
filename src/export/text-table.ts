import stringWidth from 'string-width';

/** Pads each column to its widest cell (CJK characters count two columns), truncating at `max`. */
export function alignColumns(rows: string[][], max: number[] = []): string[] {
  const cells = rows.map((row) => row.map((cell, col) => truncate(cell, max[col] ?? 60)));
  // Reduces, not Math.max(...): a listing may have more rows than a call takes arguments.
  const columns = cells.reduce((most, row) => Math.max(most, row.length), 0);
  const widths = Array.from({ length: columns }, (_, col) =>
    cells.reduce((most, row) => Math.max(most, stringWidth(row[col] ?? '')), 0),
  );
  return cells.map((row) =>
    row
      .map((cell, col) => cell + ' '.repeat((widths[col] ?? 0) - stringWidth(cell)))
      .join('  ')
      .trimEnd(),
  );
}

export function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out + ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}
