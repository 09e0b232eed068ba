/**
 * Query evaluation over a MemoryIndex. Each word and filter becomes a match set (words.ts); the
 * candidates are the sparsest list's documents probed against the others, or, when every set is
 * dense, the set bits of their AND. Each candidate's field masks come from its postings; it is
 * scored roughly from typed arrays alone and counted in the facets; the best few are re-ranked
 * from their text (rank.ts).
 */
import type { SearchFacets } from '../../../schemas/search.ts';
import type { SearchDocument } from '../documents.ts';
import type { ParsedQuery } from '../query.ts';
import { type Dense, denseOf } from './dense.ts';
import { popcount } from './facets.ts';
import type { FilterTerm, MemoryIndex } from './memory.ts';
import { anyWordMask, rerankPlan, rerankScore, TopK } from './rank.ts';
import { type Probe, Scan, visitTiers } from './scan.ts';
import { filterMatches, type MatchSet, wordMatches } from './words.ts';

export interface MemoryQuery {
  query: ParsedQuery;
  terms: FilterTerm[];
  currentOnly: boolean;
  limit: number;
  offset: number;
  /** Count the facets of the matches (a pass over the match set). */
  facets: boolean;
}

export interface MemoryResult {
  total: number;
  /** `fields`: bit f set when field f may hold a query word (the others cannot: snippets skip them). */
  hits: { doc: SearchDocument; score: number; fields: number }[];
  facets?: SearchFacets;
}

/** How many documents, at least, the exact re-ranking looks at. */
const RERANK_MIN = 50;
/**
 * Match sets larger than 1/32 of the index are visited tier by tier (and part by part), their
 * facets counted by bitset: at a million items, 1/8 left the sets of 30k–120k documents to a visit
 * of every match, the slowest queries after the common single words (p95 14.9 → 10.2 ms, 1/64: 11.2).
 */
const TIERED_FRACTION = 32;

export function searchMemory(index: MemoryIndex, q: MemoryQuery): MemoryResult {
  const { state, titleLength, facet } = index.columns;
  const words = q.query.words.map((word) => wordMatches(index, word));
  const filters = q.terms.map((term) => filterMatches(index, term));
  if (words.length === 0 || words.includes(null) || filters.includes(null))
    return {
      total: 0,
      hits: [],
      ...(q.facets && { facets: index.facets.count(new Uint32Array(0), 0, facet) }),
    };
  const sets = [...words, ...filters] as MatchSet[];
  const joins = q.query.joins.map((gram) => {
    const list = index.grams.get(gram);
    return list ? (denseOf(list, index.idLimit) ?? list) : null;
  });

  const sparse = sets
    .filter((set) => set.sparse)
    .sort((a, b) => (a.sparse?.length ?? 0) - (b.sparse?.length ?? 0));
  const driver = sparse[0]?.sparse ?? null;
  const driverAt = driver ? sets.findIndex((set) => set.sparse === driver) : -1;
  const minState = q.currentOnly ? 2 : 1;
  const size = index.idLimit;
  // every set dense: the candidates are the AND of their bitsets (and of the live/current bits)
  const common = driver
    ? null
    : andAll([...sets.map((set) => (set.dense as Dense).any), index.columns.bits(minState, size)]);
  const total = common ? count(common) : 0;
  const tiered = common !== null && total > size / TIERED_FRACTION;
  const probes: Probe[] = sets.flatMap((set, i) =>
    i === driverAt || (common && i >= words.length)
      ? []
      : [{ dense: set.dense ?? null, sparse: set.sparse ?? null, word: i < words.length ? i : -1 }],
  );
  const top = new TopK(Math.max(RERANK_MIN, 3 * (q.offset + q.limit)));
  const scan = new Scan(
    probes,
    joins,
    words.length,
    driverAt >= 0 && driverAt < words.length ? driverAt : -1,
    state,
    titleLength,
    minState,
    new Uint32Array(tiered || !q.facets ? 0 : driver ? driver.length : total),
    top,
  );
  if (driver) scan.visitList(driver);
  else if (tiered)
    visitTiers(
      scan,
      common,
      words.map((set) => (set as MatchSet).dense as Dense),
      top,
    );
  else scan.visitCommon([common as Uint32Array]);
  const facets = !q.facets
    ? undefined
    : tiered
      ? largeFacets(index, sets, common, total, minState)
      : index.facets.count(scan.matched, scan.total, facet);

  const ranked: { doc: SearchDocument; id: number; score: number; fields: number }[] = [];
  const plan = rerankPlan(q.query);
  for (const { id, score, payload } of top.take()) {
    const doc = index.doc(id) as SearchDocument;
    const exact = rerankScore(plan, doc, payload);
    if (Number.isNaN(exact)) continue;
    ranked.push({ doc, id, score: score + exact, fields: anyWordMask(payload, plan.words) });
  }
  ranked.sort((a, b) => b.score - a.score || a.id - b.id);
  const hits = ranked.slice(q.offset, q.offset + q.limit);
  return { total: common ? total : scan.total, hits, ...(facets && { facets }) };
}

/**
 * The facets of a large match set, the AND of `sets` (all bitsets) and the live documents. The
 * counts of the last few such sets are kept while the sets are the same objects (words.ts keeps a
 * word's bitsets until its lists change) and the index has not changed (the live key): a common
 * word searched again costs no second pass over its hundreds of thousands of documents.
 */
function largeFacets(
  index: MemoryIndex,
  sets: MatchSet[],
  common: Uint32Array,
  total: number,
  minState: number,
): SearchFacets {
  const live = index.columns.live(minState, index.idLimit);
  const key = `${live.key}:${sets.map((set) => identity(set.dense as Dense)).join(',')}`;
  let cache = facetCaches.get(index);
  if (!cache) {
    cache = new Map();
    facetCaches.set(index, cache);
  }
  let facets = cache.get(key);
  if (facets) cache.delete(key);
  else facets = index.facets.countLarge(common, total, live, index.columns.facet);
  cache.set(key, facets);
  if (cache.size > CACHED_FACETS) cache.delete(cache.keys().next().value as string);
  // a copy per answer: a caller may change what it got
  return {
    kind: { ...facets.kind },
    powerType: { ...facets.powerType },
    status: { ...facets.status },
    region: { ...facets.region },
    lawCited: { ...facets.lawCited },
  };
}

const CACHED_FACETS = 64;
const facetCaches = new WeakMap<MemoryIndex, Map<string, SearchFacets>>();
const identities = new WeakMap<object, number>();
let nextIdentity = 0;

function identity(object: object): number {
  let id = identities.get(object);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(object, id);
  }
  return id;
}

function andAll(bitsets: Uint32Array[]): Uint32Array {
  const out = (bitsets[0] as Uint32Array).slice();
  for (let b = 1; b < bitsets.length; b++) {
    const other = bitsets[b] as Uint32Array;
    for (let w = 0; w < out.length; w++) out[w] = (out[w] as number) & (other[w] as number);
  }
  return out;
}

function count(bits: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w] as number);
  return n;
}
