/**
 * The Meilisearch side of the index, without I/O: the document shape, its settings, and the
 * gram tokens that give Meilisearch the substring recall its prefix-only jieba segmentation
 * lacks (meilisearch issues #2499, #4874, #5774: 处理 does not find 待处理). Each character bigram
 * (and unigram) is encoded as one fixed-width Latin token — b + 12 hex digits, u + 6 — so that
 * Meilisearch neither re-segments it nor prefix-matches a unigram into a bigram.
 */
import type { Settings } from 'meilisearch';
import { FIELDS, type SearchDocument } from './documents.ts';
import type { ParsedQuery } from './query.ts';
import { SYNONYMS } from './synonyms.ts';
import { bigramsOf, runsOf } from './terms.ts';

/** A document as stored in Meilisearch: the SearchDocument flattened, plus gram fields. */
export type MeiliDoc = Omit<SearchDocument, 'key' | 'fields'> & {
  id: string;
  name: string;
  targets: string;
  body: string;
  context: string;
  /** Law names without articles (the lawCited facet). */
  lawNames: string[];
  g_name: string;
  g_targets: string;
  g_body: string;
  g_context: string;
  /** Distinct unigram tokens of all fields (single-character queries). */
  u_all: string;
};

const GRAM_FIELDS = ['g_name', 'g_targets', 'g_body', 'g_context'] as const;
const TEXT_FIELDS = ['name', 'targets', 'body', 'context'] as const;

/** Explicit index settings: nothing is left to Meilisearch's defaults that the search relies on. */
export function meiliSettings(): Settings {
  return {
    searchableAttributes: [...GRAM_FIELDS, 'u_all', ...TEXT_FIELDS, 'title', 'docNumber'],
    filterableAttributes: [
      'kind',
      'noticeId',
      'version',
      'current',
      'region',
      'regionPath',
      'regionCodes',
      'powerType',
      'status',
      'needsReview',
      'laws',
      'lawNames',
    ],
    sortableAttributes: ['issuedOn', 'version'],
    displayedAttributes: ['*'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    localizedAttributes: [{ attributePatterns: [...TEXT_FIELDS, 'title'], locales: ['zho'] }],
    synonyms: synonymSettings(),
    typoTolerance: {
      enabled: true,
      disableOnNumbers: true,
      disableOnAttributes: ['docNumber', ...GRAM_FIELDS, 'u_all'],
    },
    // the most frequent values, not the first 100 in alphabetical order (the default): the
    // top 20 laws and 100 regions are cut from these
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000 },
  };
}

/** Synonyms in both forms: as written (for the text fields) and as gram tokens (for ours). */
function synonymSettings(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(SYNONYMS)) {
    out[key] = [...values];
    out[phraseTokens(key)] = values.map(phraseTokens);
  }
  return out;
}

export function toMeiliDoc(doc: SearchDocument): MeiliDoc {
  const { key, fields, ...rest } = doc;
  const [name, targets, body, context] = fields;
  const unigrams = new Set<string>();
  for (const text of fields) for (const run of runsOf(text)) for (const ch of run) unigrams.add(unigram(ch));
  return {
    ...rest,
    id: key.replace(/[^A-Za-z0-9_-]/g, '_'),
    name,
    targets,
    body,
    context,
    lawNames: [...new Set(doc.laws.map((law) => law.split('#')[0] as string))],
    g_name: gramText(name),
    g_targets: gramText(targets),
    g_body: gramText(body),
    g_context: gramText(context),
    u_all: [...unigrams].join(' '),
  };
}

/** The document's fields back in SearchDocument order (for snippets). */
export function fieldsOf(doc: Pick<MeiliDoc, (typeof TEXT_FIELDS)[number]>): string[] {
  return FIELDS.map((field) => doc[field] ?? '');
}

/** The Meilisearch query for a parsed query: every required gram, word by word, in order. */
export function meiliQuery(query: ParsedQuery): string {
  return query.words
    .map((word) => {
      const grams = word.spellings[0]?.grams ?? [];
      return grams.map((g) => ([...g].length === 1 ? unigram(g) : bigram(g))).join(' ');
    })
    .join(' ');
}

/** A text's bigram tokens in text order; runs are kept apart by a full stop (a hard separator). */
function gramText(text: string): string {
  return runsOf(text)
    .map((run) => bigramsInOrder(run).map(bigram).join(' '))
    .filter(Boolean)
    .join(' . ');
}

function phraseTokens(phrase: string): string {
  return bigramsOf(phrase).map(bigram).join(' ');
}

function bigramsInOrder(run: string): string[] {
  const chars = [...run];
  return chars.slice(1).map((ch, i) => `${chars[i]}${ch}`);
}

function bigram(gram: string): string {
  return `b${[...gram].map(hex).join('')}`;
}

function unigram(ch: string): string {
  return `u${hex(ch)}`;
}

function hex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).padStart(6, '0');
}
