import type { FastifyError, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isBadInput } from '../errors.ts';
import { IndexUnavailableError } from '../search/types.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Errors as RFC 9457 problem details. */
export function problem(reply: FastifyReply, status: number, detail: string) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: TITLES[status] ?? (status < 500 ? 'Bad Request' : 'Internal Server Error'),
      status,
      detail,
    });
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
