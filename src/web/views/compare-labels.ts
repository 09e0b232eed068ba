/** Chinese labels of the diff's fields, signals, citation difference kinds and check statuses. */
import type { CitationCheck, CitationDiffKind, DiffField } from '../../../schemas/compare.ts';
import { DIFF_FIELD_LABELS, signalLabel } from '../../export/views.ts';
import { CITATION_STATUS_LABELS } from '../../laws/check.ts';

export const FIELD_LABELS: Record<DiffField | 'name', string> = { name: '事项名称', ...DIFF_FIELD_LABELS };

export const KIND_LABELS: Record<CitationDiffKind, string> = {
  'only-a': '仅甲方引用',
  'only-b': '仅乙方引用',
  'article-differs': '引文相同，条款号不同',
  'article-unstated': '一方未写明条款',
};

export const STATUS_LABELS = CITATION_STATUS_LABELS;

export { signalLabel };

/** A citation check as one Chinese sentence, from its structured fields. */
export function checkSentence(check: CitationCheck): string {
  const { citation, statute } = check;
  const law = `《${citation.law}》`;
  const matches = check.matchesArticle ? `；引文见该法第${check.matchesArticle}条` : '';
  switch (check.status) {
    case 'article-not-found':
      return `${law}没有第${citation.article}条${statute ? `（共 ${statute.articles} 条）` : ''}${matches}`;
    case 'paragraph-not-found':
      return `${law}第${citation.article}条没有第${citation.paragraph}款`;
    case 'item-not-found':
      return `${law}第${citation.article}条没有第${citation.item}项`;
    case 'quote-differs': {
      const spans = (check.spans ?? []).map((s) => `“${s.quote}”→“${s.statute}”`).join('、');
      const severity = check.severity === 'major' ? '差异较大' : '措辞差异';
      return `引文与法条不符（${severity}）${spans ? `：${spans}` : ''}${matches}`;
    }
    case 'unverified':
      return `参考法规库中没有${law}，未核实（不是错误）${check.suggestion ? `（是否指《${check.suggestion}》？）` : ''}`;
    case 'article-unstated':
      return `${law}未注明条号，无法核对条文`;
    default:
      return '已核对';
  }
}
