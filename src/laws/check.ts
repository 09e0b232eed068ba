/**
 * Citation checks against the statute reference set: the cited article (paragraph, item) must
 * exist, and a quoted text must be the statute's (an excerpt with ellipses, or one item of the
 * article, is fine). A law outside the reference set is `unverified`, never wrong. Pure given the
 * library; `checkCitations(notice)` uses reference/laws.
 */
import type { CitationCheck, ItemRef } from '../../schemas/compare.ts';
import type { Citation, Notice } from '../../schemas/notice.ts';
import { formatCitation, formatProvision } from './format.ts';
import { type LawLibrary, referenceLaws } from './library.ts';
import { matchQuote, type QuoteMatch } from './quote.ts';
import type { Statute, StatuteArticle } from './types.ts';

/** A quote this similar to the statute (share of it found verbatim) is the statute's wording. */
export const QUOTE_SAME = 1;
/** Below this a differing quote is `major` (words of substance missing, or another text), from it up `minor`. */
export const QUOTE_MINOR = 0.8;
/** A quote matches another article of the law from this similarity up. */
const ELSEWHERE_MIN = 0.9;

/** Every citation of every item of a notice, checked; `ok` ones included (filter on `status`). */
/**
 * Whether a check is a problem in the citation (a wrong article, paragraph or item, a quote that
 * is not the statute's text). Not a problem: checked, unverifiable (the reference set lacks the
 * law) and an unstated article — they are shown, never counted as wrong.
 */
/** What each check outcome is called, for people (the JSON keeps the status code). */
export const CITATION_STATUS_LABELS: Record<CitationCheck['status'], string> = {
  ok: '已核对',
  unverified: '未核实',
  'article-unstated': '未注明条号',
  'article-not-found': '条号不存在',
  'paragraph-not-found': '款号不存在',
  'item-not-found': '项号不存在',
  'quote-differs': '引文不符',
};

export function isProblem(status: CitationCheck['status']): boolean {
  return status !== 'ok' && status !== 'unverified' && status !== 'article-unstated';
}

export function checkCitations(
  notice: Notice,
  options: { library?: LawLibrary; noticeId?: string; firstTable?: number } = {},
): CitationCheck[] {
  const library = options.library ?? referenceLaws();
  const noticeId = options.noticeId ?? notice.source?.file ?? 'notice';
  return notice.tables.flatMap((table, t) =>
    table.items.flatMap((item) => {
      const ref: ItemRef = {
        table: (options.firstTable ?? 0) + t,
        seq: item.seq,
        name: item.name,
        powerType: item.powerType,
        notice: noticeId,
      };
      return item.citations.map((citation) => checkCitation(citation, ref, library));
    }),
  );
}

/** Checks per library, by citation (law, provision, quote): catalogues repeat their citations. */
const memo = new WeakMap<LawLibrary, Map<string, Omit<CitationCheck, 'item'>>>();
const MEMO_SIZE = 5000;

/** One citation against the statute it names (remembered: the check depends on nothing else). */
export function checkCitation(citation: Citation, item: ItemRef | null, library: LawLibrary): CitationCheck {
  const checks = memo.get(library) ?? new Map<string, Omit<CitationCheck, 'item'>>();
  memo.set(library, checks);
  const key = JSON.stringify([
    citation.law,
    citation.article,
    citation.paragraph,
    citation.item,
    citation.quote,
    citation.verbatim,
  ]);
  let check = checks.get(key);
  if (!check) {
    const { item: _none, ...rest } = checkUncached(citation, library);
    check = rest;
    if (checks.size >= MEMO_SIZE) checks.clear();
    checks.set(key, check);
  }
  return { ...check, item };
}

