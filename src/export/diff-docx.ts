/**
 * The diff as a Word report for the legal office: per matched power a side-by-side table (field,
 * A, B) whose differing rows are shaded, then the powers only one side lists and the citation
 * findings. Built with the `docx` package (loaded by the caller's dynamic import of this module).
 */
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DiffField, DiffResult, ItemRef } from '../../schemas/compare.ts';
import type { Item } from '../../schemas/notice.ts';
import { formatCitation } from '../laws/format.ts';
import { citationLines } from './diff-text.ts';
import { refKey, sideName } from './views.ts';

/** The fill of a differing row (light amber). */
export const HIGHLIGHT = 'FFE699';

/** Finds a compared item's full record, for the fields a pair's differences do not carry. */
export type ItemLookup = (side: 'a' | 'b', ref: ItemRef) => Item | undefined;

const ROWS: { label: string; field: DiffField; value: (item: Item | undefined) => string }[] = [
  { label: '职权类型 power type', field: 'powerType', value: (i) => i?.powerType ?? '' },
  { label: '对象 targets', field: 'targets', value: (i) => i?.targets.join('、') ?? '' },
  { label: '层级 levels', field: 'levels', value: (i) => i?.levels.join('、') ?? '' },
  { label: '方式 methods', field: 'methods', value: (i) => i?.fields.methods ?? '' },
  { label: '频次 frequency', field: 'frequency', value: (i) => i?.fields.frequency ?? '' },
  { label: '实施主体 implementer', field: 'implementer', value: (i) => i?.fields.implementer ?? '' },
  {
    label: '依据 citations',
    field: 'citations',
    value: (i) => (i?.citations ?? []).map(formatCitation).join('\n'),
  },
];

/** The report as .docx bytes. */
export async function diffDocx(result: DiffResult, lookup: ItemLookup): Promise<Uint8Array> {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: `${a} 与 ${b} 执法事项比对 — comparison of ${a} and ${b}`,
      heading: HeadingLevel.TITLE,
    }),
    new Paragraph(
      `${result.pairs.length} matched powers, ${result.onlyA.length} only in ${a}, ${result.onlyB.length} only in ${b}. ` +
        'Shaded rows differ between the two regions.',
    ),
    new Paragraph({ text: 'Matched powers', heading: HeadingLevel.HEADING_1 }),
  ];
  for (const pair of result.pairs) {
    const [x, y] = [lookup('a', pair.a), lookup('b', pair.b)];
    const differing = new Set(pair.differences.map((d) => d.field));
    children.push(
      new Paragraph({ text: `${refKey(pair.a)} ${pair.a.name}`, heading: HeadingLevel.HEADING_2 }),
      new Paragraph(`score ${pair.score.toFixed(2)}; matched on ${pair.signals.join(', ')}`),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          row(['', a, b], null, true),
          row(['事项名称 name', `${refKey(pair.a)} ${pair.a.name}`, `${refKey(pair.b)} ${pair.b.name}`]),
          ...ROWS.map((r) =>
            row([r.label, r.value(x), r.value(y)], differing.has(r.field) ? HIGHLIGHT : null),
          ),
        ],
      }),
      ...citationLines(pair.differences, a, b).map(
        (line) => new Paragraph({ text: `依据: ${line}`, bullet: { level: 0 } }),
      ),
    );
  }
  for (const [title, refs] of [
    [`Only in ${a}`, result.onlyA],
    [`Only in ${b}`, result.onlyB],
  ] as const) {
    children.push(new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }));
    for (const ref of refs)
      children.push(new Paragraph({ text: `${refKey(ref)} ${ref.name}`, bullet: { level: 0 } }));
  }
  children.push(new Paragraph({ text: 'Citation findings', heading: HeadingLevel.HEADING_1 }));
  for (const check of result.citations) {
    const side = check.side === 'b' ? b : a;
    children.push(
      new Paragraph({
        text: `${side} ${check.item ? refKey(check.item) : ''}: ${check.message}`,
        bullet: { level: 0 },
      }),
    );
  }
  const document = new Document({ creator: 'policy-kb', title: `${a} vs ${b}`, sections: [{ children }] });
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
