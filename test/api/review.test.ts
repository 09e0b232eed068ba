import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open.ts';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { parseKeys } from '../../src/http/keys.ts';
import type { ApiServer } from '../../src/http/types.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from './helpers.ts';

/** 官渡区's catalogue with its 检查对象 column headed in words the vocabulary does not know. */
const misheaded = (extra = '') =>
  new TextEncoder().encode(
    `${readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8').replace('检查对象', '被检查者')}${extra}`,
  );
const STAFF = { authorization: 'Bearer staff-secret-1' };
const READER = { authorization: 'Bearer read-secret-1' };

describe('staff review over the API', () => {
  let app: App;
  let server: ApiServer;
  let id: string;
  beforeAll(async () => {
    app = await testApp();
    const { jobId } = await submitUpload(app, misheaded(), 'guandu.txt');
    id = (await app.runner.wait(jobId)).noticeId as string;
    server = await buildServer(app, parseKeys('upload/李四:staff-secret-1,read:read-secret-1'), {
      rateLimitPerMinute: 0,
    });
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('saves the corrections as a reviewed version, current; the extracted version stays', async () => {
    expect((await server.inject({ url: '/api/review-queue', headers: READER })).json().notices).toEqual([]);
    const before = (await server.inject({ url: `/api/notices/${id}`, headers: READER })).json();
    expect(before.tables[0].items[0].targets).toEqual([]);
    const body = {
      reason: '“被检查者”就是检查对象',
      corrections: [{ kind: 'map-column', table: 0, column: 2, field: 'targets' }],
    };
    expect(
      (
        await server.inject({
          method: 'POST',
          url: `/api/notices/${id}/review`,
          headers: READER,
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const response = await server.inject({
      method: 'POST',
      url: `/api/notices/${id}/review`,
      headers: STAFF,
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    const accepted = response.json();
    expect(accepted.notice).toMatchObject({ id, version: 2, current: true });
    expect(accepted.changes).toEqual(['表1的「被检查者」列从未识别改为“对象”']);
    expect(accepted.learned).toMatchObject([
      { header: '被检查者', field: 'targets', regionCode: '530111', by: '李四' },
    ]);

    const current = (await server.inject({ url: `/api/notices/${id}`, headers: READER })).json();
    expect(current.version).toBe(2);
    expect(current.tables[0].items[0].targets).toEqual(['用人单位和个人']);
    expect(current.reviewed).toMatchObject({
      by: '李四',
      basedOn: 1,
      reason: body.reason,
      changes: accepted.changes,
    });
    expect(current.renditions[0]).toMatchObject({ format: 'review' });
    const extracted = (await server.inject({ url: `/api/notices/${id}?version=1`, headers: READER })).json();
    expect(extracted.tables[0].items[0].targets).toEqual([]);
    // searchable as corrected; the audit log says who did what
    const hits = (
      await server.inject({
        url: `/api/search?${new URLSearchParams({ q: '用人单位和个人' })}`,
        headers: READER,
      })
    ).json().hits;
    expect(
      hits.some((hit: { noticeId: string; version: number }) => hit.noticeId === id && hit.version === 2),
    ).toBe(true);
    const audit = (await server.inject({ url: `/api/audit?noticeId=${id}`, headers: READER })).json().entries;
    expect(audit.map((e: { action: string; by: string }) => [e.action, e.by])).toEqual([
      ['learn-alias', '李四'],
      ['review', '李四'],
    ]);
    await matrixRefreshSettled(app.store);
  });

  it('extracts the next notice with that header layout right, without review', async () => {
    const { jobId } = await submitUpload(
      app,
      misheaded('\n备注：补充事项八 对定点医药机构的专项检查\n'),
      'guandu-2.txt',
    );
    const view = await app.runner.wait(jobId);
    expect(view.state).toBe('completed');
    const record = await app.store.getNotice(view.noticeId as string, view.version);
    expect(record?.reviewed).toBeNull();
    expect(record?.notice.tables[0]?.items[0]?.targets).toEqual(['用人单位和个人']);
    const aliases = (await server.inject({ url: '/api/header-aliases', headers: READER })).json().aliases;
    expect(aliases).toHaveLength(1);
  });

  it('refuses corrections that do not fit the notice, and an unknown notice, saving nothing', async () => {
    const versions = (await app.store.listVersions(id)).length;
    const bad = await server.inject({
      method: 'POST',
      url: `/api/notices/${id}/review`,
      headers: STAFF,
      payload: { reason: '删除', corrections: [{ kind: 'delete-row', table: 5, item: 0 }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().detail).toContain('没有表6');
    const missing = await server.inject({
      method: 'POST',
      url: '/api/notices/530111-0000000000/review',
      headers: STAFF,
      payload: { reason: 'x', corrections: [{ kind: 'not-catalogue', table: 0 }] },
    });
    expect(missing.statusCode).toBe(404);
    expect((await app.store.listVersions(id)).length).toBe(versions);
  });
});
