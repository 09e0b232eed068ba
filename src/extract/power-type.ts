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

/** The one power type a table title names (行政检查裁量基准 → 行政检查); null if none or several. */
export function powerTypeFromTitle(title: string | null): PowerType | null {
  if (!title) return null;
  const named = new Set(
    [...title.matchAll(/行政(检查|处罚|强制|奖励|许可|确认|征收|给付|裁决)/g)].map((m) => `行政${m[1]}`),
  );
  if (named.size !== 1) return null;
  return PowerType.parse([...named][0]);
}

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
