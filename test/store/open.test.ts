import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';

it('opens the file store under <POLICY_KB_DATA>/store when DATABASE_URL is not set', async () => {
  const data = await mkdtemp(join(tmpdir(), 'policy-kb-data-'));
  const store = await openStore({ POLICY_KB_DATA: data });
  const ref = await store.putOriginal(new TextEncoder().encode('通知'), 'a.txt');
  await store.close();
  expect(existsSync(join(data, 'store', 'originals', ref.sha256.slice(0, 2), ref.sha256))).toBe(true);
  await rm(data, { recursive: true, force: true });
});

it('refuses an unreachable DATABASE_URL with a clear error', async () => {
  const config = { POLICY_KB_DATA: '.', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
  await expect(openStore(config)).rejects.toThrow(/cannot open the PostgreSQL store/);
});
