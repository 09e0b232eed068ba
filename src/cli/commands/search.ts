import { parseArgs } from 'node:util';
import { PowerType } from '../../../schemas/notice.ts';
import type { SearchHit, SearchResult } from '../../../schemas/search.ts';
import { truncate } from '../../export/text-table.ts';
import { openSearchIndex } from '../../search/index.ts';
import type { Command } from '../io.ts';

const KIND_LABEL: Record<SearchHit['kind'], string> = { item: '事项', article: '条文', notice: '通知' };

/**
 * `policy-kb search <query> [--region R] [--power-type T] [--law L] [--all-versions] [--limit N]
 * [--json]`: hits best first; `--json` prints `{ query, total, hits, facets }` (CONTRACT.md).
 */
export const searchCommand: Command = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      region: { type: 'string' },
      'power-type': { type: 'string' },
      law: { type: 'string' },
      'all-versions': { type: 'boolean' },
      limit: { type: 'string', default: '10' },
      offset: { type: 'string', default: '0' },
    },
  });
  const query = positionals.join(' ').trim();
  const limit = Number(values.limit);
  const offset = Number(values.offset);
  const powerType = values['power-type'];
  const problem =
    (!query && 'give a query, e.g. policy-kb search 价格') ||
    (!(Number.isInteger(limit) && limit >= 1 && limit <= 100) &&
      '--limit must be a whole number from 1 to 100') ||
    (!(Number.isInteger(offset) && offset >= 0) && '--offset must be a whole number ≥ 0') ||
    (powerType &&
      !PowerType.safeParse(powerType).success &&
      `--power-type must be one of ${PowerType.options.join(', ')}`);
  if (problem) {
    io.stderr(`policy-kb search: ${problem}\n`);
    return 2;
  }
  const index = await openSearchIndex(context.config);
  try {
    const result = await index.search(query, {
      region: values.region,
      powerType: powerType as PowerType | undefined,
      lawCited: values.law,
      currentOnly: !values['all-versions'],
      limit,
      offset,
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    io.stdout(render(result));
    const { documents } = await index.stats();
    if (documents.item + documents.article + documents.notice === 0)
      io.stderr('policy-kb search: the index is empty; `policy-kb reindex` builds it from the store\n');
    return 0;
  } finally {
    await index.close();
  }
};

/** Hits for a terminal: rank, kind, region and title, then the snippet with its marks as 【】. */
function render(result: SearchResult): string {
  const lines = result.hits.map((hit, i) => {
    const version = hit.current ? '' : ` (v${hit.version}, superseded)`;
    const head = `${i + 1}. [${KIND_LABEL[hit.kind]}] ${hit.region ?? '—'} · ${truncate(hit.title, 60)}${version}`;
    return `${head}\n   ${plain(hit.snippet)}`;
  });
  return `${[...lines, `${result.hits.length} of ${result.total} matches`].join('\n')}\n`;
}

function plain(snippet: string): string {
  return snippet
    .replace(/<mark>/g, '【')
    .replace(/<\/mark>/g, '】')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
