import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, openApp } from '../../src/app/open.ts';
import { loadConfig } from '../../src/config.ts';

/** An app (file store, inline runner, embedded index) in `<parent>/data`, so writes outside it show. */
export async function tempApp(): Promise<{
  app: App;
  parent: string;
  dataDir: string;
  remove(): Promise<void>;
}> {
  const parent = mkdtempSync(join(tmpdir(), 'policy-kb-hostile-upload-'));
  const dataDir = join(parent, 'data');
  mkdirSync(dataDir);
  const app = await openApp(loadConfig({ POLICY_KB_DATA: dataDir }));
  return {
    app,
    parent,
    dataDir,
    async remove() {
      await app.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

const BOUNDARY = '----policykbHostile';

/** A multipart body with one `file` part (the name is written into the part header as is). */
export function multipartBody(fileName: string, bytes: Uint8Array) {
  return {
    payload: Buffer.concat([partHead(fileName), Buffer.from(bytes), partTail()]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

export interface StreamedUpload {
  status: number | null;
  body: string;
  /** File bytes written before the server answered (or the connection closed). */
  sent: number;
  ms: number;
  /** Largest growth of this process's ArrayBuffer memory while the upload ran, MiB. */
  peakBuffersMb: number;
}

/**
 * Streams a multipart upload of `size` bytes ('a's, 1 MiB at a time, never held whole) to a
 * listening server, with a Content-Length or chunked; stops sending once the server answers.
 */
export function streamUpload(
  port: number,
  fileName: string,
  size: number,
  options: { declareLength: boolean },
): Promise<StreamedUpload> {
  const head = partHead(fileName);
  const tail = partTail();
  const start = performance.now();
  const baseline = process.memoryUsage().arrayBuffers;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }, 10);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const done = (status: number | null, body: string) => {
      clearInterval(sampler);
      const peakBuffersMb = (peak - baseline) / 2 ** 20;
      resolve({ status, body, sent, ms: performance.now() - start, peakBuffersMb });
    };
    const lengthHeader = options.declareLength
      ? { 'content-length': String(head.length + size + tail.length) }
      : { 'transfer-encoding': 'chunked' };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/notices',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...lengthHeader },
      },
      (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          req.destroy();
          done(res.statusCode ?? null, body);
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) done(null, error.message);
    });
    const chunk = Buffer.alloc(2 ** 20, 0x61);
    req.write(head);
    const pump = () => {
      while (!answered && !req.destroyed && sent < size) {
        const piece = size - sent >= chunk.length ? chunk : chunk.subarray(0, size - sent);
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && !req.destroyed) req.end(tail);
    };
    pump();
  });
}

function partHead(fileName: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
}

function partTail(): Buffer {
  return Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}
