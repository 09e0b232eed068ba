/** How the pages name an item's place: the one numbering the reports use too (表1·第4项). */
export { itemRef } from '../../export/views.ts';

/** The id of an item's row on the notice page (search hits link to it). */
export function itemAnchor(table: number, seq: number): string {
  return `item-${table}-${seq}`;
}
