import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isBadInput } from '../errors.ts';
import { HTTP_MESSAGES } from '../messages.ts';
import { IndexUnavailableError } from '../search/types.ts';
import { validationDetail } from './validation-detail.ts';

/**
 * Errors as RFC 9457 problem details for people and programs: a Chinese `title` (of the status)
 * and `detail`, and `code`, a stable English extension member (by default the status's code
 * below; routes pass more specific ones: `no_route`, `unknown_region`, `cross-site` …).
 */
export function problem(
  reply: FastifyReply,
  status: number,
  detail: string,
  code?: string,
  extra: Record<string, unknown> = {},
) {
  const body = { type: 'about:blank', title: HTTP_MESSAGES.title(status), status, detail };
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...body,
      code: code ?? STATUS_CODES[status] ?? (status < 500 ? 'bad-request' : 'internal-error'),
      ...extra,
    });
}

/** The stable code of each status when a route names none. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'unavailable',
};

/** What an error says: its status, a Chinese sentence for people, a stable English code for programs. */
export interface ErrorDescription {
  status: number;
  detail: string;
  code: string;
}

/**
 * Any error thrown while answering a request, described in Chinese: bad parameters (400, naming
 * each parameter), a rejected file (422), rate limits (429), an unreachable search index (503),
 * other client errors with their own status (a library's English replaced by the status's
 * sentence), anything else a 500 without internals.
 */
export function describeError(error: FastifyError, request: FastifyRequest): ErrorDescription {
  if (hasZodFastifySchemaValidationErrors(error))
    return {
      status: 400,
      detail: validationDetail(error.validation, error.validationContext),
      code: 'invalid-parameter',
    };
  if (isBadInput(error)) return { status: 422, detail: error.message, code: error.code };
  if (error instanceof IndexUnavailableError)
    return { status: 503, detail: HTTP_MESSAGES.indexUnavailable(), code: 'index-unavailable' };
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500 || isResponseSerializationError(error))
    return { status: 500, detail: HTTP_MESSAGES.internal(), code: 'internal-error' };
  const code = STATUS_CODES[status] ?? 'bad-request';
  if (/\p{Script=Han}/u.test(error.message)) return { status, detail: error.message, code };
  return { status, detail: libraryDetail(error, request), code };
}

/** A library's own (English) refusal, said in Chinese. */
function libraryDetail(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return HTTP_MESSAGES.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return HTTP_MESSAGES.emptyJson();
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return HTTP_MESSAGES.invalidJson();
  }
  if (error instanceof SyntaxError) return HTTP_MESSAGES.invalidJson();
  if (error.statusCode === 413) return HTTP_MESSAGES.bodyTooLarge();
  return HTTP_MESSAGES.refused(error.statusCode ?? 400);
}

/** Every error of the API in one place, as a problem document (`debug` prints a 500's stack). */
export function errorHandler(debug: boolean) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, detail, code } = describeError(error, request);
    if (status === 500 && debug) console.error(error);
    return problem(reply, status, detail, code);
  };
}
