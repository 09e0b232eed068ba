/**
 * The edge of the comparison: what `diff <a> <b>` names, read into a side. A path to a file is
 * extracted; otherwise a region name selects that region's current catalogues in the knowledge
 * base (the region itself or any region under it: 云南省 takes in 官渡区; of one region's
 * catalogues of one kind, the newest); otherwise a notice id
 * selects that notice's current version.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StoredNotice } from '../../schemas/store.ts';
import { resolveRegion } from '../chinese/region.ts';
import { BadInputError } from '../errors.ts';
import { extractFile } from '../extract/from-file.ts';
import { MESSAGES } from '../messages.ts';
import { latestPerCatalogue } from '../store/catalogue-key.ts';
import type { NoticeStore } from '../store/types.ts';
import { type Catalogue, noticeCatalogue } from './catalogue.ts';

/** Whether `spec` is a file on disk (then no store is needed to read it). */
export async function isFile(spec: string): Promise<boolean> {
  return (await stat(spec).catch(() => null))?.isFile() ?? false;
}

/**
 * Reads one side; `store` may be null when `spec` is a file. `files: false` (the HTTP API) never
 * looks at the file system: a name is a region or a notice id, and a file's name answers as any
 * other unknown name (nothing about the server's disk shows through).
 */
export async function loadSide(
  spec: string,
  store: NoticeStore | null,
  options: { files: boolean } = { files: true },
): Promise<Catalogue> {
  if (options.files && (await isFile(spec)))
    return noticeCatalogue(spec, await extractFile(spec), basename(spec));
  if (!store) throw new BadInputError(spec, 'malformed', MESSAGES.noSuchFile());
  const current = await store.listNotices({ currentOnly: true });
  const inRegion = latestPerCatalogue(
    current.filter(regionFilter(spec)).filter((r) => r.notice.tables.length > 0),
  );
  if (inRegion.length > 0) {
    const sources = inRegion
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => ({ id: r.id, version: r.version, notice: r.notice }));
    return { label: spec, kind: 'region', sources };
  }
  const record = await store.getNotice(spec);
  if (record)
    return {
      label: spec,
      kind: 'notice',
      sources: [{ id: record.id, version: record.version, notice: record.notice }],
    };
  const regions = [...new Set(current.flatMap((r) => r.notice.meta.region?.name ?? []))].sort();
  throw new BadInputError(spec, 'malformed', MESSAGES.namesNothing(options.files, regions));
}

/** Notices of the region `spec` names, or of a region under it; by GB/T 2260 code when it resolves. */
function regionFilter(spec: string): (record: StoredNotice) => boolean {
  const resolved = resolveRegion(spec);
  return ({ notice }) => {
    const region = notice.meta.region;
    if (!region) return false;
    const chain = [region, ...region.parents];
    if (resolved?.code) return chain.some((r) => r.code === resolved.code);
    return chain.some((r) => r.name === spec);
  };
}
