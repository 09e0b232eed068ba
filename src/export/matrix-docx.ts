/**
 * The coverage matrix as a Word table (landscape), present cells green and differing ones amber
 * (the `docx` package, loaded by the caller's dynamic import of this module).
 */
import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, WidthType } from 'docx';
import type { Matrix } from '../../schemas/compare.ts';
import { HIGHLIGHT, pageNumberFooter, REPORT_STYLES, reportDate, row } from './diff-docx.ts';
import { matrixView } from './views.ts';

/** Fill of a `present` cell (light green); `differs` cells take the diff's highlight. */
export const PRESENT = 'C6EFCE';

/** The matrix as .docx bytes: one landscape table, a row per power. */
export async function matrixDocx(matrix: Matrix): Promise<Uint8Array> {
  const view = matrixView(matrix);
  const fills: Record<string, string | null> = { present: PRESENT, differs: HIGHLIGHT, absent: null };
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(['编号', '执法职权', '职权类型', ...matrix.regions], null, true),
      ...view.rows.map((cells, i) =>
        row(
          [cells[0] ?? '', cells[1] ?? '', cells[2] ?? '', ...cells.slice(4)],
          [null, null, null, ...(matrix.rows[i]?.cells ?? []).map((state) => fills[state] ?? null)],
        ),
      ),
    ],
  });
  const document = new Document({
    creator: 'policy-kb',
    title: '执法事项覆盖矩阵',
    styles: REPORT_STYLES,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({ text: '医疗保障行政执法事项覆盖矩阵', heading: HeadingLevel.TITLE }),
          new Paragraph(
            `${reportDate(new Date(matrix.computedAt))}生成。共 ${matrix.rows.length} 项执法职权、${matrix.regions.length} 个地区；绿色（✓）为列有，黄色（≠）为依据或对象与多数地区不同，空白为未列。`,
          ),
          table,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
