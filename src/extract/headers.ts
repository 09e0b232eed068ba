/**
 * The header vocabulary: column headers → normalized item fields, whatever a catalogue calls
 * them (事项名称 / 检查事项 / 抽查事项 / 行政权力名称 / 违法行为 … → name). Exact terms first,
 * then patterns on the header's ending. A header no rule knows is kept as an extra column.
 * The same vocabulary finds header rows (`headerScore`) and splits header text whose cells
 * ran together (`segmentHeaderText`).
 */
import type { ItemField } from '../../schemas/review.ts';
import { normalizeText, toSimplified } from '../chinese/text.ts';

export type FieldKey =
  | 'seq' // 序号
  | 'name' // 事项名称 / 检查事项 / 违法行为
  | 'group' // 抽查类别 / 主项 / 权责事项: the parent a row's item belongs to
  | 'powerType' // 职权类型 / 执法类型
  | 'category' // 事项类别: 一般 / 重点检查事项
  | 'targets' // 检查对象 / 强制对象
  | 'basis' // 实施依据 / 检查依据 / 处罚依据 / 检查标准
  | 'levels' // 行使层级
  | 'content' // 检查内容
  | 'methods' // 检查方式
  | 'frequency' // 检查频次
  | 'samplingRatio' // 抽查比例
  | 'coercionKind' // 强制种类（方式）
  | 'conditions' // 适用条件
  | 'procedure' // 适用程序
  | 'implementer' // 实施主体
  | 'department' // 责任科室 / 承办机构
  | 'involvesEnterprises' // 是否涉企
  | 'code' // 事项编码
  | 'period' // 起止时间
  | 'circumstances' // 违法情形 / 违法事实性质和情节 / 不予处罚条件
  | 'grade' // 裁量阶次
  | 'benchmark' // 处罚基准 / 行政裁量权基准 / 处罚幅度
  | 'measures' // 配套监管措施
  | 'accountability' // 追责情形 / 追责依据
  | 'remarks'; // 备注

/** The reviewers' field list (schemas/review.ts) names exactly these keys: a compile-time check. */
export const FIELD_KEYS_MATCH_SCHEMA: [FieldKey] extends [ItemField]
  ? [ItemField] extends [FieldKey]
    ? true
    : never
  : never = true;

/** Headers as written, normalized (simplified, no white space, no trailing note in brackets). */
const EXACT_TERMS: Record<string, FieldKey> = {
  序号: 'seq',
  编号: 'seq',
  序: 'seq',
  事项: 'name',
  名称: 'name',
  子项: 'name',
  违法行为: 'name',
  违法行为名称: 'name',
  主项: 'group',
  抽查类别: 'group',
  抽查项目: 'group',
  权责事项: 'group',
  权责事项清单: 'group',
  检查标准: 'basis',
  依据: 'basis',
  类型: 'powerType',
  类别: 'powerType',
  事项类别: 'category',
  检查类别: 'category',
  对象: 'targets',
  行政相对人: 'targets',
  是否涉企: 'involvesEnterprises',
  裁量阶次: 'grade',
  裁量等级: 'grade',
  处罚阶次: 'grade',
  违法程度: 'grade',
  情节: 'circumstances',
  备注: 'remarks',
  说明: 'remarks',
};
/** A map, not the object: a header that names a property of every object (constructor) is no term. */
const EXACT = new Map(Object.entries(EXACT_TERMS));

