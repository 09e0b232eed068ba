import type { DiscretionGrade, Item, NoticeTable } from '../../../schemas/notice.ts';
import { columnKeys, FIELD_LABELS } from '../../extract/corrections.ts';
import type { FieldKey } from '../../extract/headers.ts';
import { tableNotes } from '../../extract/labels.ts';
import { html, type SafeHtml } from '../html.ts';
import { itemAnchor } from './item-ref.ts';
import { citationView, countFindings } from './notice-citations.ts';

/** Columns a discretion benchmark repeats once per 裁量阶次 (each names a field of a grade). */
const GRADE_COLUMNS = new Set<FieldKey | null>([
  'grade',
  'circumstances',
  'benchmark',
] satisfies (keyof DiscretionGrade)[]);

function isGradeColumn(key: FieldKey | null): key is FieldKey & keyof DiscretionGrade {
  return GRADE_COLUMNS.has(key);
}

/** A table's own columns: each header's field, and whether 职权类型 is one of them. */
interface Columns {
  keys: (FieldKey | null)[];
  hasPowerType: boolean;
}

/**
 * Every extracted table with the catalogue's own columns, in its order and under its own
 * headers (items stored before columns were kept show the normalized fields instead); the
 * basis column with its citation checks, each 裁量阶次 of a discretion benchmark on its own
 * line, rows cut off by the end of the document marked.
 */
export function noticeTables(tables: NoticeTable[]): SafeHtml {
  if (tables.length === 0) return html``;
  const findings = countFindings(tables.flatMap((t) => t.items.flatMap((i) => i.citations)));
  return html`<section aria-labelledby="tables-title">
<h2 id="tables-title">事项清单（${tables.length} 张表，共 ${tables.reduce((n, t) => n + t.items.length, 0)} 项）</h2>
<p class="${findings > 0 ? 'summary-finding' : 'muted'}">${
    findings > 0
      ? `法规引用核对：发现 ${findings} 处问题，已在“依据”栏中标出。`
      : '法规引用核对：未发现问题（参考库外的法规标为“未核实”）。'
  }</p>
${tables.map((table, t) => tableView(table, t))}
</section>`;
}

function tableView(table: NoticeTable, index: number): SafeHtml {
  const caption = table.title ?? `表 ${index + 1}`;
  const ownColumns =
    table.items.length > 0 && table.items.every((item) => item.cells.length === table.headers.length);
  const keys = columnKeys(table);
  const columns: Columns = { keys, hasPowerType: keys.includes('powerType') };
  const notes = [`${table.items.length} 项`, ...tableNotes(table)];
  return html`<h3 id="table-${index}">${caption}<span class="muted">（${notes.join('，')}）</span></h3>
<div class="table-scroll" role="region" aria-labelledby="table-${index}" tabindex="0">
<table class="items">
${ownColumns ? ownHead(table, columns) : fieldHead()}
<tbody>
${table.items.map((item) => (ownColumns ? ownRow(item, columns, index) : fieldRow(item, index)))}
</tbody>
</table>
</div>`;
}

/** The catalogue's own header row, plus 职权类型 when the catalogue has no such column (it was decided). */
function ownHead(table: NoticeTable, { keys, hasPowerType }: Columns): SafeHtml {
  // a column a reviewer mapped says to which field
  const mapped = (col: number) => {
    const key = keys[col];
    return table.columns && key ? html`<span class="muted">（${FIELD_LABELS[key]}）</span>` : '';
  };
  return html`<thead><tr>${table.headers.map(
    (header, col) =>
      html`<th scope="col" class="${keys[col] === 'seq' ? 'short' : ''}">${header}${mapped(col)}</th>`,
  )}${hasPowerType ? '' : html`<th scope="col" class="short">职权类型<span class="muted">（推定）</span></th>`}</tr></thead>`;
}

function ownRow(item: Item, { keys, hasPowerType }: Columns, index: number): SafeHtml {
  return html`<tr id="${itemAnchor(index, item.seq)}"${item.partial ? html` class="partial"` : ''}>${keys.map(
    (key, col) => ownCell(item, key, item.cells[col] ?? ''),
  )}${hasPowerType ? '' : html`<td class="short">${item.powerType ?? html`<span class="muted">—</span>`}</td>`}</tr>`;
}

function ownCell(item: Item, key: FieldKey | null, text: string): SafeHtml {
  if (isGradeColumn(key) && item.grades.length > 1) {
    return html`<td><ol class="grades">${item.grades.map((grade) => html`<li>${grade[key] ?? '—'}</li>`)}</ol></td>`;
  }
  if (key === 'seq') return html`<td class="num">${text || item.seq}</td>`;
  if (key === 'name') {
    return html`<td class="name">${item.name || html`<span class="muted">（无名称）</span>`}${
      item.partial
        ? html` <span class="badge badge-partial" title="文档在此行中途结束，后面的列可能缺失">截断</span>`
        : ''
    }
${verbatimCells(item)}</td>`;
  }
  if (key === 'basis' && item.citations.length > 0) {
    return html`<td class="basis"><ul class="citations">${item.citations.map((c) => citationView(c))}</ul></td>`;
  }
  return html`<td>${text || html`<span class="muted">—</span>`}</td>`;
}

/** Items stored before the catalogue's columns were kept: the normalized fields. */
function fieldHead(): SafeHtml {
  return html`<thead><tr><th scope="col" class="short">序号</th><th scope="col">事项名称</th><th scope="col" class="short">类型</th><th scope="col">对象</th><th scope="col" class="short">层级</th><th scope="col">依据</th></tr></thead>`;
}

function fieldRow(item: Item, table: number): SafeHtml {
  return html`<tr id="${itemAnchor(table, item.seq)}">
<td class="num">${item.seq}</td>
<td class="name">${item.name}
${verbatimCells(item)}</td>
<td class="short">${item.powerType ?? html`<span class="muted">—</span>`}</td>
<td class="targets">${item.targets.join('、') || html`<span class="muted">—</span>`}</td>
<td class="short">${item.levels.join('、') || html`<span class="muted">—</span>`}</td>
<td class="basis">${
    item.citations.length > 0
      ? html`<ul class="citations">${item.citations.map((c) => citationView(c))}</ul>`
      : (item.basis ?? html`<span class="muted">—</span>`)
  }</td>
</tr>`;
}

/** The row's cells exactly as the source had them, on demand. */
function verbatimCells(item: Item): SafeHtml {
  const cells = Object.entries(item.verbatim);
  if (cells.length === 0) return html``;
  return html`<details class="verbatim"><summary>原文单元格</summary><dl>${cells.map(
    ([header, text]) => html`<dt>${header}</dt><dd>${text}</dd>`,
  )}</dl></details>`;
}
