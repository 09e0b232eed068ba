/**
 * Views as an Excel workbook, one sheet per view (exceljs; loaded by the caller's dynamic import
 * of this module): a bold, frozen header row, filters, widths fitted to the content.
 */
import ExcelJS from 'exceljs';
import type { View } from './views.ts';

/** A cell's fill colour (ARGB), or null for none. */
export type CellFill = (view: View, row: string[], column: number) => string | null;

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/gu, ' ').slice(0, 31);
}

export async function viewsXlsx(views: View[], fill?: CellFill): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'policy-kb';
  for (const view of views) {
    const sheet = workbook.addWorksheet(sheetName(view.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(view.headers).font = { bold: true };
    for (const cells of view.rows) {
      const added = sheet.addRow(cells);
      cells.forEach((_, column) => {
        const argb = fill?.(view, cells, column);
        if (argb) added.getCell(column + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
      });
    }
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1, column: Math.max(1, view.headers.length) },
    };
    view.headers.forEach((header, i) => {
      const longest = Math.max(width(header), ...view.rows.map((r) => width(r[i] ?? '')));
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(4, longest + 2));
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Display width: CJK characters count two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u2e80-\uffff]/u.test(ch) ? 2 : 1;
  return n;
}
