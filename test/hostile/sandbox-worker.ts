import { parentPort } from 'node:worker_threads';
import { extractBytes } from '../../src/extract/from-file.ts';
import { docx } from '../../tools/synthetic/builders.ts';
import { buildPdf } from '../../tools/synthetic/pdf-writer.ts';
import { caseById } from './corpus.ts';
import { runCase } from './run-case.ts';

/**
 * The worker thread side of the sandbox: loads every parser and extractor once (so the first
 * case of a format is not charged for loading pdf.js, mammoth or OpenCC), says `ready`, then runs the cases it is
 * sent, one at a time, answering with their outcomes.
 */
const port = parentPort;
if (!port) throw new Error('sandbox-worker.ts runs in a worker thread');

await warmUp();
port.on('message', async ({ id }: { id: string }) => {
  port.postMessage({ outcome: await runCase(caseById(id)) });
});
port.postMessage({ ready: true });

async function warmUp(): Promise<void> {
  const samples: [Uint8Array, string][] = [
    [buildPdf({ pages: ['warm up'] }), 'warm.pdf'],
    [await docx(['预热']), 'warm.docx'],
    [Buffer.from('<!DOCTYPE html><p>预热</p>'), 'warm.html'],
    [
      Buffer.from('第一條 預熱醫療保障\n序號\t事項名稱\t實施依據\n1\t對機構的檢查\t《條例》第一條\n'),
      'warm.txt',
    ],
  ];
  for (const [bytes, name] of samples) await extractBytes(bytes, name);
}
