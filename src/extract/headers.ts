/**
 * Column headers → normalized item fields, whatever a catalogue calls them
 * (事项名称 / 检查事项 / 行政强制事项 … → name). Exact names first, then patterns on the
 * header's ending. A header no rule knows is kept as an extra column.
 */
import { toSimplified } from '../normalize/text.ts';

export type FieldKey =
  | 'seq' // 序号
  | 'name' // 事项名称
  | 'powerType' // 职权类型
  | 'targets' // 检查对象 / 强制对象
  | 'basis' // 实施依据 / 检查依据 / 检查标准
  | 'levels' // 行使层级
  | 'content' // 检查内容
  | 'methods' // 检查方式
  | 'frequency' // 检查频次
  | 'samplingRatio' // 抽查比例
  | 'coercionKind' // 强制种类（方式）
  | 'conditions' // 适用条件
  | 'procedure' // 适用程序
  | 'implementer' // 实施主体
  | 'remarks'; // 备注

const EXACT: Record<string, FieldKey> = {
  序号: 'seq',
  编号: 'seq',
  序: 'seq',
  事项: 'name',
  检查标准: 'basis',
  依据: 'basis',
  类型: 'powerType',
  类别: 'powerType',
  对象: 'targets',
  行政相对人: 'targets',
  备注: 'remarks',
  说明: 'remarks',
};

/** Ordered: the first pattern that matches the header (white space removed) wins. */
const PATTERNS: [RegExp, FieldKey][] = [
  [
    /(?:事项|权力|职权|项目)名称$|(?:检查|强制|处罚|抽查|执法|权力|奖励|许可|确认|征收|给付|裁决)事项$/,
    'name',
  ],
  [/对象$|相对人$/, 'targets'],
  [/依据$|设定依据|法律依据/, 'basis'],
  [/层级$/, 'levels'],
  [/(?:职权|事项|执法|权力|行为)类[型别]$/, 'powerType'],
  [/内容$/, 'content'],
  [/^强制(?:种类|措施)/, 'coercionKind'],
  [/方式$|方法$/, 'methods'],
  [/频次$|频率$/, 'frequency'],
  [/比例$/, 'samplingRatio'],
  [/条件$/, 'conditions'],
  [/程序$|流程$/, 'procedure'],
  [/主体$|实施机关$|执法机关$|责任单位$|实施部门$/, 'implementer'],
];

export function headerKey(header: string): FieldKey | null {
  // Traditional headers (序號, 事項名稱 from a Big5 file) match as their simplified form.
  const compact = toSimplified(header)
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '');
  return EXACT[compact] ?? PATTERNS.find(([pattern]) => pattern.test(compact))?.[1] ?? null;
}

/** The header as written, white space folded (行使 层级 → 行使层级). */
export function cleanHeader(header: string): string {
  return header.replace(/[\s\u3000]+/g, '');
}
