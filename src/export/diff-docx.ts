/**
 * The diff as a Word report for the legal office, in Chinese (the `docx` package, loaded by the
 * caller's dynamic import of this module).
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DiffResult, DiffSide } from '../../schemas/compare.ts';
import { isProblem } from '../laws/check.ts';
import { citationLines } from './diff-text.ts';
import {
  basisOf,
  checkLabel,
  DIFF_FIELD_LABELS,
  DIFF_FIELD_VALUES,
  type ItemLookup,
  refKey,
  sideName,
  signalLabel,
} from './views.ts';

/** The fill of a differing row (light amber). */
export const HIGHLIGHT = 'FFE699';

export type { ItemLookup };

/**
 * Chinese text in 宋体 (SimSun, which Word has; LibreOffice substitutes a CJK font it has), Latin
 * in Times New Roman; headings in 黑体. The one style every report uses.
 */
export const REPORT_STYLES = {
  default: {
    document: {
      run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }, size: 24 },
    },
    title: { run: { font: { ascii: 'Times New Roman', eastAsia: '黑体' }, size: 36, bold: true } },
    heading1: { run: { font: { ascii: 'Times New Roman', eastAsia: '黑体' }, size: 30, bold: true } },
    heading2: { run: { font: { ascii: 'Times New Roman', eastAsia: '黑体' }, size: 26, bold: true } },
  },
};

/** 2026年12月5日. */
export function reportDate(date: Date): string {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

/** A footer with 第 N 页 / 共 M 页, centred. */
export function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun('第 '),
          new TextRun({ children: [PageNumber.CURRENT] }),
          new TextRun(' 页 / 共 '),
          new TextRun({ children: [PageNumber.TOTAL_PAGES] }),
          new TextRun(' 页'),
        ],
      }),
    ],
  });
}

/** Each side as the report names it: region, notice, 文号, version and source file. */
function sideRows(label: string, side: DiffSide): string[][] {
  return side.notices.map((n) => [
    label,
    n.region ?? '—',
    n.title ?? '（无标题）',
    n.docNumber ?? '—',
    n.version ? `第 ${n.version} 版` : '—',
    n.sourceFile ?? '—',
  ]);
}

/**
 * The comparison as a formal 比对报告 for the legal office (.docx bytes): title and date, the two
 * sides (region, notice, 文号, version, source file), a summary table, the matched powers side by
 * side with their differing rows shaded, the powers only one side lists with their 依据, and
 * the citation findings; page numbers in the footer. Items are numbered as on the web (表1·第4项).
 */
export async function diffDocx(
  result: DiffResult,
  lookup: ItemLookup,
  now: Date = new Date(),
): Promise<Uint8Array> {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const problems = result.citations.filter((c) => isProblem(c.status));
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `${a}与${b}医疗保障行政执法事项比对报告`, heading: HeadingLevel.TITLE }),
    new Paragraph(`报告日期：${reportDate(now)}`),
    new Paragraph({ text: '一、比对对象', heading: HeadingLevel.HEADING_1 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        row(['一方', '地区', '通知', '文号', '版本', '来源文件'], null, true),
        ...[...sideRows(`甲方：${a}`, result.a), ...sideRows(`乙方：${b}`, result.b)].map((cells) =>
          row(cells),
        ),
      ],
    }),
    new Paragraph({ text: '二、比对结果概览', heading: HeadingLevel.HEADING_1 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        row(['项目', '数量'], null, true),
        row(['两地均列有的执法事项（已配对）', String(result.pairs.length)]),
        row(['其中有不同之处的', String(result.pairs.filter((p) => p.differences.length > 0).length)]),
        row([`仅${a}列有`, String(result.onlyA.length)]),
        row([`仅${b}列有`, String(result.onlyB.length)]),
        row(['依据核查发现的问题', String(problems.length)]),
      ],
    }),
    new Paragraph('下文表格中底色标出的行，表示两地在该字段上不同。'),
    new Paragraph({ text: '三、两地均列有的执法事项', heading: HeadingLevel.HEADING_1 }),
  ];
  for (const pair of result.pairs) {
    const [x, y] = [lookup('a', pair.a), lookup('b', pair.b)];
    const differing = new Set(pair.differences.map((d) => d.field));
    children.push(
      new Paragraph({ text: `${refKey(pair.a)} ${pair.a.name}`, heading: HeadingLevel.HEADING_2 }),
      new Paragraph(
        `相似度 ${pair.score.toFixed(2)}；配对依据：${pair.signals.map(signalLabel).join('、') || '—'}`,
      ),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          row(['字段', `甲方：${a}`, `乙方：${b}`], null, true),
          row(['事项名称', `${refKey(pair.a)} ${pair.a.name}`, `${refKey(pair.b)} ${pair.b.name}`]),
          ...DIFF_FIELD_VALUES.map((r) =>
            row(
              [DIFF_FIELD_LABELS[r.field], r.value(x), r.value(y)],
              differing.has(r.field) ? HIGHLIGHT : null,
            ),
          ),
        ],
      }),
      ...citationLines(pair.differences, a, b).map(
        (line) => new Paragraph({ text: `依据：${line}`, bullet: { level: 0 } }),
      ),
    );
  }
  for (const [heading, side, refs] of [
    [`四、仅${a}列有的执法事项`, 'a', result.onlyA],
    [`五、仅${b}列有的执法事项`, 'b', result.onlyB],
  ] as const) {
    children.push(new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 }));
    if (refs.length === 0) children.push(new Paragraph('无。'));
    else
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            row(['编号', '事项名称', '职权类型', '依据'], null, true),
            ...refs.map((ref) =>
              row([refKey(ref), ref.name, ref.powerType ?? '—', basisOf(lookup(side, ref)) || '—']),
            ),
          ],
        }),
      );
  }
  children.push(new Paragraph({ text: '六、依据核查', heading: HeadingLevel.HEADING_1 }));
  children.push(
    new Paragraph('两地事项引用的法条已与参考法规库中的原文核对；参考库中没有的法规标为“未核实”，不算问题。'),
  );
  if (result.citations.length === 0) children.push(new Paragraph('无。'));
  else
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          row(['一方', '编号', '结论', '说明'], null, true),
          ...result.citations.map((check) =>
            row(
              [
                check.side === 'b' ? `乙方：${b}` : `甲方：${a}`,
                check.item ? `${refKey(check.item)} ${check.item.name}` : '—',
                checkLabel(check),
                check.message,
              ],
              isProblem(check.status) ? HIGHLIGHT : null,
            ),
          ),
        ],
      }),
    );
  const document = new Document({
    creator: 'policy-kb',
    title: `${a}与${b}医疗保障行政执法事项比对报告`,
    styles: REPORT_STYLES,
    sections: [{ footers: { default: pageNumberFooter() }, children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * A table row. `fill` shades cells (hex RGB): one colour for the whole row, or one per cell;
 * shaded text is bold too. `header` makes it a bold, repeated header row.
 */
export function row(
  cells: string[],
  fill: string | (string | null)[] | null = null,
  header = false,
): TableRow {
  return new TableRow({
    tableHeader: header,
    children: cells.map((text, i) => {
      const colour = Array.isArray(fill) ? (fill[i] ?? null) : fill;
      return new TableCell({
        ...(colour ? { shading: { fill: colour, type: ShadingType.CLEAR, color: 'auto' } } : {}),
        children: text
          .split('\n')
          .map(
            (line) =>
              new Paragraph({ children: [new TextRun({ text: line, bold: header || colour !== null })] }),
          ),
      });
    }),
  });
}
