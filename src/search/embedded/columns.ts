import { setBit } from './dense.ts';

/**
 * Per-document numbers the query loop reads for every match, kept in typed arrays (no object
 * access per match): live and current flags, title length, and the packed facet code. Grows by
 * doubling.
 */
export class Columns {
  /** 1 = live, 2 = live and current; 0 = removed. */
  state = new Uint8Array(16);
  titleLength = new Uint16Array(16);
  facet = new Int32Array(16);
  private changes = 0;
  private cached: {
    changes: number;
    minState: number;
    size: number;
    bits: Uint32Array;
    total: number;
    key: string;
  } | null = null;

  set(id: number, live: boolean, current: boolean, titleLength: number, facet: number): void {
    if (id >= this.state.length) this.grow(id + 1);
    this.changes++;
    this.state[id] = live ? (current ? 2 : 1) : 0;
    this.titleLength[id] = Math.min(titleLength, 0xffff);
    this.facet[id] = facet;
  }

  setCurrent(id: number, current: boolean): void {
    this.changes++;
    if (this.state[id]) this.state[id] = current ? 2 : 1;
  }

  remove(id: number): void {
    this.changes++;
    this.state[id] = 0;
  }

  /** Sets a loaded document's columns as its segment recorded them (`state` 0 = removed). */
  restore(id: number, state: number, titleLength: number, facet: number): void {
    if (id >= this.state.length) this.grow(id + 1);
    this.changes++;
    this.state[id] = state;
    this.titleLength[id] = titleLength;
    this.facet[id] = facet;
  }

  /** Sets the states of ids `0 … states.length − 1` (the newest segment's, which holds every id's). */
  restoreStates(states: Uint8Array): void {
    if (states.length > this.state.length) this.grow(states.length);
    this.changes++;
    this.state.set(states);
  }

  /** A bitset of the first `size` documents whose state is at least `minState` (cached until a change). */
  bits(minState: number, size: number): Uint32Array {
    return this.live(minState, size).bits;
  }

  /**
   * The documents whose state is at least `minState` as a bitset, how many, and a key that
   * changes whenever they may have (cached until a document is added, removed or superseded).
   */
  live(minState: number, size: number): { bits: Uint32Array; total: number; key: string } {
    const c = this.cached;
    if (c && c.changes === this.changes && c.minState === minState && c.size === size) return c;
    const bits = new Uint32Array((size + 31) >>> 5);
    let total = 0;
    for (let id = 0; id < size; id++)
      if ((this.state[id] as number) >= minState) {
        setBit(bits, id);
        total++;
      }
    const live = {
      changes: this.changes,
      minState,
      size,
      bits,
      total,
      key: `${this.changes}/${minState}/${size}`,
    };
    this.cached = live;
    return live;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.state.length * 2);
    const state = new Uint8Array(capacity);
    state.set(this.state);
    const titleLength = new Uint16Array(capacity);
    titleLength.set(this.titleLength);
    const facet = new Int32Array(capacity);
    facet.set(this.facet);
    Object.assign(this, { state, titleLength, facet });
  }
}
