/** How the pages name an item's place: its table (1-based, as readers count) and its 序号. */
export function itemRef(table: number, seq: number): string {
  return `表${table + 1}·第${seq}项`;
}

/** The id of an item's row on the notice page (search hits link to it). */
export function itemAnchor(table: number, seq: number): string {
  return `item-${table}-${seq}`;
}
