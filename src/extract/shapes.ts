import { NUMERAL } from '../chinese/numerals.ts';
import type { FieldKey } from './headers.ts';
import { parsePowerType } from './power-type.ts';

/**
 * What a cell's text says it is: how well a (normalized) text fits a column of each field,
 * from -1 (it cannot be that column) through 0 (no opinion) to 1 (only that column looks like
 * this). Row alignment uses it to put cells back in their columns when a row arrives with
 * cells missing (merged above), run together or split on spaces inside a cell.
 */
const ARTICLE_REF = new RegExp(`第${NUMERAL}条`, 'u');
const LAW_KIND = /【(?:法律|行政法规|地方性法规|部门规章|规章|政府规章|规范性文件)】/u;
const ORGANISATION_END = /(?:局|中心|科|室|处|股|队|所|部门|政府|委员会|分局|办公室)$/u;
const NAME_END =
  /(?:检查|抽查|处罚|监督|管理|强制|奖励|确认|给付|征收|裁决|罚款|查封|扣押|封存|冻结|划拨|行为|措施|滞纳金|情况|核查|的)[。.]?$/u;
const TARGET_WORDS = /单位|机构|人员|个人|药店|医院|参保|企业|组织|医师|药师|经办|用人|患者|医药/u;
/** The words of a 裁量阶次 (轻微 / 一般 / 较重 / 严重 …), as RegExp source. */
export const GRADE_TERMS = '轻微|一般|较轻|较重|严重|特别严重|从轻|减轻|从重';
/** The same, or 不予处罚: a word that leads a 裁量阶次 row. */
export const GRADE_LEADS = `${GRADE_TERMS}|不予处罚`;
const GRADE_WORDS = new RegExp(
  `^(?:${GRADE_LEADS}|不予|首次|初次|[一二三四五]档|第[一二三四五]档|[A-E]级?|[一二三四五]级)`,
  'u',
);

type Shape = (text: string) => number;

const SHAPES: Partial<Record<FieldKey, Shape>> = {
  seq: (text) => (/^(?:\d{1,5}|[*＊])[.、]?$/u.test(text) ? 1 : -1),
  powerType: (text) => (parsePowerType(text) !== null && text.length <= 14 ? 1 : -0.8),
  basis: (text) =>
    text.includes('《') || ARTICLE_REF.test(text) || LAW_KIND.test(text)
      ? 1
      : /》|(?:法|条例|办法|规定|细则|决定)$/u.test(text)
        ? 0.5
        : -0.4,
  levels: (text) => (text.length <= 30 && /级/u.test(text) && !/《|。/u.test(text) ? 0.9 : -0.5),
  name: (text) => {
    if (/^\d+$/u.test(text) || parsePowerType(text) === text) return -1;
    if (text.startsWith('《') || LAW_KIND.test(text)) return -0.8;
    const ending = NAME_END.test(text) ? 0.5 : 0;
    const opening = /^(?:\d{1,2}[.．、])?对/u.test(text) ? 0.3 : 0;
    return text.length > 120 ? -0.4 : ending + opening;
  },
  group: (text) =>
    /^\d+$/u.test(text) || text.startsWith('《') || LAW_KIND.test(text) ? -0.8 : text.length > 120 ? -0.4 : 0,
  targets: (text) => (text.includes('《') || text.length > 80 ? -0.6 : TARGET_WORDS.test(text) ? 0.5 : 0),
  implementer: organisation,
  department: organisation,
  involvesEnterprises: (text) => (/^[是否]$/u.test(text) ? 1 : -1),
  samplingRatio: (text) => (/%|％|比例|不低于|不少于|家|\d+户/u.test(text) && text.length <= 60 ? 0.8 : -0.2),
  frequency: (text) =>
    /每年|每季|每月|每半年|[一二两三四\d]+次|频次|不定期|随机/u.test(text) && text.length <= 60 ? 0.6 : -0.2,
  methods: (text) =>
    /现场|书面|非现场|网络|数据|核查|抽查|检查/u.test(text) && text.length <= 60 && !text.includes('《')
      ? 0.5
      : -0.1,
  period: (text) =>
    /\d+\s*月|季度|\d{4}年|上半年|下半年|全年/u.test(text) && text.length <= 30 ? 0.8 : -0.3,
  category: (text) => (/^(?:一般|重点)(?:检查)?事项$|^(?:一般|重点)$/u.test(text) ? 1 : -0.3),
  code: (text) => (/^[\dA-Z-]{6,}$/u.test(text) ? 1 : -1),
  grade: (text) => (GRADE_WORDS.test(text) && text.length <= 20 ? 0.9 : -0.2),
  benchmark: (text) => (/罚款|倍|元|责令|警告|约谈|不予|没收|暂停|解除/u.test(text) ? 0.4 : 0),
};

/** How well `text` fits a column of `key` (0 for columns without a recognisable shape). */
export function fitness(key: FieldKey | null, text: string): number {
  const shape = key ? SHAPES[key] : undefined;
  return shape ? shape(text) : 0;
}

function organisation(text: string): number {
  if (text.length > 60 || text.includes('《')) return -0.6;
  const parts = text.split(/[、,，;；/\s]+/u).filter(Boolean);
  return parts.length > 0 && parts.every((part) => ORGANISATION_END.test(part)) ? 0.8 : -0.2;
}
