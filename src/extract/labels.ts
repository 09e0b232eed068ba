import type { NoticeTable, TableKind, TableLayout } from '../../schemas/notice.ts';

/** What people read for a table's kind and layout (the schema's codes stay for programs). */
const TABLE_KIND_LABELS: Record<TableKind, string> = {
  catalogue: '事项清单',
  discretion: '裁量基准',
  exemption: '免罚清单',
};

export const TABLE_LAYOUT_LABELS: Record<TableLayout, string> = {
  grid: '表格',
  delimited: '分隔符文字',
  spaced: '空格分列文字',
  vertical: '每行一格文字',
  'run-together': '连排文字',
};

/** A table described in a few words: power type, kind, where it was read from, how sure. */
export function tableNotes(table: NoticeTable): string[] {
  return [
    table.powerType,
    TABLE_KIND_LABELS[table.kind],
    table.layout === 'grid' ? null : `识别自${TABLE_LAYOUT_LABELS[table.layout]}`,
    table.confidence < 1 ? `可信度 ${Math.round(table.confidence * 100)}%` : null,
  ].filter((note): note is string => note !== null);
}
