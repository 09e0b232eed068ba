import { setBit } from './dense.ts';

/**
 * Per-document numbers the query loop reads for every match, kept in typed arrays (no object
 * access per match): live and current flags, title length, and the packed facet code. Grows by
 * doubling; `remap` keeps the live documents, renumbered.
 */
export class Columns {
  /** 1 = live, 2 = live and current; 0 = removed. */
  state = new Uint8Array(16);
  titleLength = new Uint16Array(16);
  facet = new Int32Array(16);
  private changes = 0;
  private cached: { changes: number; minState: number; size: number; bits: Uint32Array } | null = null;

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

  remap(remap: Int32Array): void {
    this.changes++;
    let kept = 0;
    remap.forEach((next, id) => {
      if (next < 0) return;
      this.state[next] = this.state[id] ?? 0;
      this.titleLength[next] = this.titleLength[id] ?? 0;
      this.facet[next] = this.facet[id] ?? 0;
      kept = next + 1;
    });
    this.state.fill(0, kept);
  }

  /** A bitset of the first `size` documents whose state is at least `minState` (cached until a change). */
  bits(minState: number, size: number): Uint32Array {
    const c = this.cached;
    if (c && c.changes === this.changes && c.minState === minState && c.size === size) return c.bits;
    const bits = new Uint32Array((size + 31) >>> 5);
    for (let id = 0; id < size; id++) if ((this.state[id] as number) >= minState) setBit(bits, id);
    this.cached = { changes: this.changes, minState, size, bits };
    return bits;
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
