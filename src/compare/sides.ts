import type { DiffResult } from '../../schemas/compare.ts';
import { referenceLaws } from '../laws/library.ts';
import { HTTP_MESSAGES } from '../messages.ts';
import type { NoticeStore } from '../store/types.ts';
import type { Catalogue } from './catalogue.ts';
import { diffCatalogues } from './diff.ts';
import { loadSide } from './sources.ts';

export type Comparison =
  | { ok: true; result: DiffResult; sides: [Catalogue, Catalogue] }
  | { ok: false; status: 404; message: string };

/** Both sides from the knowledge base (never a server-side file) and their diff. */
export async function compareSides(store: NoticeStore, a: string, b: string): Promise<Comparison> {
  try {
    const read = (spec: string) => loadSide(spec, store, { files: false });
    const sides: [Catalogue, Catalogue] = [await read(a), await read(b)];
    return { ok: true, result: diffCatalogues(...sides, { library: referenceLaws() }), sides };
  } catch (error) {
    return {
      ok: false,
      status: 404,
      message: (error as Error).message.split('\n')[0] || HTTP_MESSAGES.noSide(),
    };
  }
}