/** Ordered: the first pattern that matches the header wins. */
const PATTERNS: [RegExp, FieldKey][] = [
  [/^追责/, 'accountability'],
  [/(?:编码|代码)$/, 'code'],
  [
    /(?:事项|权力|职权|项目|行为)名称$|(?:检查|强制|处罚|抽查|执法|权力|奖励|许可|确认|征收|给付|裁决)事项$|^抽查事项/,
    'name',
  ],
  [/对象$|相对人$/, 'targets'],
  [/(?:基准|幅度)$|(?:处罚|裁量)标准$|^处罚(?:种类|结果)/, 'benchmark'],
  [/依据$|设定依据|法律依据/, 'basis'],
  [/层级$/, 'levels'],
  [/(?:职权|事项|执法|权力|行为|项目)类[型别]$/, 'powerType'],
  [/内容$|重点$/, 'content'],
  [/^强制(?:种类|措施)/, 'coercionKind'],
  [/方式$|方法$/, 'methods'],
  [/频次$|频率$/, 'frequency'],
  [/比例|数量$/, 'samplingRatio'],
  [/情形$|情节$|性质|处罚条件$/, 'circumstances'],
  [/条件$/, 'conditions'],
  [/程序$|流程$/, 'procedure'],
  [/时间$|期限$|时限$/, 'period'],
  [/措施$/, 'measures'],
  [/主体$|实施机关$|执法机关$|实施部门$/, 'implementer'],
  [/科室$|单位$|部门$|机构$|处室$/, 'department'],
];

/** The header normalized for matching: simplified, no pinyin notes or white space, no trailing note in brackets. */
export function headerForm(header: string): string {
  return normalizeText(header)
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[（(][^）)]*[）)]$/u, '')
    .replace(/^[*＊]+|[:：*＊]+$/gu, '');
}

export function headerKey(header: string): FieldKey | null {
  const compact = headerForm(header);
  return EXACT.get(compact) ?? PATTERNS.find(([pattern]) => pattern.test(compact))?.[1] ?? null;
}

/**
 * Text that can be a header cell: short, no sentence punctuation, not an item of a numbered
 * list (（一）事项名称 in an article is prose naming a column, not a table's header).
 */
export function isHeaderCell(text: string): boolean {
  const form = headerForm(text);
  return form.length <= 24 && !/[。；;，,]/u.test(form) && !startsListItem(text);
}

/** Text that starts with a list item's numbering: （一） (1) 1. 一、 ①. */
export function startsListItem(text: string): boolean {
  return LIST_ITEM.test(text.trim());
}

const LIST_ITEM =
  /^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、|[①-⑳])/u;

/** A header term the vocabulary knows exactly (not only by its ending): `TERMS` holds every `EXACT` key. */
export function isExactTerm(text: string): boolean {
  return TERMS.has(headerForm(text));
}

/** The header as written, white space folded (行使 层级 → 行使层级). */
export function cleanHeader(header: string): string {
  return header.replace(/[\s\u3000]+/g, '');
}

/**
 * How much a row reads like a header row: `known`, how many distinct fields the vocabulary
 * places its cells in, and `share`, the part of its filled cells it places. A cell too long or
 * too punctuated to be a header cell (`isHeaderCell`) is placed nowhere.
 */
export function headerScore(cells: string[]): { known: number; share: number } {
  const filled = cells.filter((cell) => headerForm(cell) !== '');
  if (filled.length === 0) return { known: 0, share: 0 };
  const keys = filled.map((cell) => (isHeaderCell(cell) ? headerKey(cell) : null));
  const known = new Set(keys.filter(Boolean)).size;
  const share = keys.filter(Boolean).length / filled.length;
  return { known, share };
}

/**
 * Header terms of catalogues seen in real notices, used to split header text that ran together
 * (序号事项名称责任科室是否涉企执法类型实施依据) and header words broken by spaces (事项 类别).
 */
