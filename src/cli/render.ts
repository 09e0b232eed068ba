import type { Notice, TableKind, TableLayout } from '../../schemas/notice.ts';
import { alignColumns, truncate } from './table.ts';

const KIND_LABELS: Record<TableKind, string> = {
  catalogue: '事项清单',
  discretion: '裁量基准',
  exemption: '免罚清单',
};
const LAYOUT_LABELS: Record<TableLayout, string> = {
  grid: '表格',
  delimited: '分隔符文字',
  spaced: '空格分列文字',
  vertical: '每行一格文字',
  'run-together': '连排文字',
};

/** The readable `extract` output: metadata, then each table as aligned text, then articles. */
export function renderNotice(notice: Notice): string {
  const { meta } = notice;
  const out: string[] = [];
  out.push(`标题 title     ${meta.title ?? '—'}`);
  out.push(`文号 docNumber ${meta.docNumber ?? '—'}`);
  out.push(`发文 issuer    ${meta.issuer ?? '—'}   ${meta.issuedOn ?? ''}`);
  const parents = meta.region?.parents.map((p) => p.name).join(' → ');
  out.push(
    `地区 region    ${meta.region ? `${meta.region.name} (${meta.region.level}${parents ? `, ${parents}` : ''})` : '—'}`,
  );
  out.push(`状态 status    ${meta.status}${meta.expiresOn ? `, expires ${meta.expiresOn}` : ''}`);
  if (notice.review.needed) out.push('复核           需复核：原因见文末的提示');
  notice.tables.forEach((table, index) => {
    const notes = [
      table.powerType,
      KIND_LABELS[table.kind],
      table.layout === 'grid' ? null : `识别自${LAYOUT_LABELS[table.layout]}`,
      table.confidence < 1 ? `可信度 ${Math.round(table.confidence * 100)}%` : null,
    ].filter(Boolean);
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
    out.push('', `条文 articles: ${notice.articles.length}`);
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
