/**
 * The JS search libraries a user would pick instead of our index, each behind one small
 * interface, indexing the same documents (the four searchable fields of src/search/documents.ts
 * with the boosts of FIELD_WEIGHTS, name 10 > targets 5 > body 2 > context 1, plus the power type
 * and region path as filters) and answering the same parsed query strings, in its best
 * reasonable configuration for Chinese:
 *
 * - MiniSearch and FlexSearch (a Document index) with a CJK gram tokenizer: documents as every
 *   character unigram and bigram of each run of letters and digits (the grams our own index
 *   keeps), queries as the bigrams of each run (its character when the run has one), all required.
 *   FlexSearch's filters are applied to its results: its tag search (0.8.212) ORs several tags
 *   and returns nothing when the first field has no tagged match.
 * - Orama with the mandarin tokenizer of @orama/tokenizers (Intl.Segmenter word segmentation,
 *   ICU data built into Node: nothing is downloaded), and Orama with the same gram tokenizer.
 *
 * Libraries are imported lazily (`loadEngines`), as bench/README.md asks of heavy imports.
 */
import type { SearchDocument } from '../../src/search/documents.ts';

/** One document as the peers index it: the searchable fields, filters, and its number. */
export interface PeerRecord {
  /** Position in the size's document array. */
  id: number;
  /** The same number as a string (Orama's ids are strings). */
  key: string;
  name: string;
  targets: string;
  body: string;
  context: string;
  /** '' for documents without one (notices, articles). */
  powerType: string;
  regionPath: string[];
}

/** A query as every peer gets it: the parsed query text (searchForm, words apart by spaces), and its filters. */
export interface PeerQuery {
  text: string;
  region?: string;
  powerType?: string;
}

export interface PeerEngine {
  /** Short name shown in the tables. */
  label: string;
  /** The configuration, for the notes and the README. */
  config: string;
  /**
   * Heap per document in KiB, as measured at 10k items in our runs: sizes whose estimate would
   * not fit the heap are left out (bench/suites/search-peers.ts).
   */
  heapKiBPerDoc: number;
  /** Indexes the records (replacing anything indexed before). */
  build(records: PeerRecord[]): Promise<void>;
  /** Ids of the matching records, best first, at most `limit`. */
  search(query: PeerQuery, limit: number): number[];
  /** Drops the index (its memory can be collected). */
  drop(): void;
}

export const FIELD_NAMES = ['name', 'targets', 'body', 'context'] as const;
/** FIELD_WEIGHTS of src/search/documents.ts, by field name. */
export const BOOSTS = { name: 10, targets: 5, body: 2, context: 1 } as const;

export function peerRecords(docs: readonly SearchDocument[]): PeerRecord[] {
  return docs.map((doc, id) => ({
    id,
    key: String(id),
    name: doc.fields[0],
    targets: doc.fields[1],
    body: doc.fields[2],
    context: doc.fields[3],
    powerType: doc.powerType ?? '',
    regionPath: doc.regionPath,
  }));
}

const RUN_BREAK = /[^\p{L}\p{N}]+/u;

/** Every character unigram and bigram of every run of letters and digits, each once. */
export function documentGrams(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.toLowerCase().split(RUN_BREAK)) {
    let previous = '';
    for (const ch of run) {
      out.add(ch);
      if (previous) out.add(previous + ch);
      previous = ch;
    }
  }
  return [...out];
}

/** The bigrams of every run of a query (the character of a one-character run), each once. */
export function queryGrams(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.toLowerCase().split(RUN_BREAK)) {
    const chars = [...run];
    if (chars.length === 1) out.add(run);
    for (let i = 1; i < chars.length; i++) out.add(`${chars[i - 1]}${chars[i]}`);
  }
  return [...out];
}

function passes(record: PeerRecord, query: PeerQuery): boolean {
  return (
    (!query.powerType || record.powerType === query.powerType) &&
    (!query.region || record.regionPath.includes(query.region))
  );
}

