import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CorrectionsExport } from '../../../schemas/review.ts';
import { BadInputError } from '../../errors.ts';
import { headerAliases, reviewNotice } from '../../pipeline/review.ts';
import type { Command } from '../io.ts';
import { SPECS, UsageError } from '../specs.ts';

/**
 * `policy-kb review export [--out file]`: every reviewed version's corrections and the learned
 * column mappings as one JSON document; `policy-kb review import <file>`: applies such a
 * document's corrections to the same notices here (each a reviewed version, audited as
 * `<who>（导入）`) and adds the mappings this knowledge base lacks. A review already here (same
 * notice, version and corrections) is skipped, so importing twice changes nothing.
 */
export const reviewCommand: Command = async (args, io, context) => {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: SPECS.review.options,
  });
  if (action !== 'export' && action !== 'import') {
    throw new UsageError('review', '请写 review export 或 review import <文件>');
  }
  const app = await context.openApp({ resumeJobs: false });
  try {
    const reviewed = (await app.store.listNotices()).filter((record) => record.reviewed);
    if (action === 'export') {
      const document = CorrectionsExport.parse({
        format: 'policy-kb-corrections',
        formatVersion: 1,
        exportedAt: new Date().toISOString(),
        reviews: reviewed.map(({ id, reviewed: r }) => ({
          noticeId: id,
          basedOn: r?.basedOn,
          reason: r?.reason,
          by: r?.by,
          at: r?.at,
          corrections: r?.corrections,
        })),
        aliases: await headerAliases(app.store),
      });
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (values.out) {
        await writeFile(values.out, text);
        io.stderr(
          `已导出 ${document.reviews.length} 次复核、${document.aliases.length} 条列对应到 ${values.out}\n`,
        );
      } else io.stdout(text);
      return 0;
    }
    const file = positionals[0];
    if (!file) {
      throw new UsageError('review', '请给出要导入的文件');
    }
    const text = await readFile(file, 'utf8').catch(() => {
      throw new BadInputError(file, 'malformed', '读不到这个文件');
    });
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = CorrectionsExport.safeParse(json);
    if (!parsed.success)
      throw new BadInputError(file, 'malformed', '不是 policy-kb review export 导出的更正文件');
    const done = new Set(reviewed.map((r) => key(r.id, r.reviewed?.basedOn, r.reviewed?.corrections)));
    let applied = 0;
    let skipped = 0;
    const failed: string[] = [];
    for (const review of parsed.data.reviews) {
      if (done.has(key(review.noticeId, review.basedOn, review.corrections))) {
        skipped++;
        continue;
      }
      try {
        await reviewNotice(
          app,
          review.noticeId,
          { version: review.basedOn, reason: review.reason, corrections: review.corrections },
          `${review.by}（导入）`,
        );
        applied++;
      } catch (error) {
        failed.push(`${review.noticeId} 第 ${review.basedOn} 版：${(error as Error).message}`);
      }
    }
    const known = new Set(
      (await headerAliases(app.store)).map((a) => `${a.header}|${a.regionCode}|${a.field}`),
    );
    let aliases = 0;
    for (const alias of parsed.data.aliases) {
      if (known.has(`${alias.header}|${alias.regionCode}|${alias.field}`)) continue;
      await app.store.appendEntry('header-aliases', alias);
      aliases++;
    }
    const summary = { applied, skipped, failed, aliases };
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else
      io.stderr(
        `导入复核 ${applied} 次，已有而跳过 ${skipped} 次，新增列对应 ${aliases} 条${failed.length > 0 ? `；失败 ${failed.length} 次：\n${failed.join('\n')}` : ''}\n`,
      );
    return failed.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
};

function key(id: string, basedOn: number | undefined, corrections: unknown): string {
  return `${id}@${basedOn}:${JSON.stringify(corrections)}`;
}
