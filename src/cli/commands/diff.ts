import { parseArgs } from 'node:util';
import type { DiffResult, ItemRef } from '../../../schemas/compare.ts';
import type { Item } from '../../../schemas/notice.ts';
import { type Catalogue, catalogueItems } from '../../compare/catalogue.ts';
import { diffCatalogues } from '../../compare/diff.ts';
import { DEFAULT_THRESHOLD } from '../../compare/item-similarity.ts';
import { isFile, loadSide } from '../../compare/sources.ts';
import { renderDiff } from '../../export/diff-text.ts';
import { csvOf, diffViews, type ItemLookup, markdownTable } from '../../export/views.ts';
import { referenceLaws } from '../../laws/library.ts';
import { openStore } from '../../store/index.ts';
import type { NoticeStore } from '../../store/types.ts';
import type { Command } from '../io.ts';
import { chooseFormat, emit } from '../output.ts';
import { SPECS, UsageError } from '../specs.ts';

/**
 * `policy-kb diff <a> <b> [--json] [--format text|md|csv|xlsx|docx] [--out file] [--threshold x]`:
 * compares two notices (files) or two regions' current catalogues in the knowledge base; the
 * store is opened only when a side is not a file.
 */
export const diffCommand: Command = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: SPECS.diff.options,
  });
  if (positionals.length !== 2) {
    throw new UsageError('diff', '请给出两个文件、通知或地区，例如 policy-kb diff 官渡区 北京市');
  }
  const chosen = values.json ? { format: 'json' as const } : chooseFormat('diff', values.format, values.out);
  const { format } = chosen;
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new UsageError('diff', '--threshold 须是 0 到 1 之间的数');
  }
  const [specA, specB] = positionals as [string, string];
  const needsStore = !(await isFile(specA)) || !(await isFile(specB));
  const store: NoticeStore | null = needsStore ? await openStore(context.config) : null;
  try {
    const [a, b] = [await loadSide(specA, store), await loadSide(specB, store)];
    const result = diffCatalogues(a, b, { threshold, library: referenceLaws() });
    if (format === 'json') {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const lookup = itemLookup(a, b);
    return await emit(io, format, values.out, {
      text: () => renderDiff(result),
      md: () => diffMarkdown(result, lookup),
      csv: () => csvOf(diffViews(result, lookup)),
      xlsx: async () => (await import('../../export/xlsx.ts')).viewsXlsx(diffViews(result, lookup)),
      docx: async () => (await import('../../export/diff-docx.ts')).diffDocx(result, lookup),
    });
  } finally {
    await store?.close();
  }
};

/** The views as one Markdown document with a heading per view. */
function diffMarkdown(result: DiffResult, lookup: ItemLookup): string {
  return diffViews(result, lookup)
    .map((view) => `## ${view.name} (${view.rows.length})\n\n${view.rows.length ? markdownTable(view) : '—'}`)
    .join('\n\n');
}

/** The full items behind the result's references (for the side-by-side report). */
function itemLookup(a: Catalogue, b: Catalogue): (side: 'a' | 'b', ref: ItemRef) => Item | undefined {
  const key = (ref: ItemRef) => `${ref.notice}|${ref.table}|${ref.seq}`;
  const maps = {
    a: new Map(catalogueItems(a).map((x) => [key(x.ref), x.item])),
    b: new Map(catalogueItems(b).map((x) => [key(x.ref), x.item])),
  };
  return (side, ref) => maps[side].get(key(ref));
}
