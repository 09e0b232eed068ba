/**
 * Every command's arguments and options, defined once: the commands parse their argv with these
 * definitions (`parseArgs({ options: SPECS.diff.options })`), and the usage text and each
 * command's `--help` are generated from them, so the two never disagree. Nothing heavy is
 * imported: `--help` answers without loading any command.
 *
 * Exit codes (README): 0 done; 1 a file or a job failed (bad input, a failed ingest);
 * 2 usage (unknown command or option, missing or invalid argument); 70 an internal error.
 */

import { displayWidth } from '../export/text-table.ts';

/** `text` padded with spaces to `width` terminal columns (CJK characters count two). */
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(1, width - displayWidth(text)));

export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 70 } as const;

interface Option {
  readonly type: 'boolean' | 'string';
  readonly default?: string;
  /** What the value is, for the usage line (`--out <文件>`). */
  readonly value?: string;
  readonly help: string;
}

interface Spec {
  /** One line: what the command does. */
  readonly summary: string;
  /** Its positional arguments as the usage line shows them. */
  readonly args: string;
  readonly options: Readonly<Record<string, Option>>;
}

const json = { type: 'boolean', help: '输出一个 JSON 文档（stdout），其余信息写到 stderr' } as const;
const out = { type: 'string', value: '文件', help: '写入文件而不是标准输出' } as const;

export const SPECS = {
  extract: {
    summary: '读取一个通知文件并输出规范化结果（不入库）',
    args: '<文件>',
    options: { json },
  },
  ingest: {
    summary: '保存原件、抽取并建立索引，等待任务完成；有文件失败时退出码为 1',
    args: '<文件或目录…>',
    options: { json },
  },
  list: {
    summary: '列出知识库中的通知（每个版本）',
    args: '',
    options: { json, current: { type: 'boolean', help: '只列出现行版本' } },
  },
  jobs: {
    summary: '任务数量（按状态）和失败的任务及原因',
    args: '',
    options: { json },
  },
  retry: {
    summary: '从第一步重新运行失败的任务（原件已保存）',
    args: '<任务编号…>',
    options: { 'all-failed': { type: 'boolean', help: '重试所有失败的任务' } },
  },
  recover: {
    summary: '重新排队任务丢失的已保存上传，重试因系统原因失败的任务',
    args: '',
    options: { json, 'dry-run': { type: 'boolean', help: '只报告，不执行' } },
  },
  worker: {
    summary: '运行 BullMQ 队列的处理进程（需要 REDIS_URL）',
    args: '',
    options: {
      concurrency: { type: 'string', default: '2', value: '数量', help: '每个队列同时处理的任务数' },
    },
  },
  diff: {
    summary: '比较两个文件、通知或地区的现行清单',
    args: '<甲> <乙>',
    options: {
      json,
      format: { type: 'string', value: 'text|md|csv|xlsx|docx', help: '输出格式' },
      out,
      threshold: { type: 'string', value: '0–1', help: '事项配对的相似度阈值' },
    },
  },
  matrix: {
    summary: '各地区执法职权的覆盖矩阵',
    args: '',
    options: {
      json,
      format: { type: 'string', value: 'text|md|csv|xlsx|docx', help: '输出格式' },
      out,
    },
  },
  search: {
    summary: '检索事项、条文和通知',
    args: '<检索词…>',
    options: {
      json,
      region: { type: 'string', value: '地区', help: '只看该地区（含下级地区）' },
      'power-type': { type: 'string', value: '职权类型', help: '只看该职权类型，如 行政检查' },
      law: { type: 'string', value: '法规[#条]', help: '只看引用该法规（或其某条）的结果' },
      'all-versions': { type: 'boolean', help: '也检索旧版本' },
      'needs-review': { type: 'boolean', help: '只看待复核（需复核）的通知' },
      limit: { type: 'string', default: '10', value: '数量', help: '返回的结果数（≤ 100）' },
      offset: { type: 'string', default: '0', value: '数量', help: '跳过的结果数' },
    },
  },
  reindex: {
    summary: '从库中重建检索索引',
    args: '',
    options: {
      json,
      pending: { type: 'boolean', help: '只索引尚未索引的版本' },
      renditions: { type: 'boolean', help: '先把仅格式不同的旧版本合并为同一版本的其他格式原件' },
      reextract: {
        type: 'boolean',
        help: '用当前的抽取程序重新读取每个原件，报告会有的变化（不写入版本，复核版本保持不变）',
      },
    },
  },
  review: {
    summary: '导出或导入人工复核的更正和学到的列对应（JSON）',
    args: 'export | import <文件>',
    options: { json, out },
  },
  serve: {
    summary: '在 PORT 上提供 API 和网页',
    args: '',
    options: {},
  },
  start: {
    summary: '先入库 seeds/（或给出的路径），再提供 API 和网页（npm start）',
    args: '[路径…]',
    options: {},
  },
} as const satisfies Record<string, Spec>;

export type CommandName = keyof typeof SPECS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(SPECS, name);
}

/** `--out <文件>`, `--json`. */
function optionLine(name: string, option: Option): string {
  const flag = option.type === 'string' ? `--${name} <${option.value ?? '值'}>` : `--${name}`;
  const fallback = option.default === undefined ? '' : `（默认 ${option.default}）`;
  return `  ${pad(flag, 34)}${option.help}${fallback}`;
}

/** `policy-kb <command> --help`. */
export function commandHelp(name: CommandName): string {
  const spec: Spec = SPECS[name];
  const options = Object.entries(spec.options);
  return [
    `用法：policy-kb ${name}${spec.args ? ` ${spec.args}` : ''}${options.length > 0 ? ' [选项]' : ''}`,
    '',
    spec.summary,
    ...(options.length > 0 ? ['', '选项：', ...options.map(([n, o]) => optionLine(n, o))] : []),
    `  ${pad('--help, -h', 34)}显示本帮助`,
    '',
  ].join('\n');
}

/** `policy-kb --help`: every command and the exit codes. */
export function usage(): string {
  const lines = Object.entries(SPECS).map(
    ([name, spec]) => `  ${pad(`${name}${spec.args ? ` ${spec.args}` : ''}`, 32)}${spec.summary}`,
  );
  return [
    '用法：policy-kb <命令> [选项]',
    '',
    '命令：',
    ...lines,
    '',
    'policy-kb <命令> --help 显示该命令的全部选项。',
    '退出码：0 完成；1 有文件或任务失败；2 用法错误；70 内部错误。',
    '',
  ].join('\n');
}

/** A command line that cannot be run as given (exit code 2), with what to do about it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super(`policy-kb ${command}：${detail}（policy-kb ${command} --help 查看用法）`);
  }
}
