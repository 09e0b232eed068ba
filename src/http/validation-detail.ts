import type { FastifySchemaValidationError } from 'fastify';
import { HTTP_MESSAGES } from '../messages.ts';

const { invalid } = HTTP_MESSAGES;

/**
 * The Chinese sentence for a request that breaks its schema, naming each parameter:
 * `查询参数 limit 过大：不得超过 100；缺少查询参数 q`. The issues are zod's (through
 * fastify-type-provider-zod): `keyword` is the zod issue code, `params` its details.
 */
export function validationDetail(
  issues: FastifySchemaValidationError[],
  context: string | undefined,
): string {
  const where = invalid.where[context ?? ''] ?? invalid.where.querystring ?? '';
  return issues.map((issue) => issueText(issue, where)).join('；');
}

function issueText(issue: FastifySchemaValidationError, where: string): string {
  const name = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '（整体）';
  const params = issue.params as Record<string, unknown>;
  const text = (key: string) => String(params[key] ?? '');
  switch (issue.keyword) {
    case 'invalid_type':
      return /received undefined/.test(issue.message ?? '')
        ? invalid.missing(where, name)
        : invalid.type(where, name, invalid.types[text('expected')] ?? text('expected'));
    case 'too_big':
      return invalid.tooBig(where, name, text('origin'), text('maximum'), params.inclusive !== false);
    case 'too_small':
      return invalid.tooSmall(where, name, text('origin'), text('minimum'), params.inclusive !== false);
    case 'invalid_value':
      return invalid.oneOf(where, name, ((params.values as unknown[]) ?? []).map(String));
    case 'invalid_format':
      return invalid.format(where, name, text('format'));
    case 'not_multiple_of':
      return invalid.multipleOf(where, name, text('divisor'));
    case 'unrecognized_keys':
      return invalid.unknownKeys(where, ((params.keys as unknown[]) ?? []).map(String));
    default:
      // a schema's own message is kept when it is written in Chinese
      return /\p{Script=Han}/u.test(issue.message ?? '')
        ? `${where} ${name}：${issue.message}`
        : invalid.other(where, name);
  }
}
