import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/http/keys.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from './helpers.ts';

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document listing every route with its zod schemas', async () => {
    const server = await buildServer(await testApp(), parseKeys('read:legal-secret-1'));
    const response = await server.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1/);
    const routes = Object.entries(document.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /api/diff',
        'GET /api/diff/export',
        'GET /api/matrix/export',
        'GET /api/regions',
        'GET /api/jobs/{jobId}',
        'GET /api/matrix',
        'GET /api/notices',
        'GET /api/notices/{id}',
        'GET /api/notices/{id}/original',
        'GET /api/notices/{id}/versions',
        'POST /api/jobs/{jobId}/retry',
        'GET /api/openapi.json',
        'GET /api/search',
        'POST /api/notices',
        'POST /api/notices/{id}/review',
        'GET /api/review-queue',
        'GET /api/header-aliases',
        'GET /api/audit',
      ].sort(),
    );
    const schemas = Object.keys(document.components.schemas);
    for (const name of [
      'SearchResult',
      'SearchHit',
      'JobView',
      'NoticeRecord',
      'NoticeSummary',
      'Problem',
      'Notice',
      'Rendition',
      'ReviewRequest',
      'Correction',
      'Reviewed',
      'HeaderAlias',
      'AuditEntry',
      'ReviewQueue',
    ])
      expect(schemas).toContain(name);
    const search = document.paths['/api/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'region', 'powerType', 'law', 'limit']),
    );
    expect(search.responses['200'].content['application/json'].schema.$ref).toContain('SearchResult');
    expect(document.paths['/api/notices'].post.requestBody.content).toHaveProperty('multipart/form-data');
  });

  it('serves a docs page whose assets come from this server (no CDN), without a key', async () => {
    const server = await buildServer(await testApp(), parseKeys('read:legal-secret-1'));
    const page = await server.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)/);
    const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const asset = await server.inject(new URL(src, 'http://localhost/api/docs/').pathname);
      expect(asset.statusCode, src).toBe(200);
    }
    const initializer = await server.inject('/api/docs/static/swagger-initializer.js');
    expect(initializer.body).toContain('validatorUrl: null');
  });
});

describe('the OpenAPI document, for generated clients', () => {
  it('names and tags every operation, keeps one schema per record, and declares errors and bytes as sent', async () => {
    const { testApp } = await import('./helpers.ts');
    const { buildServer } = await import('../../src/server/server.ts');
    const app = await testApp();
    const server = await buildServer(app, []);
    try {
      const document = (await server.inject({ url: '/api/openapi.json' })).json();
      const operations = Object.entries(
        document.paths as Record<string, Record<string, Record<string, unknown>>>,
      ).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
      const ids = operations.map(({ op }) => op.operationId);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(operations.every(({ op }) => Array.isArray(op.tags) && (op.tags as string[]).length === 1)).toBe(
        true,
      );
      expect(document.paths['/api/notices/{id}'].get.operationId).toBe('getNoticesById');
      const schemas = Object.keys(document.components.schemas);
      expect(schemas.filter((name) => name.endsWith('Input') && schemas.includes(name.slice(0, -5)))).toEqual(
        [],
      );
      expect(JSON.stringify(document)).not.toMatch(/#\/components\/schemas\/\w+Input"/);
      for (const { op } of operations)
        for (const [status, response] of Object.entries(
          op.responses as Record<string, Record<string, unknown>>,
        )) {
          expect(response.description).not.toBe('Default Response');
          if (!status.startsWith('2') && response.content)
            expect(Object.keys(response.content as object)).toEqual(['application/problem+json']);
        }
      expect(document.paths['/api/notices/{id}/original'].get.responses['200'].content).toEqual({
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      });
      const current = document.paths['/api/search'].get.parameters.find(
        (p: { name: string }) => p.name === 'current',
      );
      expect(current.schema).toEqual({ type: 'boolean', default: true });
      // what the server sends for errors matches: problem+json, even for unknown routes and bodies
      const unknown = await server.inject({ url: '/api/nothing-here' });
      expect([unknown.statusCode, unknown.headers['content-type']]).toEqual([
        404,
        'application/problem+json; charset=utf-8',
      ]);
      expect(unknown.json()).toMatchObject({ status: 404, code: 'no_route' });
      const notMultipart = await server.inject({
        method: 'POST',
        url: '/api/notices',
        payload: { file: 'x' },
      });
      expect([notMultipart.statusCode, notMultipart.json().code]).toEqual([415, 'not_multipart']);
      const mars = await server.inject({
        url: `/api/search?q=${encodeURIComponent('价格')}&region=${encodeURIComponent('火星')}`,
      });
      expect(mars.statusCode).toBe(400);
      expect(mars.json()).toMatchObject({ code: 'unknown_region', nearMatches: [] });
      const typo = await server.inject({
        url: `/api/search?q=${encodeURIComponent('价格')}&region=${encodeURIComponent('官渡县')}`,
      });
      expect(typo.statusCode).toBe(400);
      expect(typo.json().nearMatches).toContain('官渡区');
      expect(typo.json().detail).toContain('相近的有：');
    } finally {
      await server.close();
      await app.close();
    }
  });
});
