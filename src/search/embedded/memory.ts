/**
 * The embedded index in memory: documents by internal id, an inverted index from character
 * unigrams and bigrams to posting lists with field masks, and posting lists of filter terms
 * (region codes and names of the region and all its parents, power type, status, kind, cited
 * laws). Removed documents leave a hole until `compact`. No I/O here.
 */
import type { SearchDocument } from '../documents.ts';
import { addGrams } from '../terms.ts';
import { Columns } from './columns.ts';
import { FacetCodes } from './facets.ts';
import { Postings } from './postings.ts';

/**
 * Prefixes of filter terms: r region (the document's and every parent's code and name), o own
 * region (facets), p power type, s status, k kind, l law.
 */
export type FilterTerm = `${'r' | 'o' | 'p' | 's' | 'k' | 'l'}:${string}`;

export class MemoryIndex {
  /** By internal id; null where a document was removed. */
  readonly docs: (SearchDocument | null)[] = [];
  readonly grams = new Map<string, Postings>();
  readonly filters = new Map<string, Postings>();
  readonly facets = new FacetCodes();
  readonly columns = new Columns();
  /** Internal ids per notice version (`<noticeId>@<version>`). */
  private readonly byVersion = new Map<string, number[]>();
  /** Versions per notice id. */
  private readonly versions = new Map<string, Set<number>>();
  private live = 0;

  get size(): number {
    return this.live;
  }

  get holes(): number {
    return this.docs.length - this.live;
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
    if (!current) return;
    for (const other of known) {
      if (other === version) continue;
      for (const id of this.byVersion.get(`${noticeId}@${other}`) ?? []) {
        const doc = this.docs[id];
        if (doc) doc.current = false;
        this.columns.setCurrent(id, false);
      }
    }
  }

  /** Removes every version of a notice. */
  removeNotice(noticeId: string): void {
    for (const version of [...(this.versions.get(noticeId) ?? [])]) this.dropVersion(noticeId, version);
    this.versions.delete(noticeId);
  }

  /** Distinct notice versions held. */
  versionCount(): number {
    return this.byVersion.size;
  }

  /**
   * Renumbers the live documents densely and drops the holes from every posting list.
   * Returns whether anything changed.
   */
  compact(): boolean {
    if (this.holes === 0) return false;
    const remap = new Int32Array(this.docs.length).fill(-1);
    const kept: SearchDocument[] = [];
    this.docs.forEach((doc, id) => {
      if (doc) remap[id] = kept.push(doc) - 1;
    });
    for (const map of [this.grams, this.filters]) {
      for (const [term, list] of map) {
        list.remap(remap);
        if (list.length === 0) map.delete(term);
      }
    }
    this.facets.remap(remap);
    this.columns.remap(remap);
    this.docs.length = 0;
    for (const doc of kept) this.docs.push(doc);
    for (const [key, ids] of this.byVersion) {
      this.byVersion.set(
        key,
        ids.map((id) => remap[id] ?? -1),
      );
    }
    return true;
  }

  /** Adds documents whose postings are already in place (loading a snapshot). */
  restore(docs: SearchDocument[]): void {
    for (const doc of docs) this.track(this.docs.push(doc) - 1, doc);
  }

  private add(doc: SearchDocument): number {
    const id = this.docs.push(doc) - 1;
    const masks = new Map<string, number>();
    doc.fields.forEach((text, field) => {
      const grams = new Set<string>();
      addGrams(text, grams);
      for (const gram of grams) masks.set(gram, (masks.get(gram) ?? 0) | (1 << field));
    });
    for (const [gram, mask] of masks) posting(this.grams, gram).push(id, mask);
    for (const term of filterTerms(doc)) posting(this.filters, term).push(id, 1);
    this.track(id, doc);
    return id;
  }

  private track(id: number, doc: SearchDocument): void {
    this.live++;
    this.columns.set(id, true, doc.current, doc.title.length, this.facets.set(id, doc));
    const key = `${doc.noticeId}@${doc.version}`;
    const ids = this.byVersion.get(key);
    if (ids) {
      if (!ids.includes(id)) ids.push(id);
    } else this.byVersion.set(key, [id]);
    const known = this.versions.get(doc.noticeId) ?? new Set<number>();
    this.versions.set(doc.noticeId, known.add(doc.version));
  }

  private dropVersion(noticeId: string, version: number): void {
    const key = `${noticeId}@${version}`;
    for (const id of this.byVersion.get(key) ?? []) {
      if (this.docs[id]) this.live--;
      this.docs[id] = null;
      this.columns.remove(id);
    }
    this.byVersion.delete(key);
    this.versions.get(noticeId)?.delete(version);
  }
}

/** The filter terms a document is found by. */
export function filterTerms(doc: SearchDocument): FilterTerm[] {
  const terms: FilterTerm[] = [`k:${doc.kind}`, `s:${doc.status}`];
  for (const code of doc.regionCodes) terms.push(`r:${code}`);
  for (const name of doc.regionPath) terms.push(`r:${name}`);
  if (doc.region) terms.push(`o:${doc.region}`);
  if (doc.powerType) terms.push(`p:${doc.powerType}`);
  for (const law of doc.laws) terms.push(`l:${law}`);
  return [...new Set(terms)];
}

function posting(map: Map<string, Postings>, term: string): Postings {
  let list = map.get(term);
  if (!list) {
    list = new Postings();
    map.set(term, list);
  }
  return list;
}
