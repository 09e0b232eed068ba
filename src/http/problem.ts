import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isBadInput } from '../errors.ts';
import { IndexUnavailableError } from '../search/types.ts';

/**
 * Errors as RFC 9457 problem details, titled by the status's standard phrase. `code`, when given,
 * is a stable English extension member for programs (the detail may be Chinese, for people).
 */
export function problem(
  reply: FastifyReply,
  status: number,
  detail: string,
  code?: string,
  extra: Record<string, unknown> = {},
) {
  const body = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ ...body, ...(code !== undefined && { code }), ...extra });
}

/**
 * Every error in one place: bad query parameters (400, naming each parameter), a rejected file
 * (422), rate limits (429), an unreachable search index (503), other client errors with their
 * own status, and anything else as a 500 without internals (`debug` prints the stack).
 */
export function errorHandler(debug: boolean) {
  return async (error: FastifyError, _request: unknown, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map(
        (i) => `${i.instancePath.replace(/^\//, '') || 'input'}: ${i.message}`,
      );
      return problem(reply, 400, `invalid ${error.validationContext ?? 'request'}: ${issues.join('; ')}`);
    }
    if (isBadInput(error)) return problem(reply, 422, error.message);
    if (error instanceof IndexUnavailableError)
      return problem(reply, 503, `the search index is unavailable: ${error.message}`);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error))
      return problem(reply, status, error.message);
    if (debug) console.error(error);
    return problem(reply, 500, 'internal error');
  };
}
