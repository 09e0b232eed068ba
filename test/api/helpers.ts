import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app/open.ts';
import { loadConfig } from '../../src/config.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import type { NoticeStore } from '../../src/store/types.ts';

/** An embedded App in a temp directory (file store, inline runner, embedded index). */
export async function testApp(
  env: Record<string, string> = {},
  options: { wrapStore?: (store: NoticeStore) => NoticeStore } = {},
): Promise<App & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-api-'));
  const files = createFileStore(join(dir, 'store'));
  const store = options.wrapStore ? options.wrapStore(files) : files;
  const index = await createEmbeddedIndex(join(dir, 'index'));
  const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
  return {
    dir,
    config: loadConfig({ POLICY_KB_DATA: dir, ...env }),
    store,
    runner,
    index,
    close: async () => {
      await runner.close();
      await index.close();
      await store.close();
    },
  };
}

/** A multipart/form-data body with one file field. */
export function multipart(fileName: string, bytes: Uint8Array, field = 'file') {
  const boundary = '----policykb';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