const TERMS = new Set([
  ...EXACT.keys(),
  ...[
    '事项名称',
    '检查事项',
    '抽查事项',
    '行政检查事项',
    '行政强制事项',
    '行政处罚事项',
    '处罚事项',
    '行政权力名称',
    '权力名称',
    '项目名称',
    '项目类型',
    '职权类型',
    '事项类型',
    '执法类型',
    '权力类型',
    '检查对象',
    '抽查对象',
    '强制对象',
    '处罚对象',
    '检查内容',
    '抽查内容',
    '检查方式',
    '抽查方式',
    '检查比例',
    '抽查比例',
    '检查频次',
    '抽查频次',
    '检查主体',
    '实施主体',
    '法定实施主体',
    '实施部门',
    '实施机关',
    '责任科室',
    '责任单位',
    '承办机构',
    '主管部门',
    '指导部门',
    '办理部门',
    '实施依据',
    '检查依据',
    '设定依据',
    '法律依据',
    '处罚依据',
    '违法依据',
    '执法依据',
    '强制依据',
    '行使层级',
    '实施层级',
    '法定行使层级',
    '违法情形',
    '适用情形',
    '违法事实',
    '违法事实性质和情节',
    '不予处罚条件',
    '行政裁量权基准',
    '裁量基准',
    '处罚基准',
    '处罚幅度',
    '处罚标准',
    '裁量幅度',
    '配套监管措施',
    '追责情形',
    '追责依据',
    '责任事项',
    '事项编码',
    '事项基本编码',
    '起止时间',
    '检查时间',
    '检查重点',
    '适用条件',
    '适用程序',
    '强制种类',
  ],
]);
const LONGEST_TERM = Math.max(...[...TERMS].map((term) => term.length));
/** Any header term in a text, simplified or traditional (the short terms: every longer one holds one). */
const TERM_IN_TEXT = new RegExp(
  [...new Set([...TERMS].filter((term) => term.length >= 2).map((term) => term.slice(-2)))].join('|'),
  'gu',
);

const TERM_AT_START = new RegExp(`^(?:${[...TERMS].sort((a, b) => b.length - a.length).join('|')})`, 'u');

/** Whether a text starts with a header term (a header row's first cell always is one). */
export function startsWithTerm(text: string): boolean {
  return TERM_AT_START.test(toSimplified(text.trimStart()));
}

/** How many header words a text holds (at most 3 are counted): a cheap test before any parsing. */
export function termsIn(text: string): number {
  const simplified = toSimplified(text);
  let count = 0;
  TERM_IN_TEXT.lastIndex = 0;
  for (let m = TERM_IN_TEXT.exec(simplified); m && count < 3; m = TERM_IN_TEXT.exec(simplified)) count++;
  return count;
}

const TRAILING_NOTE = /[（(][^）)]*[）)]$/u;

/**
 * Splits header text whose cells ran together into the vocabulary's terms, preferring the
 * fewest, longest terms; white space is a boundary a term may still cross (事项 类别). Returns
 * null unless known terms cover the whole text but for at most one short unknown run.
 */
export function segmentHeaderText(text: string): string[] | null {
  const line = normalizeText(text).normalize('NFKC').replace(/\s+/gu, ' ').trim();
  const n = line.length;
  /** best[i]: the best split of line[i..]: unknown characters, terms, where the first term ends. */
  const unknownAt = new Int32Array(n + 1);
  const termsAt = new Int32Array(n + 1);
  const cutAt = new Int32Array(n + 1).fill(-1);
  cutAt[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    if (line[i] === ' ') {
      if (cutAt[i + 1] === -1) continue;
      [unknownAt[i], termsAt[i], cutAt[i]] = [unknownAt[i + 1] as number, termsAt[i + 1] as number, i + 1];
      continue;
    }
    for (let j = i + 1; j <= Math.min(n, i + LONGEST_TERM + 4); j++) {
      if (cutAt[j] === -1) continue;
      const piece = line.slice(i, j).replace(/ /gu, '');
      const known = TERMS.has(piece) || TERMS.has(piece.replace(TRAILING_NOTE, ''));
      const unknown = (unknownAt[j] as number) + (known ? 0 : piece.length);
      const terms = (termsAt[j] as number) + 1;
      if (
        cutAt[i] === -1 ||
        unknown < (unknownAt[i] as number) ||
        (unknown === unknownAt[i] && terms < (termsAt[i] as number))
      ) {
        [unknownAt[i], termsAt[i], cutAt[i]] = [unknown, terms, j];
      }
    }
  }
  if (cutAt[0] === -1 || (unknownAt[0] as number) > 4) return null;
  const terms: string[] = [];
  for (let i = 0; i < n; ) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const cut = cutAt[i] as number;
    terms.push(line.slice(i, cut).replace(/ /gu, ''));
    i = cut;
  }
  return terms;
}
