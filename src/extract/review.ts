import type { Block } from '../../schemas/document.ts';
import type {
  Article,
  ExtractionWarning,
  NoticeTable,
  ReviewState,
  TableLayout,
} from '../../schemas/notice.ts';
import { normalizeText } from '../chinese/text.ts';
import { headerKey } from './headers.ts';
import { TABLE_LAYOUT_LABELS } from './labels.ts';
import type { FoundTable } from './tables.ts';

/**
 * Honest confidence: per table, how much of what was extracted was read as the source laid it
 * out and how much was guessed (cells realigned by content, a layout recognized in running
 * text, rows cut off); per notice, whether a person should check it — above all a document that
 * reads like a catalogue but yields fewer rows than its numbering, which must never pass as
 * done. Every warning carries a stable code and a Chinese message naming the table and line.
 */

/** How sure a layout's columns are before anything else is looked at. */
const LAYOUT_CONFIDENCE: Record<TableLayout, number> = {
  grid: 1,
  delimited: 0.95,
  spaced: 0.85,
  vertical: 0.85,
  'run-together': 0.7,
};
/** Below this a table is reviewed by a person. */
const REVIEW_BELOW = 0.7;
/** Warnings that always call for review. */
const REVIEW_CODES = new Set(['rows-missing', 'catalogue-without-rows', 'row-cut-off', 'nothing-found']);

/** Scores each table (its `confidence` is set in place) and returns its warnings. */
export function assessTables(found: FoundTable[]): ExtractionWarning[] {
  const warnings: ExtractionWarning[] = [];
  found.forEach(({ table, recognized }, t) => {
    const at = { table: t, line: table.line, page: table.page };
    const label = `表${t + 1}${table.title ? `「${table.title}」` : ''}`;
    let confidence = LAYOUT_CONFIDENCE[table.layout];
    if (table.layout !== 'grid' && table.layout !== 'delimited') {
      warnings.push({
        code: 'table-from-text',
        message: `${label}由${TABLE_LAYOUT_LABELS[table.layout]}识别而来：列由表头词表确定，请核对各列内容。`,
        ...at,
      });
    }
    const realigned = recognized.rows.filter((row) => row.realigned && !row.open).length;
    if (realigned > 0 && table.layout !== 'vertical') {
      confidence -= 0.15 * (realigned / Math.max(1, recognized.rows.length));
      warnings.push({
        code: 'cells-realigned',
        message: `${label}有 ${realigned} 行的单元格与表头列数不符，已按内容重新对齐（合并单元格或缺少分隔）。`,
        ...at,
      });
    }
    const unknown = table.headers.filter((header) => headerKey(header) === null);
    if (unknown.length > 0) {
      confidence -= 0.1 * (unknown.length / table.headers.length);
      warnings.push({
        code: 'columns-kept-as-written',
        message: `${label}的列「${unknown.join('」「')}」未对应到标准字段，按原文保留。`,
        ...at,
      });
    }
    const unnamed = table.items.filter((item) => item.name === '').length;
    if (unnamed > 0) {
      confidence -= 0.2;
      warnings.push({ code: 'empty-name', message: `${label}有 ${unnamed} 项没有事项名称。`, ...at });
    }
    for (const item of table.items.filter((candidate) => candidate.partial)) {
      warnings.push({
        code: 'row-cut-off',
        message: `${label}第 ${item.seq} 项「${item.name.slice(0, 24)}」在文档结尾处被截断，后面的列可能缺失。`,
        ...at,
      });
    }
    const gaps = table.items.filter((item, k) => k > 0 && item.seq > (table.items[k - 1]?.seq ?? 0) + 1);
    if (gaps.length > 0) {
      warnings.push({
        code: 'seq-gap',
        message: `${label}序号不连续：${gaps.map((item) => `${item.seq}`).join('、')} 之前有缺号。`,
        ...at,
      });
    }
    table.confidence = round(Math.max(0, Math.min(1, confidence)));
  });
  return warnings;
}

