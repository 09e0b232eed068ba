/**
 * The embedded index in memory: documents by internal id, an inverted index from character
 * unigrams and bigrams to posting lists with field masks, and posting lists of filter terms
 * (region codes and names of the region and all its parents, power type, status, kind, cited
 * laws). A removed document leaves a hole (state 0 in the columns; its postings stay) until a dense
 * rewrite renumbers the documents (segment-write.ts, merge-plan.ts). The documents and posting lists of loaded
 * segments stay in their files until a search needs them (doc-table.ts, term-lists.ts).
 */
import { closeSync } from 'node:fs';
import { SearchKind } from '../../../schemas/search.ts';
import type { SearchDocument } from '../documents.ts';
import { addGrams } from '../terms.ts';
import { Columns } from './columns.ts';
import { DocTable } from './doc-table.ts';
import { FacetCodes } from './facets.ts';
import { TermLists } from './term-lists.ts';

/**
 * Prefixes of filter terms: r region (the document's and every parent's code and name), o own
 * region (facets), p power type, s status, k kind, l law, v waits for review (需复核).
 */
export type FilterTerm = `${'r' | 'o' | 'p' | 's' | 'k' | 'l' | 'v'}:${string}`;

export class MemoryIndex {
  /** By internal id; a removed document's id stays, empty (its state is 0). */
  readonly docs = new DocTable();
  readonly grams = new TermLists();
  readonly filters = new TermLists();
  readonly facets = new FacetCodes();
  readonly columns = new Columns();
  /** Open segment files (segment-read.ts), closed by `close`. */
  readonly files: number[] = [];
  /** Internal ids per notice version (`<noticeId>@<version>`). */
  readonly byVersion = new Map<string, number[]>();
  /** Versions per notice id. */
  private readonly versions = new Map<string, Set<number>>();
  /**
   * The version whose documents are current, per notice, when known: a new current version then
   * demotes that one version's documents instead of every version's (a catalogue with hundreds of
   * versions made each new one cost them all). Unknown (after a load, or once the current one
   * was re-indexed as superseded): the next current version demotes every other one, as before.
   */
  private readonly currentVersions = new Map<string, number>();
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Ids handed out so far, removed ones included: every id is below it. */
  get idLimit(): number {
    return this.docs.length;
  }

  /** A live document (its `current` flag as it is now), or null. */
  doc(id: number): SearchDocument | null {
    const state = this.columns.state[id] ?? 0;
    if (state === 0) return null;
    const doc = this.docs.get(id);
    if (doc) doc.current = state === 2;
    return doc;
  }

  /**
   * Replaces a notice version's documents; a current version marks the notice's other versions
   * superseded.
   */
  replaceVersion(noticeId: string, version: number, current: boolean, docs: SearchDocument[]): void {
    this.dropVersion(noticeId, version);
    const ids = docs.map((doc) => this.add({ ...doc, current }));
    this.byVersion.set(`${noticeId}@${version}`, ids);
    const known = this.versions.get(noticeId) ?? new Set<number>();
    known.add(version);
    this.versions.set(noticeId, known);
    if (!current) {
      if (this.currentVersions.get(noticeId) === version) this.currentVersions.delete(noticeId);
      return;
    }
    const previous = this.currentVersions.get(noticeId);
    for (const other of previous === undefined ? known : [previous]) {
      if (other === version) continue;
      for (const id of this.byVersion.get(`${noticeId}@${other}`) ?? []) this.columns.setCurrent(id, false);
    }
    this.currentVersions.set(noticeId, version);
  }

  /** Removes every version of a notice. */
  removeNotice(noticeId: string): void {
    for (const version of [...(this.versions.get(noticeId) ?? [])]) this.dropVersion(noticeId, version);
    this.versions.delete(noticeId);
    this.currentVersions.delete(noticeId);
  }

  /** Distinct notice versions held. */
  versionCount(): number {
    return this.byVersion.size;
  }