export async function loadEngines(): Promise<(() => PeerEngine)[]> {
  const [{ default: MiniSearch }, { Document }, orama, { createTokenizer }] = await Promise.all([
    import('minisearch'),
    import('flexsearch'),
    import('@orama/orama'),
    import('@orama/tokenizers/mandarin'),
  ]);

  const miniSearch = (): PeerEngine => {
    let index: InstanceType<typeof MiniSearch<PeerRecord>> | null = null;
    let records: PeerRecord[] = [];
    return {
      label: 'MiniSearch',
      heapKiBPerDoc: 10,
      config:
        'fields name/targets/body/context, boost 10/5/2/1, tokenize: document grams (unigrams+bigrams), ' +
        'searchOptions.tokenize: query bigrams, combineWith AND, no prefix/fuzzy, filter callback',
      async build(input) {
        records = input;
        index = new MiniSearch<PeerRecord>({
          fields: [...FIELD_NAMES],
          storeFields: [],
          tokenize: documentGrams,
          processTerm: (term) => term,
          searchOptions: {
            boost: { ...BOOSTS },
            combineWith: 'AND',
            prefix: false,
            fuzzy: false,
            tokenize: queryGrams,
            processTerm: (term) => term,
          },
        });
        index.addAll(records);
      },
      search(query, limit) {
        if (!index) throw new Error('MiniSearch: not built');
        const filtered = query.region || query.powerType;
        const results = index.search(
          query.text,
          filtered ? { filter: (r) => passes(records[r.id as number] as PeerRecord, query) } : {},
        );
        const out: number[] = [];
        for (let i = 0; i < results.length && i < limit; i++) out.push((results[i] as { id: number }).id);
        return out;
      },
      drop() {
        index = null;
        records = [];
      },
    };
  };

  const flexSearch = (): PeerEngine => {
    // one encoder for documents and queries: a flag tells which grams to make
    let querying = false;
    const encode = (text: string) => (querying ? queryGrams(text) : documentGrams(text));
    type FlexDocument = InstanceType<typeof Document>;
    let index: FlexDocument | null = null;
    let records: PeerRecord[] = [];
    return {
      label: 'FlexSearch',
      heapKiBPerDoc: 3,
      config:
        'Document index, fields name/targets/body/context (merged, name first), tokenize strict, custom encode ' +
        '(documents: grams, queries: bigrams; every term required); filters applied to its results (no tags: ' +
        '0.8.212 tag search ORs several tags and returns nothing when the first field has no tagged match)',
      async build(input) {
        records = input;
        index = new Document({
          document: {
            id: 'id',
            index: FIELD_NAMES.map((field) => ({ field, tokenize: 'strict' as const, encode })),
          },
        } as ConstructorParameters<typeof Document>[0]);
        for (const record of input) index.add(record as unknown as Parameters<FlexDocument['add']>[0]);
      },
      search(query, limit) {
        if (!index) throw new Error('FlexSearch: not built');
        const filtered = Boolean(query.powerType || query.region);
        querying = true;
        try {
          const results = index.search({
            query: query.text,
            // filtered: every match, filtered here (a limit of 0 would mean 100)
            limit: filtered ? records.length : limit,
            merge: true,
          }) as unknown as { id: number }[];
          const out: number[] = [];
          for (let i = 0; i < results.length && out.length < limit; i++) {
            const id = (results[i] as { id: number }).id;
            if (!filtered || passes(records[id] as PeerRecord, query)) out.push(id);
          }
          return out;
        } finally {
          querying = false;
        }
      },
      drop() {
        index = null;
        records = [];
      },
    };
  };

  const schema = {
    name: 'string',
    targets: 'string',
    body: 'string',
    context: 'string',
    powerType: 'enum',
    regionPath: 'enum[]',
  } as const;
  type Tokenizer = { language: string; normalizationCache: Map<string, string>; tokenize: Gram };
  type Gram = (raw: string, language?: string, prop?: string) => string[];
  const gramTokenizer: Tokenizer = {
    language: 'mandarin',
    normalizationCache: new Map(),
    // Orama passes the property when indexing and none when searching
    tokenize: (raw, _language, prop) => (prop ? documentGrams(raw) : queryGrams(raw)),
  };

  const oramaEngine =
    (
      label: string,
      heapKiBPerDoc: number,
      tokenizer: () => Tokenizer | ReturnType<typeof createTokenizer>,
      config: string,
    ) =>
    (): PeerEngine => {
      let db: ReturnType<typeof orama.create<typeof schema>> | null = null;
      return {
        label,
        heapKiBPerDoc,
        config,
        async build(input) {
          db = orama.create({
            schema,
            components: {
              tokenizer: tokenizer(),
              getDocumentIndexId: (doc: { key: string }) => doc.key,
            },
          } as Parameters<typeof orama.create<typeof schema>>[0]);
          await orama.insertMultiple(
            db,
            input as unknown as Parameters<typeof orama.insertMultiple>[1],
            1000,
          );
        },
        search(query, limit) {
          if (!db) throw new Error(`${label}: not built`);
          const where: Record<string, unknown> = {};
          if (query.powerType) where.powerType = { eq: query.powerType };
          if (query.region) where.regionPath = { containsAll: [query.region] };
          const result = orama.search(db, {
            term: query.text,
            properties: [...FIELD_NAMES],
            boost: { ...BOOSTS },
            threshold: 0,
            limit,
            ...(query.powerType || query.region ? { where } : {}),
          } as Parameters<typeof orama.search>[1]);
          if (result instanceof Promise) throw new Error(`${label}: search went async`);
          return result.hits.map((hit) => Number(hit.id));
        },
        drop() {
          db = null;
        },
      };
    };

  return [
    miniSearch,
    flexSearch,
    oramaEngine(
      'Orama (mandarin)',
      8.5,
      () => createTokenizer(),
      'properties name/targets/body/context, boost 10/5/2/1, tokenizer: @orama/tokenizers/mandarin ' +
        '(Intl.Segmenter words), threshold 0 (every token), prefix matching (Orama default), where on enum powerType, enum[] regionPath',
    ),
    oramaEngine(
      'Orama (grams)',
      25,
      () => gramTokenizer,
      'as Orama (mandarin) but a custom tokenizer: documents as grams (unigrams+bigrams), queries as bigrams',
    ),
  ];
}
