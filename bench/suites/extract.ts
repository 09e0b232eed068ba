/**
 * The extraction issue's target: `extractBytes` per file against the bare parser's own time on
 * the same bytes. Overhead ≤ 30 % for docx, pdf and html; a text notice ≤ 2 ms.
 * Seeds are the txt cases; their renditions in test/fixtures/renditions the others.
 */
import { readdir, readFile } from 'node:fs/promises';
import { load } from 'cheerio';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
import { SaxesParser } from 'saxes';
import { fromBufferPromise } from 'yauzl';
import { extractBytes } from '../../src/extract/from-file.ts';
import type { BenchCase, SuiteModule } from '../harness.ts';

const SEEDS = new URL('../../seeds/', import.meta.url);
const RENDITIONS = new URL('../../test/fixtures/renditions/', import.meta.url);

/** Overhead allowed over the bare parser, in %. */
const MAX_OVERHEAD_PCT = 30;
/** Median allowed for one text notice, in ms. */
const MAX_TXT_MS = 2;

type Format = 'txt' | 'docx' | 'pdf' | 'html';

/** The bare parser per format: what a reader does at the least with the same bytes. */
const BASELINES: Record<Format, { label: string; run: (bytes: Uint8Array) => unknown }> = {
  txt: { label: 'TextDecoder', run: (bytes) => new TextDecoder('utf-8').decode(bytes) },
  docx: { label: 'yauzl+saxes', run: parseWordXml },
  pdf: { label: 'pdf-parse', run: parsePdf },
  html: { label: 'cheerio', run: (bytes) => load(new TextDecoder('utf-8').decode(bytes))('body').text() },
};

async function cases(): Promise<BenchCase[]> {
  const seeds = await filesIn(SEEDS, ['txt']);
  const renditions = await filesIn(RENDITIONS, ['docx', 'pdf', 'html']);
  const byFormat = [...seeds, ...renditions].sort(
    (a, b) => ORDER.indexOf(a.format) - ORDER.indexOf(b.format) || a.name.localeCompare(b.name),
  );
  return byFormat.map(({ format, name, bytes }) => {
    const baseline = BASELINES[format];
    return {
      name: `${format} ${name}`,
      subject: () => extractBytes(bytes, name),
      baseline: { label: baseline.label, run: () => baseline.run(bytes) },
      budget: format === 'txt' ? { maxMedianMs: MAX_TXT_MS } : { maxOverheadPct: MAX_OVERHEAD_PCT },
    };
  });
}

export default {
  description: 'extractBytes per file vs the bare parser on the same bytes',
  cases,
} satisfies SuiteModule;

const ORDER: Format[] = ['txt', 'docx', 'pdf', 'html'];

/** The least a Word reader does: unzip word/document.xml and run it through the XML parser. */
async function parseWordXml(bytes: Uint8Array): Promise<void> {
  const zip = await fromBufferPromise(Buffer.from(bytes), { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== 'word/document.xml') continue;
      const parser = new SaxesParser({ position: false });
      parser.on('opentag', () => {});
      parser.on('text', () => {});
      const decoder = new TextDecoder('utf-8');
      for await (const chunk of await zip.openReadStreamPromise(entry))
        parser.write(decoder.decode(chunk, { stream: true }));
      parser.close();
    }
  } finally {
    zip.close();
  }
}

/** pdf-parse v2 as the reader drives it: text, then ruled tables, then free the document. */
async function parsePdf(bytes: Uint8Array): Promise<void> {
  const parser = new PDFParse({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS });
  try {
    await parser.getText();
    await parser.getTable();
  } finally {
    await parser.destroy();
  }
}

async function filesIn(dir: URL, formats: Format[]) {
  const names = (await readdir(dir)).sort();
  const files = names.flatMap((name) => {
    const format = formats.find((f) => name.endsWith(`.${f}`));
    return format ? [{ format, name }] : [];
  });
  return Promise.all(
    files.map(async (file) => ({ ...file, bytes: new Uint8Array(await readFile(new URL(file.name, dir))) })),
  );
}
