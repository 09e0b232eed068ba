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
    transformObject: (input) => withMultipartUpload(jsonSchemaTransformObject(input)),
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
