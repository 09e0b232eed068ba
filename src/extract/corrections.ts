/**
 * A reviewer's corrections applied to an extracted notice, and the column mappings reviewers
 * confirmed applied to a new extraction. Pure: the notice in, the corrected notice and the
 * changes in words out. A table's items are rebuilt from their cells as written (`verbatim`)
 * under the corrected column mapping, so a re-mapped column moves every row's value at once.
 */
import type { Item, Notice, NoticeTable, PowerType } from '../../schemas/notice.ts';
import type { Correction, HeaderAlias, ItemField } from '../../schemas/review.ts';
import { BadInputError } from '../errors.ts';
import { type FieldKey, headerForm, headerKey } from './headers.ts';
import { itemFromCells, rawCells } from './items.ts';

/** Field names as staff read them. */
export const FIELD_LABELS: Record<ItemField, string> = {
  seq: '序号',
  name: '事项名称',
  group: '主项/类别',
  powerType: '职权类型',
  category: '事项类别',
  targets: '对象',
  basis: '依据',
  levels: '行使层级',
  content: '检查内容',
  methods: '检查方式',
  frequency: '检查频次',
  samplingRatio: '抽查比例',
  coercionKind: '强制种类',
  conditions: '适用条件',
  procedure: '适用程序',
  implementer: '实施主体',
  department: '责任科室',
  involvesEnterprises: '是否涉企',
  code: '事项编码',
  period: '起止时间',
  circumstances: '违法情形',
  grade: '裁量阶次',
  benchmark: '裁量基准',
  measures: '监管措施',
  accountability: '追责情形',
  remarks: '备注',
};

/** A table's column mapping: as a reviewer set it, else the header vocabulary's. */
export function columnKeys(table: Pick<NoticeTable, 'headers' | 'columns'>): (FieldKey | null)[] {
  return table.columns ?? table.headers.map(headerKey);
}

/**
 * Applies `corrections` in order. Table and item indexes refer to the notice as it is when that
 * correction applies (after the ones before it). A correction naming a table, item or column
 * that does not exist is refused (BadInputError), so nothing half-applied is ever saved.
 */
