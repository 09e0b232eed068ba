import { type CitationCheck, CitationStatus } from '../../../schemas/compare.ts';
import type { Citation } from '../../../schemas/notice.ts';
import { normalizeText } from '../../chinese/text.ts';
import { CITATION_STATUS_LABELS, checkCitation, isProblem } from '../../laws/check.ts';
import { formatCitation } from '../../laws/format.ts';
import { referenceLaws } from '../../laws/library.ts';
import { html, type SafeHtml } from '../html.ts';

/** A symbol beside each outcome's word, so the badge never relies on colour alone. */
const SYMBOLS: Record<CitationCheck['status'], string> = {
  ok: '✓',
  unverified: '?',
  'article-unstated': '·',
  'article-not-found': '✕',
  'paragraph-not-found': '✕',
  'item-not-found': '✕',
  'quote-differs': '≠',
};
/** Each check outcome: a word for the badge, and whether it is a finding (highlighted, counted). */
const CHECK_LABELS = Object.fromEntries(
  CitationStatus.options.map((status) => [
    status,
    { label: `${SYMBOLS[status]} ${CITATION_STATUS_LABELS[status]}`, finding: isProblem(status) },
  ]),
) as Record<CitationCheck['status'], { label: string; finding: boolean }>;

/** One citation checked against the statute reference set (src/laws/check.ts). */
export function checked(citation: Citation): CitationCheck {
  return checkCitation(citation, null, referenceLaws());
}

/**
 * A citation with its check: badge (word + symbol, not colour alone), the provision it cites
 * (《社会保险法》第七条: one line per article, even when one cell cites several), the cell's
 * words as written in its tooltip, and the finding in words.
 */
export function citationView(citation: Citation): SafeHtml {
  const check = checked(citation);
  const { label, finding } = CHECK_LABELS[check.status];
  return html`<li class="citation${finding ? ' finding' : ''}">
<span class="badge check-${check.status}">${label}</span> <span title="${normalizeText(citation.verbatim)}">${formatCitation(citation)}</span>
${finding || check.status === 'unverified' ? html`<span class="check-text">${explain(check, citation)}</span>` : ''}
</li>`;
}

/** The finding as staff read it. */
function explain(check: CitationCheck, citation: Citation): string {
  const statute = check.statute;
  switch (check.status) {
    case 'unverified':
      return `《${citation.law}》不在法规参考库中，无法核对（不是错误）${check.suggestion ? `（是否为《${check.suggestion}》？）` : ''}。`;
    case 'article-not-found':
      return `《${statute?.name ?? citation.law}》共 ${statute?.articles ?? '?'} 条，没有第 ${citation.article} 条${check.matchesArticle ? `；引文与第 ${check.matchesArticle} 条一致` : ''}。`;
    case 'paragraph-not-found':
      return `第 ${citation.article} 条没有第 ${citation.paragraph} 款。`;
    case 'item-not-found':
      return `所引条款没有第 ${citation.item} 项。`;
    case 'quote-differs': {
      const spans = (check.spans ?? [])
        .slice(0, 3)
        .map((s) => `“${s.quote || '（无）'}”→“${s.statute || '（无）'}”`)
        .join('；');
      const degree = check.severity === 'minor' ? '措辞有出入' : '与法条原文明显不同';
      return `引文${degree}（相似度 ${check.similarity ?? '?'}）${spans ? `：${spans}` : ''}${check.matchesArticle ? `；引文是第 ${check.matchesArticle} 条的内容` : ''}。`;
    }
    default:
      return '';
  }
}

/** How many of the citations are findings (for the summary line). */
export function countFindings(citations: Citation[]): number {
  return citations.filter((c) => CHECK_LABELS[checked(c).status].finding).length;
}
