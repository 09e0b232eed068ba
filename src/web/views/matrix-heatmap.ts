/**
 * The heat map of coverage as SVG, drawn on the server: powers (rows) × provinces (columns), each
 * cell the share of the province's regions that have the power, written in the cell as a percent
 * (not colour alone), with <title> and <desc> as the text alternative. All text is escaped.
 */
import { html, type SafeHtml } from '../html.ts';

/** Rows drawn at most; the grid below the picture lists them all. */
export const HEATMAP_MAX_ROWS = 60;

const CELL_W = 44;
const CELL_H = 22;
const LABEL_W = 300;
const HEAD_H = 96;
/** Fill and text colour per fifth of coverage (ColorBrewer Blues; AA contrast for the percent). */
const SCALE: [string, string][] = [
  ['#f3f6f9', '#1b1f24'],
  ['#deebf7', '#1b1f24'],
  ['#9ecae1', '#1b1f24'],
  ['#4292c6', '#ffffff'],
  ['#08519c', '#ffffff'],
];

export interface HeatmapInput {
  rows: { id: string; name: string; powerType: string | null }[];
  provinces: string[];
  /** shares[row][province] in 0–1. */
  shares: number[][];
}

export function heatmapSvg(input: HeatmapInput, options: { standalone?: boolean } = {}): SafeHtml {
  const rows = input.rows.slice(0, HEATMAP_MAX_ROWS);
  const width = LABEL_W + Math.max(1, input.provinces.length) * CELL_W + 8;
  const height = HEAD_H + Math.max(1, rows.length) * CELL_H + 8;
  const desc = `${rows.length} 项执法职权 × ${input.provinces.length} 个省级地区的覆盖率：每格为该省已比对地区中具有该职权的比例。${
    input.rows.length > rows.length ? `仅绘出前 ${rows.length} 项。` : ''
  }${rows
    .map(
      (r, i) =>
        `${r.name}：${input.provinces.map((p, j) => `${p} ${percent(input.shares[i]?.[j] ?? 0)}`).join('，')}`,
    )
    .join('；')}`;
  return html`<svg${options.standalone ? html` xmlns="http://www.w3.org/2000/svg"` : ''} class="heatmap" role="img" aria-labelledby="hm-title hm-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif" font-size="12">
<title id="hm-title">执法事项覆盖热力图（按省汇总）</title>
<desc id="hm-desc">${desc}</desc>
<rect width="${width}" height="${height}" fill="#ffffff"/>
${input.provinces.map((p, j) => {
  const x = LABEL_W + j * CELL_W + CELL_W / 2;
  return html`<text x="${x}" y="${HEAD_H - 6}" transform="rotate(-50 ${x} ${HEAD_H - 6})" fill="#1b1f24">${p}</text>`;
})}
${rows.map((row, i) => {
  const y = HEAD_H + i * CELL_H;
  return html`<g>
<text x="${LABEL_W - 6}" y="${y + CELL_H / 2 + 4}" text-anchor="end" fill="#1b1f24">${row.id} ${clip(row.name, 20)}</text>
${input.provinces.map((p, j) => {
  const share = input.shares[i]?.[j] ?? 0;
  const [fill, ink] = SCALE[bucket(share)] ?? ['#fff', '#000'];
  const x = LABEL_W + j * CELL_W;
  return html`<rect x="${x}" y="${y}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${fill}"><title>${row.name} · ${p}：${percent(share)}</title></rect>
<text x="${x + (CELL_W - 2) / 2}" y="${y + CELL_H / 2 + 3}" text-anchor="middle" font-size="10" fill="${ink}">${percent(share)}</text>`;
})}
</g>`;
})}
</svg>`;
}

function bucket(share: number): number {
  if (share <= 0) return 0;
  return Math.min(4, 1 + Math.floor(share * 4 - 1e-9));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
