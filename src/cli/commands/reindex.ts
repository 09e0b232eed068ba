import { parseArgs } from 'node:util';
import { openSearchIndex } from '../../search/index.ts';
import { reindex } from '../../search/index-record.ts';
import { openStore } from '../../store/index.ts';
import type { Command } from '../io.ts';

/**
 * `policy-kb reindex [--pending] [--json]`: rebuilds the search index from the store of record
 * (every version; superseded ones marked so); `--pending` only indexes versions not yet indexed
 * (the catch-up after an index outage) and keeps the rest.
 */
export const reindexCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, pending: { type: 'boolean' } },
  });
  const config = context.config;
  const store = await openStore(config);
  const index = await openSearchIndex(config);
  try {
    const started = Date.now();
    const result = await reindex(store, index, {
      pending: values.pending ?? false,
      onProgress: (done, total) => {
        if (io.interactive) io.stderr(`\rindexed ${done}/${total} versions`);
      },
    });
    if (io.interactive && result.indexed > 0) io.stderr('\n');
    const summary = { index: index.kind, ...result, ms: Date.now() - started };
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else
      io.stderr(
        `indexed ${result.indexed} notice versions into the ${index.kind} index: ${result.documents} searchable documents (${summary.ms} ms)\n`,
      );
    return 0;
  } finally {
    await index.close();
    await store.close();
  }
};