  /** Live documents by kind, from the packed facet codes (no document is decoded). */
  kindCounts(): Record<SearchKind, number> {
    const counts = new Int32Array(4);
    const { state, facet } = this.columns;
    for (let id = 0; id < this.idLimit; id++)
      if (state[id]) counts[(facet[id] as number) & 3] = (counts[(facet[id] as number) & 3] as number) + 1;
    return Object.fromEntries(SearchKind.options.map((kind, i) => [kind, counts[i] ?? 0])) as Record<
      SearchKind,
      number
    >;
  }

  /** Closes the segment files this index reads documents and lists from; it must not be used afterwards. */
  close(): void {
    for (const fd of this.files.splice(0)) closeSync(fd);
  }

  /** Adds documents whose postings are already in place (loading an old-format snapshot). */
  restore(docs: SearchDocument[]): void {
    for (const doc of docs) {
      const id = this.docs.push(doc);
      this.live++;
      this.columns.set(id, true, doc.current, doc.title.length, this.facets.set(id, doc));
      this.track(id, doc.noticeId, doc.version);
    }
  }

  /**
   * Takes a loaded segment's ids: their columns are already set (state included); registers the
   * live ones under their notice versions.
   */
  restoreVersions(keys: string[], ids: Uint32Array, counts: Uint32Array): void {
    const state = this.columns.state;
    let at = 0;
    keys.forEach((key, k) => {
      const end = at + (counts[k] as number);
      const live: number[] = [];
      for (; at < end; at++) if (state[ids[at] as number]) live.push(ids[at] as number);
      if (live.length === 0) return;
      const held = this.byVersion.get(key);
      if (held) held.push(...live);
      else this.byVersion.set(key, live);
      const split = key.lastIndexOf('@');
      const noticeId = key.slice(0, split);
      const known = this.versions.get(noticeId) ?? new Set<number>();
      this.versions.set(noticeId, known.add(Number(key.slice(split + 1))));
    });
  }

  /** Counts the live documents after segments were restored. */
  recount(): void {
    this.live = 0;
    const state = this.columns.state;
    for (let id = 0; id < this.idLimit; id++) if (state[id]) this.live++;
  }

  private add(doc: SearchDocument): number {
    const id = this.docs.push(doc);
    const masks = new Map<string, number>();
    doc.fields.forEach((text, field) => {
      const grams = new Set<string>();
      addGrams(text, grams);
      for (const gram of grams) masks.set(gram, (masks.get(gram) ?? 0) | (1 << field));
    });
    for (const [gram, mask] of masks) this.grams.obtain(gram).push(id, mask);
    for (const term of filterTerms(doc)) this.filters.obtain(term).push(id, 1);
    this.live++;
    this.columns.set(id, true, doc.current, doc.title.length, this.facets.set(id, doc));
    this.track(id, doc.noticeId, doc.version);
    return id;
  }

  private track(id: number, noticeId: string, version: number): void {
    const key = `${noticeId}@${version}`;
    const ids = this.byVersion.get(key);
    if (ids) {
      if (!ids.includes(id)) ids.push(id);
    } else this.byVersion.set(key, [id]);
    const known = this.versions.get(noticeId) ?? new Set<number>();
    this.versions.set(noticeId, known.add(version));
  }

  private dropVersion(noticeId: string, version: number): void {
    const key = `${noticeId}@${version}`;
    for (const id of this.byVersion.get(key) ?? []) {
      if (this.columns.state[id]) this.live--;
      this.docs.drop(id);
      this.columns.remove(id);
    }
    this.byVersion.delete(key);
    this.versions.get(noticeId)?.delete(version);
  }
}

/** The filter term of documents whose version waits for review (需复核); the others carry none. */
export const REVIEW_TERM: FilterTerm = 'v:review';

/** The filter terms a document is found by. */
export function filterTerms(doc: SearchDocument): FilterTerm[] {
  const terms: FilterTerm[] = [`k:${doc.kind}`, `s:${doc.status}`];
  for (const code of doc.regionCodes) terms.push(`r:${code}`);
  for (const name of doc.regionPath) terms.push(`r:${name}`);
  if (doc.region) terms.push(`o:${doc.region}`);
  if (doc.powerType) terms.push(`p:${doc.powerType}`);
  for (const law of doc.laws) terms.push(`l:${law}`);
  if (doc.needsReview) terms.push(REVIEW_TERM);
  return [...new Set(terms)];
}
