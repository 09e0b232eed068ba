import { parseArgs } from 'node:util';
import { PowerType } from '../../../schemas/notice.ts';
import type { SearchHit, SearchResult } from '../../../schemas/search.ts';
import { truncate } from '../../export/text-table.ts';
import { openSearchIndex } from '../../search/index.ts';
import type { Command } from '../io.ts';
import { SPECS, UsageError } from '../specs.ts';

const KIND_LABEL: Record<SearchHit['kind'], string> = { item: '事项', article: '条文', notice: '通知' };

/**
 * `policy-kb search <query> [--region R] [--power-type T] [--law L] [--all-versions] [--needs-review]
 * [--limit N] [--json]`: hits best first; `--json` prints `{ query, total, hits, facets }` (CONTRACT.md).
 */
export const searchCommand: Command = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: SPECS.search.options,
  });
  const query = positionals.join(' ').trim();
  const limit = Number(values.limit);
  const offset = Number(values.offset);
  const powerType = values['power-type'];
  const problem =
    (!query && '请给出检索词，例如 policy-kb search 价格') ||
    (!(Number.isInteger(limit) && limit >= 1 && limit <= 100) && '--limit 须是 1 到 100 的整数') ||
    (!(Number.isInteger(offset) && offset >= 0) && '--offset 须是不小于 0 的整数') ||
    (powerType &&
      !PowerType.safeParse(powerType).success &&
      `--power-type 须是 ${PowerType.options.join('、')} 之一`);
  if (problem) throw new UsageError('search', problem);
  const index = await openSearchIndex(context.config);
  try {
    const result = await index.search(query, {
      region: values.region,
      powerType: powerType as PowerType | undefined,
      lawCited: values.law,
      currentOnly: !values['all-versions'],
      needsReview: values['needs-review'] === true,
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
      io.stderr('policy-kb search：检索索引是空的；policy-kb reindex 会从库中重建\n');
    return 0;
  } finally {
    await index.close();
  }
};

/** Hits for a terminal: rank, kind, region and title, then the snippet with its marks as 【】. */
function render(result: SearchResult): string {
  const lines = result.hits.map((hit, i) => {
    const version = hit.current ? '' : `（第 ${hit.version} 版，已被取代）`;
    const review = hit.needsReview ? '〔需复核〕' : '';
    const head = `${i + 1}. [${KIND_LABEL[hit.kind]}] ${hit.region ?? '—'} · ${truncate(hit.title, 60)}${version}${review}`;
    return `${head}\n   ${plain(hit.snippet)}`;
  });
  return `${[...lines, `共 ${result.total} 条结果，显示 ${result.hits.length} 条`].join('\n')}\n`;
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