export function applyCorrections(
  notice: Notice,
  corrections: readonly Correction[],
  what = 'review',
): { notice: Notice; changes: string[]; mapped: { header: string; field: ItemField | null }[] } {
  const next = structuredClone(notice);
  /** The column mappings set, by the header they name (what a review teaches later extractions). */
  const mapped: { header: string; field: ItemField | null }[] = [];
  /** Each table's column mapping, as corrected so far. */
  const keys = next.tables.map(columnKeys);
  const changes: string[] = [];
  const bad = (message: string) => new BadInputError(what, 'malformed', message);
  const tableAt = (t: number) => {
    const table = next.tables[t];
    if (!table) throw bad(`没有表${t + 1}`);
    return table;
  };
  const itemAt = (table: NoticeTable, t: number, i: number) => {
    const item = table.items[i];
    if (!item) throw bad(`表${t + 1}没有第 ${i + 1} 行`);
    return item;
  };
  const columnAt = (table: NoticeTable, t: number, c: number) => {
    if (c >= table.headers.length) throw bad(`表${t + 1}没有第 ${c + 1} 列`);
    return table.headers[c] as string;
  };
  const rebuild = (t: number, cells: string[], previous: Item | undefined, kept?: Item) =>
    itemFromCells(
      cells,
      tableAt(t).headers,
      keys[t] as (FieldKey | null)[],
      tableAt(t).powerType,
      previous,
      kept,
    );
  const label = (t: number, item: Item) => `表${t + 1}·第${item.seq}项`;

  for (const correction of corrections) {
    switch (correction.kind) {
      case 'map-column': {
        const table = tableAt(correction.table);
        const header = columnAt(table, correction.table, correction.column);
        const mapping = keys[correction.table] as (FieldKey | null)[];
        const before = mapping[correction.column] ?? null;
        mapping[correction.column] = correction.field;
        table.columns = [...mapping];
        mapped.push({ header, field: correction.field });
        table.items = table.items.map((item, i) =>
          rebuild(correction.table, rawCells(item, table.headers), table.items[i - 1], item),
        );
        changes.push(
          `表${correction.table + 1}的「${header}」列从${before ? `“${FIELD_LABELS[before]}”` : '未识别'}改为${correction.field ? `“${FIELD_LABELS[correction.field]}”` : '不对应任何字段'}`,
        );
        break;
      }
      case 'not-catalogue': {
        const table = tableAt(correction.table);
        next.tables.splice(correction.table, 1);
        keys.splice(correction.table, 1);
        changes.push(
          `表${correction.table + 1}（${table.title ?? '无标题'}，${table.items.length} 项）不是执法事项清单，已移除`,
        );
        break;
      }
      case 'set-cell': {
        const table = tableAt(correction.table);
        const item = itemAt(table, correction.table, correction.item);
        const header = columnAt(table, correction.table, correction.column);
        const cells = rawCells(item, table.headers);
        const before = cells[correction.column] ?? '';
        cells[correction.column] = correction.value;
        table.items[correction.item] = rebuild(
          correction.table,
          cells,
          table.items[correction.item - 1],
          item,
        );
        changes.push(`${label(correction.table, item)}的「${header}」从“${before}”改为“${correction.value}”`);
        break;
      }
      case 'set-power-type': {
        const table = tableAt(correction.table);
        const set = (item: Item) => {
          item.powerType = correction.powerType as PowerType;
        };
        if (correction.item === null) {
          table.powerType = correction.powerType;
          table.items.forEach(set);
          changes.push(`表${correction.table + 1}的职权类型设为“${correction.powerType}”`);
        } else {
          const item = itemAt(table, correction.table, correction.item);
          set(item);
          changes.push(`${label(correction.table, item)}的职权类型设为“${correction.powerType}”`);
        }
        break;
      }
      case 'add-row': {
        const table = tableAt(correction.table);
        const item = rebuild(
          correction.table,
          padded(correction.cells, table.headers.length),
          table.items.at(-1),
        );
        table.items.push(item);
        changes.push(`表${correction.table + 1}补充第${item.seq}项「${item.name}」`);
        break;
      }
      case 'delete-row': {
        const table = tableAt(correction.table);
        const item = itemAt(table, correction.table, correction.item);
        table.items.splice(correction.item, 1);
        changes.push(`删除${label(correction.table, item)}「${item.name}」`);
        break;
      }
      case 'merge-rows': {
        const table = tableAt(correction.table);
        const first = itemAt(table, correction.table, correction.item);
        const second = itemAt(table, correction.table, correction.item + 1);
        const [a, b] = [rawCells(first, table.headers), rawCells(second, table.headers)];
        // the second row's 序号 goes: it continued the first
        const seqColumn = (keys[correction.table] ?? []).indexOf('seq');
        const cells = a.map((text, c) =>
          c === seqColumn || !b[c] ? text : [text, b[c]].filter(Boolean).join('\n'),
        );
        table.items.splice(
          correction.item,
          2,
          rebuild(correction.table, cells, table.items[correction.item - 1], first),
        );
        changes.push(`${label(correction.table, first)}与下一行（第${second.seq}项）合并为一项`);
        break;
      }
      case 'split-row': {
        const table = tableAt(correction.table);
        const item = itemAt(table, correction.table, correction.item);
        const rows: Item[] = [];
        for (const cells of correction.rows)
          rows.push(
            rebuild(
              correction.table,
              padded(cells, table.headers.length),
              rows.at(-1) ?? table.items[correction.item - 1],
            ),
          );
        table.items.splice(correction.item, 1, ...rows);
        changes.push(`${label(correction.table, item)}拆分为 ${rows.length} 项`);
        break;
      }
      case 'add-article': {
        const { number, text, chapter } = correction;
        if (next.articles.some((a) => a.number === number)) throw bad(`第${number}条已存在`);
        next.articles.push({ chapter, chapterNumber: null, chapterTitle: null, number, text });
        next.articles.sort((a, b) => a.number - b.number);
        changes.push(`补充第${number}条`);
        break;
      }
    }
  }
  // a person checked it: what called for review is settled
  next.review = { needed: false, confidence: 1, reasons: [] };
  return { notice: next, changes, mapped };
}

function padded(cells: string[], length: number): string[] {
  return Array.from({ length }, (_, c) => cells[c] ?? '');
}

/**
 * The column mappings reviewers confirmed, applied to a new extraction: a header a reviewed
 * alias names (for this region, else for every region) is mapped as the reviewer said, and
 * the table's items are rebuilt. Returns the notice unchanged when no alias applies.
 */
export function applyHeaderAliases(
  notice: Notice,
  aliases: readonly HeaderAlias[],
): { notice: Notice; applied: HeaderAlias[] } {
  if (aliases.length === 0 || notice.tables.length === 0) return { notice, applied: [] };
  const region = notice.meta.region?.code ?? null;
  const byHeader = new Map<string, HeaderAlias>();
  // a region's own alias wins over one learned everywhere; later reviews over earlier ones
  for (const alias of [...aliases].sort(
    (a, b) => Number(a.regionCode !== null) - Number(b.regionCode !== null),
  )) {
    if (alias.regionCode !== null && alias.regionCode !== region) continue;
    byHeader.set(alias.header, alias);
  }
  const corrections: Correction[] = [];
  const applied: HeaderAlias[] = [];
  notice.tables.forEach((table, t) => {
    const keys = columnKeys(table);
    table.headers.forEach((header, column) => {
      const alias = byHeader.get(headerForm(header));
      if (!alias || alias.field === keys[column]) return;
      corrections.push({ kind: 'map-column', table: t, column, field: alias.field });
      applied.push(alias);
    });
  });
  if (corrections.length === 0) return { notice, applied };
  const review = notice.review;
  const corrected = applyCorrections(notice, corrections, notice.source?.file ?? 'notice').notice;
  // learned mappings fix the columns; whatever else called for review still does
  return { notice: { ...corrected, review }, applied };
}
