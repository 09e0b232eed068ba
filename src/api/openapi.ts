/**
 * The OpenAPI document, generated from the zod schemas of the routes (fastify-type-provider-zod
 * + @fastify/swagger; schemas with a registered id become components), served at
 * `GET /api/openapi.json`, and a Swagger UI page at `/api/docs` whose assets come from the
 * installed package (nothing is fetched from a CDN).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServer } from '../http/types.ts';

type Document = ReturnType<typeof jsonSchemaTransformObject>;

/** Registers the generator (before any route, so it sees them all), the docs page and the JSON route. */
export async function registerOpenApi(server: ApiServer): Promise<void> {
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'policy-kb',
        version: '1',
        description:
          'Regional medical-insurance policy notices: upload, ingest jobs, normalized notices, search. ' +
          'With API keys configured, send `Authorization: Bearer <key>` (or `x-api-key`): `read` keys read and search, `upload` keys also upload.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => forClients(withMultipartUpload(jsonSchemaTransformObject(input))),
  });
  await server.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  server.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This OpenAPI document',
        security: [],
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => server.swagger() as unknown as Record<string, unknown>,
  );
}

/** The upload's multipart body (read as a stream by the route, so it has no zod body schema). */
function withMultipartUpload(document: Document): Document {
  const post = (document.paths?.['/api/notices'] as Record<string, Record<string, unknown>> | undefined)
    ?.post;
  if (post)
    post.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: { type: 'string', format: 'binary', description: 'txt, md, html, docx or pdf' },
            },
          },
        },
      },
    };
  return document;
}

/** Tags by the first path segment after /api. */
const TAGS: Record<string, string> = {
  notices: 'notices',
  jobs: 'jobs',
  search: 'search',
  diff: 'compare',
  matrix: 'compare',
  regions: 'compare',
  'review-queue': 'review',
  'header-aliases': 'review',
  audit: 'review',
  'openapi.json': 'meta',
};

/** What an error status means, for every route that declares it. */
const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid parameters or body: problem details naming each (unknown filters list near matches)',
  '401': 'An API key is required',
  '403': 'This key’s role may not do that',
  '404': 'No such notice, job or route',
  '409': 'The job is not in a state that allows this',
  '413': 'The upload is larger than the limit',
  '415': 'The request body is not of the content type this route takes',
  '422': 'The file or the request cannot be processed (problem details say why)',
  '429': 'Too many requests for this key',
  '503': 'The search index is unreachable',
};

/** Routes that answer with bytes, and their media types. */
const BINARY: Record<string, string[]> = {
  '/api/notices/{id}/original': ['application/octet-stream'],
  '/api/diff/export': [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/csv',
    'text/markdown',
  ],
  '/api/matrix/export': [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/csv',
    'text/markdown',
  ],
};

type Json = Record<string, unknown>;

/**
 * What a generated client needs that the generator leaves out: an operationId and a tag per
 * operation; one schema per record (zod's `…Input` twin of each is dropped, its references
 * pointed at the record); errors as `application/problem+json`; byte responses as binary;
 * `"true" | "false"` query flags as booleans; a description per response.
 */
export function forClients(input: Document): Document {
  const document = input as { components?: { schemas?: Record<string, unknown> }; paths?: unknown };
  const schemas = document.components?.schemas ?? {};
  const twins = Object.keys(schemas).filter((name) => name.endsWith('Input') && schemas[name.slice(0, -5)]);
  for (const name of twins) delete schemas[name];
  const retarget = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(retarget);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [key, inner] of Object.entries(value as Json)) {
      out[key] =
        key === '$ref' &&
        typeof inner === 'string' &&
        inner.endsWith('Input') &&
        twins.includes(inner.split('/').at(-1) ?? '')
          ? inner.slice(0, -5)
          : retarget(inner);
    }
    return out;
  };
  const paths = retarget(document.paths ?? {}) as Record<string, Record<string, Json>>;
  if (document.components) document.components.schemas = retarget(schemas) as Record<string, unknown>;
  for (const [path, operations] of Object.entries(paths)) {
    const segments = path.split('/').filter((s) => s && s !== 'api');
    for (const [method, operation] of Object.entries(operations)) {
      operation.operationId ??= operationId(method, segments);
      operation.tags ??= [TAGS[segments[0] ?? ''] ?? 'meta'];
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        const schema = parameter.schema as Json | undefined;
        const values = schema?.enum as unknown[] | undefined;
        if (values?.length === 2 && values.includes('true') && values.includes('false'))
          parameter.schema = {
            type: 'boolean',
            ...(schema?.default !== undefined && { default: schema.default === 'true' }),
          };
      }
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        const content = response.content as Record<string, Json> | undefined;
        if (status.startsWith('2') && BINARY[path]) {
          response.content = Object.fromEntries(
            (BINARY[path] ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          );
        } else if (!status.startsWith('2') && content?.['application/json']) {
          response.content = { 'application/problem+json': content['application/json'] };
        }
        if (!response.description || response.description === 'Default Response')
          response.description = status.startsWith('2')
            ? String(operation.summary ?? 'OK')
            : (ERROR_DESCRIPTIONS[status] ?? 'Error (problem details)');
      }
    }
  }
  document.paths = paths;
  return document as Document;
}

/** `GET /api/notices/{id}/versions` → `getNoticesByIdVersions`. */
function operationId(method: string, segments: string[]): string {
  const words = segments.map((segment) => {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    const word = (param ? `by-${param}` : segment).replace(/\.json$/, '');
    return word
      .split(/[-_]/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
  });
  return method.toLowerCase() + words.join('');
}
