import { parseArgs } from 'node:util';
import type { NoticeSummary } from '../../../schemas/store.ts';
import { alignColumns } from '../../export/text-table.ts';
import { summarize } from '../../store/summary.ts';
import type { Command } from '../io.ts';
import { SPECS } from '../specs.ts';

/** `policy-kb list [--json] [--current]`: the notices in the knowledge base, every version. */
export const listCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: SPECS.list.options,
  });
  const app = await context.openApp();
  try {
    const notices: NoticeSummary[] = (
      await app.store.listNotices({ currentOnly: values.current ?? false })
    ).map(summarize);
    if (values.json) {
      io.stdout(`${JSON.stringify({ notices }, null, 2)}\n`);
      return 0;
    }
    const rows = notices.map((n) => [
      n.id,
      `v${n.version}${n.current ? '*' : ''}`,
      n.region ?? '—',
      n.label,
      String(n.items),
      String(n.articles),
      n.status,
    ]);
    io.stdout(
      `${alignColumns([['id', 'version', 'region', 'title', 'items', 'articles', 'status'], ...rows], [20, 8, 10, 50]).join('\n')}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
};
