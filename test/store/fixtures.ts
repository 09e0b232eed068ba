import { readFileSync } from 'node:fs';
import type { Notice } from '../../schemas/notice.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import { catalogueKey } from '../../src/store/catalogue-key.ts';
import type { NoticeStore } from '../../src/store/types.ts';

export const SEED = 'seeds/003_2a9d65f420513247.txt';

/** An upload (its bytes and name) and the notice extracted from it. */
export interface Upload {
  bytes: Uint8Array;
  fileName: string;
  notice: Notice;
  key: string;
}

/**
 * Versions of the 官渡区 行政检查 catalogue built from the real seed: `first` (2024-03-01),
 * `corrected` (2024-06-01, one item renamed), `older` (2023-01-01, arrives last), and `other`,
 * a different catalogue (行政处罚) of the same region. Each has its own bytes (the seed plus a
 * marker line), so its own sha-256.
 */
export async function loadUploads() {
  const seed = await extractFile(SEED);
  const first = upload(seed, 'first', (n) => {
    n.meta.issuedOn = '2024-03-01';
  });
  const corrected = upload(seed, 'corrected', (n) => {
    n.meta.issuedOn = '2024-06-01';
    const item = n.tables[0]?.items[0];
    if (item) item.name = `${item.name}（更正）`;
  });
  const older = upload(seed, 'older', (n) => {
    n.meta.issuedOn = '2023-01-01';
  });
  const other = upload(seed, 'other', (n) => {
    n.meta.issuedOn = '2024-03-01';
    for (const item of n.tables.flatMap((t) => t.items)) item.powerType = '行政处罚';
  });
  return { seed, first, corrected, older, other };
}
export type Uploads = Awaited<ReturnType<typeof loadUploads>>;

/** A variant of `upload`'s catalogue with its own bytes (so its own sha-256), for bulk saves. */
export function variant(base: Upload, label: string, issuedOn = '2024-03-01'): Upload {
  return upload(base.notice, label, (n) => {
    n.meta.issuedOn = issuedOn;
  });
}

/** Stores the upload's bytes, then saves its notice: the order the pipeline follows. */
export async function save(store: NoticeStore, upload: Upload) {
  const ref = await store.putOriginal(upload.bytes, upload.fileName);
  return store.saveNotice({
    notice: upload.notice,
    sha256: ref.sha256,
    catalogueKey: upload.key,
    sourceFile: upload.fileName,
  });
}

function upload(seed: Notice, label: string, change: (notice: Notice) => void): Upload {
  const notice = structuredClone(seed);
  change(notice);
  const text = `${readFileSync(SEED, 'utf8')}\n<!-- ${label} -->\n`;
  return {
    bytes: new TextEncoder().encode(text),
    fileName: `${label}.txt`,
    notice,
    key: catalogueKey(notice),
  };
}
