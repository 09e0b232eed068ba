/**
 * Downloads of a diff or of the coverage matrix over HTTP, rendered by the CLI's writers
 * (src/export/*): XLSX and DOCX loaded lazily, CSV with a BOM so Excel reads it as UTF-8,
 * Markdown. The file name is sent as RFC 6266 / RFC 5987 `filename*` (Chinese region names)
 * with an ASCII fallback.
 */
import type { FastifyReply } from 'fastify';
import type { DiffResult, ExportFormat, ItemRef, Matrix } from '../../schemas/compare.ts';
import type { Item } from '../../schemas/notice.ts';
import { type Catalogue, catalogueItems } from '../compare/catalogue.ts';
import { renderMatrix } from '../export/matrix-text.ts';
import { csvOf, diffViews, markdownTable, matrixView } from '../export/views.ts';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** The diff in `format` (the sides are needed for the Word report's full item fields). */
export async function diffBytes(
  result: DiffResult,
  format: ExportFormat,
  sides: [Catalogue, Catalogue],
): Promise<Uint8Array | string> {
  const lookup = itemLookup(...sides);
  switch (format) {
    case 'xlsx':
      return (await import('../export/xlsx.ts')).viewsXlsx(diffViews(result, lookup));
    case 'docx':
      return (await import('../export/diff-docx.ts')).diffDocx(result, lookup);
    case 'csv':
      return `\uFEFF${csvOf(diffViews(result, lookup))}`;
    case 'md':
      return `${diffViews(result, lookup)
        .map((v) => `## ${v.name} (${v.rows.length})\n\n${v.rows.length ? markdownTable(v) : '—'}`)
        .join('\n\n')}\n`;
  }
}

/** The coverage matrix in `format`. */
export async function matrixBytes(matrix: Matrix, format: ExportFormat): Promise<Uint8Array | string> {
  switch (format) {
    case 'xlsx':
      return (await import('../export/xlsx.ts')).viewsXlsx([matrixView(matrix)]);
    case 'docx':
      return (await import('../export/matrix-docx.ts')).matrixDocx(matrix);
    case 'csv':
      return `\uFEFF${csvOf([matrixView(matrix)])}`;
    case 'md':
      return matrix.regions.length <= 12
        ? `${markdownTable(matrixView(matrix))}\n`
        : `${renderMatrix(matrix)}\n`;
  }
}

/** Sends bytes as a download named `name.format` (`fallback.format` for clients without RFC 5987). */
export function sendAttachment(
  reply: FastifyReply,
  file: { name: string; fallback: string },
  format: ExportFormat,
  body: Uint8Array | string,
): FastifyReply {
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', contentDisposition(`${file.name}.${format}`, `${file.fallback}.${format}`))
    .header('cache-control', 'no-store')
    .send(typeof body === 'string' ? body : Buffer.from(body));
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266, RFC 5987). */
export function contentDisposition(fileName: string, fallback = 'download'): string {
  const clean = [...fileName]
    .map((ch) => (ch < ' ' || ch === '\x7f' || '"\\/:*?<>|'.includes(ch) ? '_' : ch))
    .join('');
  const ascii = /^[\x20-\x7e]+$/u.test(clean) ? clean : fallback.replace(/[^\w.-]/gu, '_');
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/gu,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The full items behind a result's references (for the side-by-side Word report and the web page). */
export function itemLookup(a: Catalogue, b: Catalogue): (side: 'a' | 'b', ref: ItemRef) => Item | undefined {
  const key = (ref: ItemRef) => `${ref.notice}|${ref.table}|${ref.seq}`;
  const maps = {
    a: new Map(catalogueItems(a).map((x) => [key(x.ref), x.item])),
    b: new Map(catalogueItems(b).map((x) => [key(x.ref), x.item])),
  };
  return (side, ref) => maps[side].get(key(ref));
}
