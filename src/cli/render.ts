import type { Notice } from '../../schemas/notice.ts';
import { alignColumns, truncate } from '../export/text-table.ts';
import { tableNotes } from '../extract/labels.ts';

const LEVELS = { province: '省级', city: '市级', county: '县级' } as const;
const STATUSES = {
  'in-force': '现行有效',
  draft: '征求意见稿',
  trial: '试行',
  expired: '已失效',
  unknown: '未注明',
} as const;

/** The readable `extract` output: metadata, then each table as aligned text, then articles. */
export function renderNotice(notice: Notice): string {
  const { meta } = notice;
  const out: string[] = [];
  out.push(`标题  ${meta.title ?? '—'}`);
  out.push(`文号  ${meta.docNumber ?? '—'}`);
  out.push(`发文  ${meta.issuer ?? '—'}  ${meta.issuedOn ?? ''}`);
  const parents = meta.region?.parents.map((p) => p.name).join(' → ');
  out.push(
    `地区  ${meta.region ? `${meta.region.name}（${LEVELS[meta.region.level]}${parents ? `，${parents}` : ''}）` : '—'}`,
  );
  out.push(`状态  ${STATUSES[meta.status]}${meta.expiresOn ? `，有效期至 ${meta.expiresOn}` : ''}`);
  if (notice.review.needed) out.push('复核  需复核：原因见文末的提示');
  notice.tables.forEach((table, index) => {
    const notes = tableNotes(table);
    out.push('', `表${index + 1}：${table.title ?? '（无标题）'}（${notes.join('，')}）`);
    const rows = table.items.map((item) => [
      String(item.seq),
      item.name,
      item.powerType ?? '',
      item.targets.join('、'),
      item.levels.join('、'),
      item.citations
        .map((c) => `${c.law}${c.article ? `#${c.article}${c.paragraph ? `.${c.paragraph}` : ''}` : ''}`)
        .join('; '),
    ]);
    out.push(
      ...alignColumns(
        [['序号', '事项名称', '职权类型', '对象', '层级', '依据'], ...rows],
        [4, 40, 8, 24, 10, 60],
      ),
    );
  });
  if (notice.articles.length > 0) {
    out.push('', `条文：${notice.articles.length} 条`);
    let chapter: string | null = null;
    for (const article of notice.articles) {
      if (article.chapter && article.chapter !== chapter) {
        chapter = article.chapter;
        out.push(`  ${chapter}`);
      }
      out.push(`    第${article.number}条 ${truncate(article.text.replace(/\n/g, ' '), 60)}`);
    }
  }
  for (const warning of notice.warnings) out.push(`! ${warning.message}`);
  return out.join('\n');
}
