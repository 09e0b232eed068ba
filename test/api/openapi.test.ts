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
