import { PowerType } from '../../schemas/notice.ts';

/** 职权类型 as written → the schema's power type, or null when the text is not one. */
export function parsePowerType(text: string): PowerType | null {
  const compact = text.replace(/[\s\u3000]+/g, '');
  const head = /^(?:行政(?:检查|处罚|强制|奖励|许可|确认|征收|给付|裁决)|其他(?:行政)?权力)/.exec(
    compact,
  )?.[0];
  if (!head) return null;
  return head.startsWith('其他') ? '其他行政权力' : PowerType.parse(head);
}

/**
 * The one power type a table's or notice's title names: 行政检查裁量基准 → 行政检查; what a
 * title implies without naming it: 随机抽查 / 检查计划 / 检查事项 → 行政检查, 免罚 / 不予处罚 /
 * 两轻一免 / 处罚事项 → 行政处罚. Null when it names none, or several (a 权责清单 of every kind).
 */
export function powerTypeFromTitle(title: string | null): PowerType | null {
  if (!title) return null;
  const compact = title.replace(/\s+/gu, '');
  const named = new Set(
    [...compact.matchAll(/行政(检查|处罚|强制|奖励|许可|确认|征收|给付|裁决)/gu)].map((m) => `行政${m[1]}`),
  );
  if (named.size === 0) {
    for (const [pattern, type] of IMPLIED_BY_TITLE) if (pattern.test(compact)) named.add(type);
  }
  if (named.size !== 1) return null;
  return PowerType.parse([...named][0]);
}

const IMPLIED_BY_TITLE: [RegExp, PowerType][] = [
  [/随机抽查|双随机|抽查事项|检查计划|检查事项|检查清单/u, '行政检查'],
  [
    /免罚|免于处罚|不予处罚|不予行政处罚|减免责|两轻一免|首违不罚|轻微违法|处罚事项|从轻|减轻处罚/u,
    '行政处罚',
  ],
  [/强制事项|强制措施/u, '行政强制'],
];

/** What an item's name says it is by its ending: …的检查 / …监督检查 → 行政检查, …的处罚 → 行政处罚 … */
export function powerTypeFromName(name: string): PowerType | null {
  const compact = name.replace(/[\s。.；;]+$/u, '');
  for (const [pattern, type] of NAME_ENDINGS) if (pattern.test(compact)) return type;
  return null;
}

const NAME_ENDINGS: [RegExp, PowerType][] = [
  [/(?:检查|抽查|核查|监督|监督管理)$/u, '行政检查'],
  [/(?:处罚|罚款)$/u, '行政处罚'],
  [/(?:强制|强制措施|强制执行|查封|扣押|封存|冻结|划拨|滞纳金)$/u, '行政强制'],
  [/奖励$/u, '行政奖励'],
  [/确认$/u, '行政确认'],
  [/给付$/u, '行政给付'],
  [/征收$/u, '行政征收'],
  [/(?:许可|审批)$/u, '行政许可'],
  [/裁决$/u, '行政裁决'],
];

const VERB_TO_POWER: Record<string, PowerType> = {
  检查: '行政检查',
  抽查: '行政检查',
  强制: '行政强制',
  处罚: '行政处罚',
  奖励: '行政奖励',
  许可: '行政许可',
  确认: '行政确认',
  征收: '行政征收',
  给付: '行政给付',
  裁决: '行政裁决',
};

/** The power type a name column's header implies (检查事项 / 行政强制事项 → 行政检查 / 行政强制). */
export function powerTypeFromNameHeader(header: string): PowerType | null {
  const verb = /(?:行政)?(检查|抽查|强制|处罚|奖励|许可|确认|征收|给付|裁决)事项$/.exec(
    header.replace(/\s/g, ''),
  )?.[1];
  return verb ? (VERB_TO_POWER[verb] ?? null) : null;
}