/** Warnings about the notice as a whole, and whether it needs review. */
export function assessNotice(
  blocks: Block[],
  tables: NoticeTable[],
  articles: Article[],
  tableWarnings: ExtractionWarning[],
): { warnings: ExtractionWarning[]; review: ReviewState } {
  const warnings = [...tableWarnings];
  const items = tables.reduce((n, table) => n + table.items.length, 0);
  const evidence = catalogueEvidence(blocks);
  if (evidence.headerLine !== null && items === 0) {
    warnings.push({
      code: 'catalogue-without-rows',
      message: `文档第 ${evidence.headerLine} 行像是事项表的表头，但没有识别出任何事项，请复核。`,
      table: null,
      line: evidence.headerLine,
      page: null,
    });
  } else if (evidence.numberedRows > items) {
    warnings.push({
      code: 'rows-missing',
      message: `正文中有 ${evidence.numberedRows} 个连续编号的行，只识别出 ${items} 项，可能漏了事项，请复核。`,
      table: null,
      line: null,
      page: null,
    });
  }
  if (tables.length === 0 && articles.length === 0 && evidence.headerLine === null) {
    warnings.push({
      code: 'nothing-found',
      message: '没有找到事项表，也没有找到条款（第X条）。',
      table: null,
      line: null,
      page: null,
    });
  }
  const confidence = tables.reduce((least, table) => Math.min(least, table.confidence), 1);
  const reasons = [...new Set(warnings.filter((w) => REVIEW_CODES.has(w.code)).map((w) => w.code))];
  if (confidence < REVIEW_BELOW) reasons.push('low-confidence');
  return { warnings, review: { needed: reasons.length > 0, confidence: round(confidence), reasons } };
}

/**
 * What says a document is a catalogue, from its text alone: the first line that reads like a
 * table header (序号 with two more header words), and the longest run of lines (or first table
 * cells) numbered 1, 2, 3 … one after another.
 */
function catalogueEvidence(blocks: Block[]): { headerLine: number | null; numberedRows: number } {
  const leads: number[] = [];
  let headerLine: number | null = null;
  /** Lines counted through the text, for blocks that do not carry the line they start on. */
  let counted = 0;
  for (const block of blocks) {
    if (block.kind === 'table') {
      const firstColumn = block.table.cells.filter((cell) => cell.col === 0).map((cell) => cell.text.trim());
      for (const text of firstColumn) if (/^\d{1,4}$/u.test(text)) leads.push(Number(text));
      continue;
    }
    block.text.split('\n').forEach((raw, offset) => {
      counted++;
      const text = raw.trim();
      if (!/^(?:\d|序)/u.test(text)) return;
      if (headerLine === null && /^序[号號]/u.test(text) && headerWords(normalizeText(text)) >= 3)
        headerLine = block.line === undefined ? counted : block.line + offset;
      const lead = /^(\d{1,4})(?=[\s|｜\p{Script=Han}]|$)/u.exec(text);
      if (lead && headerLine !== null) leads.push(Number(lead[1]));
    });
  }
  return { headerLine, numberedRows: longestRun(leads) };
}

/** How many header words a line starting with 序号 names: 序号 and the distinct words after it. */
function headerWords(text: string): number {
  return new Set(text.match(HEADER_WORDS)).size + 1;
}

/**
 * The words a catalogue's header row is told by. Narrower than the header vocabulary's
 * `termsIn`, on purpose: a line of prose that starts with 序号 and names a 单位 or 部门 is
 * no header.
 */
const HEADER_WORDS =
  /事项名称|检查事项|抽查事项|事项|名称|对象|依据|类型|类别|层级|主体|方式|比例|频次|违法行为|情节|基准|备注/gu;

/** The longest run n, n+1, n+2 … in order (other numbers may sit between). */
function longestRun(numbers: number[]): number {
  let best = 0;
  const runs = new Map<number, number>();
  for (const n of numbers) {
    const length = (runs.get(n - 1) ?? 0) + 1;
    if (length > (runs.get(n) ?? 0)) runs.set(n, length);
    best = Math.max(best, length);
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
