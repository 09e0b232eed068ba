/**
 * The API server the search benchmark loads over HTTP, in its own process (so autocannon and the
 * server do not share one event loop): `node --import tsx bench/search-server.ts <index dir>`
 * opens the embedded index in that directory, listens on a free port on 127.0.0.1 (no keys, no
 * rate limit), prints the port on stdout and serves until SIGTERM; `GET /bench/cpu` answers its
 * `process.cpuUsage()`.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createInlineRunner } from '../src/pipeline/inline-runner.ts';
import { createEmbeddedIndex } from '../src/search/embedded/adapter.ts';
import { buildServer } from '../src/server/server.ts';
import { createFileStore } from '../src/store/file-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bench/search-server.ts <index dir>');
const store = createFileStore(join(dir, 'store'));
const index = await createEmbeddedIndex(dir);
const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
await index.search('价格');
const config = loadConfig({ POLICY_KB_DATA: dir });
const server = await buildServer({ config, store, runner, index, close: async () => {} }, [], {
  rateLimitPerMinute: 0,
});
// CPU time of this process, so the benchmark can tell capacity from a busy machine's throughput
server.get('/bench/cpu', { schema: { hide: true } }, async () => process.cpuUsage());
await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${(server.server.address() as AddressInfo).port}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
