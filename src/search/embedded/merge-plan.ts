/**
 * How the embedded index's segments grow and merge. Publishing a journal writes its documents as
 * one new segment; the newest segments are then merged (in the background, merge.ts) as long as
 * the segment before them is no larger than all of them together — a binary counter: segment
 * sizes at least double from the newest to the oldest, so there are O(log n) of them, each
 * document is rewritten O(log n) times, and the cost of a publish is that of the journal, not of
 * the index. Pure.
 */

/** Sizes in ids (removed documents included) of the segments, oldest first, and of the newest documents. */
export function segmentsKept(sizes: readonly number[], newest: number): number {
  let kept = sizes.length;
  let merged = newest;
  while (kept > 0 && (sizes[kept - 1] as number) <= merged) {
    kept--;
    merged += sizes[kept] as number;
  }
  return kept;
}

export interface PublishPlan {
  /** How many of the oldest segments stay as they are. */
  kept: number;
  /** The new segment's first id: the end of the last one kept. */
  from: number;
  /** Renumber densely and leave removed documents out: every segment is rewritten. */
  dense: boolean;
}

/**
 * What publishing the journal of an index holding ids `[0, idLimit)`, `live` of them not removed,
 * writes: its documents as a new segment after the others; or everything, renumbered, for a
 * first-format snapshot (`segments` null), when nothing is live, or once removed documents
 * outnumber live ones (ids are kept by every other write, so holes are only dropped here).
 */
export function planPublish(
  segments: readonly { from: number; end: number }[] | null,
  idLimit: number,
  live: number,
): PublishPlan {
  if (!segments || live === 0 || live * 2 < idLimit) return { kept: 0, from: 0, dense: true };
  return { kept: segments.length, from: segments.at(-1)?.end ?? 0, dense: false };
}

/** The first segment to merge with the ones after it (at least the two newest), or null: none to merge. */
export function mergeStart(segments: readonly { from: number; end: number }[]): number | null {
  const sizes = segments.map((segment) => segment.end - segment.from);
  const newest = sizes.pop();
  if (newest === undefined) return null;
  const first = segmentsKept(sizes, newest);
  return first < sizes.length ? first : null;
}
