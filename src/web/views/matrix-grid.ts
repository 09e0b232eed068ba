/** The coverage grid: a row per power, a column per region (one page of regions), symbols plus text, not colour alone. */
import type { CoverageCell, Matrix, MatrixRow } from '../../../schemas/compare.ts';
import { html, type SafeHtml } from '../html.ts';
import { itemRef } from './item-ref.ts';

const CELLS: Record<CoverageCell, { symbol: string; text: string }> = {
  present: { symbol: '✓', text: '有' },
  differs: { symbol: '≠', text: '有，依据或对象不同' },
  absent: { symbol: '—', text: '无' },
};

export function matrixLegend(): SafeHtml {
  return html`<p class="legend">图例：
  <span class="cell present">✓</span> 有该事项
  <span class="cell differs">≠</span> 有，但依据或对象与多数地区不同
  <span class="cell absent">—</span> 无</p>`;
}

/**
 * A region's column header: names of five characters or more shortened (西藏自治区 → 西藏,
 * 新疆维吾尔自治区 → 新疆) so the stacked headers stay short, the full name on hover and focus.
 */
function regionHeader(name: string): SafeHtml {
  const short = name.length >= 5 ? shortRegion(name) : name;
  return short === name
    ? html`<th scope="col" class="region"><span class="stacked">${name}</span></th>`
    : html`<th scope="col" class="region"><abbr class="stacked" title="${name}" tabindex="0" aria-label="${name}">${short}</abbr></th>`;
}

function shortRegion(name: string): string {
  const known = /^(内蒙古|黑龙江|新疆|西藏|广西|宁夏)/u.exec(name)?.[1];
  if (known) return known;
  const cut = name.replace(/(?:特别行政区|自治区|自治州|自治县|地区|新区|盟)$/u, '');
  return cut.length >= 2 && cut.length < name.length ? cut : name.slice(0, 4);
}

export function matrixGrid(matrix: Matrix, rows: MatrixRow[], columns: number[], caption: string): SafeHtml {
  return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="grid-caption">
<table class="matrix">
  <caption id="grid-caption">${caption}</caption>
  <thead><tr>
    <th scope="col">编号</th><th scope="col">职权类型</th><th scope="col">事项</th><th scope="col">地区数</th>
    ${columns.map((i) => regionHeader(matrix.regions[i] ?? ''))}
  </tr></thead>
  <tbody>
    ${rows.map(
      (row) => html`<tr>
      <td>${row.id}</td><td>${row.powerType ?? '—'}</td><th scope="row">${row.name}</th>
      <td>${row.members.length}</td>
      ${columns.map((i) => {
        const state = row.cells[i] ?? 'absent';
        const member = row.members.find((m) => m.region === i);
        const title = member
          ? `${matrix.regions[i]} ${itemRef(member.table, member.seq)} ${member.name}`
          : CELLS[state].text;
        return html`<td class="cell ${state}" title="${title}"><span aria-hidden="true">${CELLS[state].symbol}</span><span class="visually-hidden">${CELLS[state].text}</span></td>`;
      })}
    </tr>`,
    )}
  </tbody>
</table></div>`;
}
