import { parseArgs } from 'node:util';
import { reextractAll } from '../../pipeline/reextract.ts';
import { migrateRenditions } from '../../pipeline/renditions-migration.ts';
import { openSearchIndex } from '../../search/index.ts';
import { reindex } from '../../search/index-record.ts';
import { openStore } from '../../store/index.ts';
import type { Command } from '../io.ts';
import { SPECS } from '../specs.ts';

/**
 * `policy-kb reindex [--pending | --renditions] [--json]`: rebuilds the search index from the
 * store of record (every version; superseded ones marked so); `--pending` only indexes versions
 * not yet indexed (the catch-up after an index outage) and keeps the rest; `--renditions` first
 * makes versions that are the same notice in another format renditions of the earlier version
 * (a knowledge base saved before renditions existed), then rebuilds.
 */
export const reindexCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: SPECS.reindex.options,
  });
  const config = context.config;
  if (values.reextract) {
    const store = await openStore(config);
    try {
      const report = await reextractAll(store, (done, total) => {
        if (io.interactive) io.stderr(`\r已重新抽取 ${done}/${total} 个通知`);
      });
      if (io.interactive) io.stderr('\n');
      if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const reviewed = report.proposals.filter((p) => p.reviewed).length;
        io.stderr(
          `重新抽取了 ${report.checked} 个通知：${report.unchanged} 个结果不变，${report.proposals.length} 个有变化（其中 ${reviewed} 个已复核，复核版本保持不变，新结果作为建议保存在旁）${report.failed.length > 0 ? `，${report.failed.length} 个失败` : ''}。\n`,
        );
        for (const p of report.proposals)
          io.stderr(
            `  ${p.id} 第 ${p.version} 版${p.reviewed ? '（已复核）' : ''}：${p.differences.map((d) => d.message).join('；')}\n`,
          );
        for (const f of report.failed) io.stderr(`  ${f.id} 第 ${f.version} 版：${f.error}\n`);
      }
      return report.failed.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  }
  const store = await openStore(config);
  const index = await openSearchIndex(config);
  try {
    const started = Date.now();
    if (values.renditions) {
      const migrated = await migrateRenditions(store, index, (done, total) => {
        if (io.interactive) io.stderr(`\r已检查 ${done}/${total} 个通知`);
      });
      if (io.interactive) io.stderr('\n');
      const summary = { index: index.kind, ...migrated, ms: Date.now() - started };
      if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else
        io.stderr(
          `检查了 ${migrated.notices} 个通知：${migrated.folded.length} 个仅格式不同的版本改为同一版本的其他格式原件，新增 ${migrated.identities} 个按文号或标题的标识；索引已重建（${migrated.documents} 个可检索文档，${summary.ms} 毫秒）\n`,
        );
      return 0;
    }
    const result = await reindex(store, index, {
      pending: values.pending ?? false,
      onProgress: (done, total) => {
        if (io.interactive) io.stderr(`\r已索引 ${done}/${total} 个版本`);
      },
    });
    if (io.interactive && result.indexed > 0) io.stderr('\n');
    const summary = { index: index.kind, ...result, ms: Date.now() - started };
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else
      io.stderr(
        `已把 ${result.indexed} 个通知版本写入${index.kind === 'embedded' ? '内置' : ' Meilisearch '}检索索引：共 ${result.documents} 个可检索文档（${summary.ms} 毫秒）\n`,
      );
    return 0;
  } finally {
    await index.close();
    await store.close();
  }
};