function checkUncached(citation: Citation, library: LawLibrary): CitationCheck {
  const item = null;
  const cited = formatCitation(citation);
  const statute = library.resolve(citation.law);
  const base = {
    item,
    citation: {
      law: citation.law,
      article: citation.article,
      paragraph: citation.paragraph,
      item: citation.item,
      verbatim: citation.verbatim,
    },
    statute: statute
      ? { name: statute.name, edition: statute.edition, articles: statute.articles.length }
      : null,
  };
  if (!statute) {
    const suggestion = library.suggest(citation.law);
    return {
      ...base,
      status: 'unverified',
      ...(suggestion ? { suggestion } : {}),
      message: `${cited}：所引法规不在法规参考库中，无法核对（不是错误）${suggestion ? `；是否为《${suggestion}》？` : ''}`,
    };
  }
  if (citation.article === null)
    return {
      ...base,
      status: 'article-unstated',
      message: `${cited}：只写了法规名称，未注明条号，无法核对条文`,
    };
  const article = library.article(statute, citation.article);
  if (!article) {
    const elsewhere = citation.quote ? bestArticle(citation.quote, statute) : null;
    return {
      ...base,
      status: 'article-not-found',
      matchesArticle: elsewhere,
      message: `${cited}：条号不存在（该法规共 ${statute.articles.length} 条）${elsewhere ? `；引文是其${formatProvision({ article: elsewhere })}的内容` : ''}`,
    };
  }
  const scope = provisionText(article, citation);
  if (typeof scope !== 'string')
    return { ...base, status: scope.status, message: `${cited}：条款不存在（${scope.why}）` };
  const match = citation.quote ? matchQuote(citation.quote, scope) : null;
  if (!match || match.similarity >= QUOTE_SAME) return { ...base, status: 'ok', message: `${cited}：已核对` };
  return quoteDiffers(base, cited, match, statute, citation);
}

/** The finding for a quote that is not the cited provision's text. */
function quoteDiffers(
  base: Omit<CitationCheck, 'status' | 'message'>,
  cited: string,
  match: QuoteMatch,
  statute: Statute,
  citation: Citation,
): CitationCheck {
  const severity = match.similarity >= QUOTE_MINOR ? 'minor' : 'major';
  const elsewhere = severity === 'major' && citation.quote ? bestArticle(citation.quote, statute) : null;
  const moved = elsewhere !== null && elsewhere !== citation.article ? elsewhere : null;
  const shown = [...new Set(match.spans.map((s) => `${s.quote || '∅'} → ${s.statute || '∅'}`))]
    .slice(0, 3)
    .join('; ');
  return {
    ...base,
    status: 'quote-differs',
    severity,
    similarity: round(match.similarity),
    spans: match.spans.slice(0, 20),
    matchesArticle: moved,
    message:
      severity === 'minor'
        ? `${cited}：引文与法条原文措辞有出入（${shown}）`
        : `${cited}：引文与法条原文明显不同（相似度 ${round(match.similarity)}：${shown}）${moved ? `；引文是其${formatProvision({ article: moved })}的内容` : ''}`,
  };
}

/** The cited paragraph's or item's text, the whole article without them; or why it does not exist. */
function provisionText(
  article: StatuteArticle,
  citation: Citation,
): string | { status: 'paragraph-not-found' | 'item-not-found'; why: string } {
  const paragraphs = article.paragraphs;
  const paragraph = citation.paragraph === null ? null : paragraphs[citation.paragraph - 1];
  if (citation.paragraph !== null && !paragraph)
    return { status: 'paragraph-not-found', why: `该条共 ${paragraphs.length} 款` };
  if (citation.item === null) return paragraph?.text ?? article.text;
  const items = paragraph?.items ?? paragraphs.flatMap((p) => p.items);
  const item = items[citation.item - 1];
  return item ?? { status: 'item-not-found', why: `该条款共 ${items.length} 项` };
}

/** The article of the statute whose text the quote matches best, from similarity ELSEWHERE_MIN up. */
function bestArticle(quote: string, statute: Statute): number | null {
  let best: { number: number; similarity: number } | null = null;
  for (const article of statute.articles) {
    const similarity = matchQuote(quote, article.text)?.similarity ?? 0;
    if (similarity >= ELSEWHERE_MIN && (!best || similarity > best.similarity))
      best = { number: article.number, similarity };
  }
  return best?.number ?? null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
