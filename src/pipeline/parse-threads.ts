import { Worker } from 'node:worker_threads';
import type { OriginalRef } from '../../schemas/store.ts';
import { type BadInputCode, BadInputError, InternalError } from '../errors.ts';
import { createMutex } from '../fs/file-lock.ts';
import { threadEntry } from '../fs/package-files.ts';
import type { ParseMessage, ParseTask, SentError } from './parse-thread.ts';
import type { IngestState, ParsingStage } from './stages.ts';

export interface ParseThreadLimits {
  /** Wall time one job's parsing may take before its thread is stopped. */
  timeoutMs: number;
  /** Heap (old generation) of a parse thread, in MB; a file that needs more fails, the server lives. */
  heapMb: number;
}

/** Runs parsing stages off the caller's thread. */
export interface ParseThreads {
  /**
   * Runs `stages` over `state` in a parse thread, with the original they read; `onStage` is
   * called as each starts. A file over the limits fails with BadInputError `too-complex`.
   */
  run(
    stages: ParsingStage[],
    state: IngestState,
    original: { ref: OriginalRef; bytes: Uint8Array },
    onStage: (name: ParsingStage) => void | Promise<void>,
  ): Promise<IngestState>;
  close(): Promise<void>;
}

const THREAD_ENTRY = threadEntry(import.meta.url, 'parse-thread');

/**
 * A parse thread for the embedded runner: parsing an untrusted file never runs on the thread
 * that answers HTTP, so a pathological file cannot stall searches, and a file that runs away is
 * stopped — terminated after `timeoutMs`, or out of its `heapMb` heap — failing only its own job
 * (`文件过大或过于复杂：…`; the original stays stored for a retry). The thread is started on
 * first use, kept for the next job, and replaced after it was stopped. One job at a time: the
 * embedded runner runs jobs one after another.
 */
export function createParseThreads(limits: ParseThreadLimits): ParseThreads {
  const mutex = createMutex();
  let thread: Worker | null = null;
  let closed = false;

  const started = (): Worker => {
    if (thread) return thread;
    const worker = new Worker(THREAD_ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    worker.on('exit', () => {
      if (thread === worker) thread = null;
    });
    thread = worker;
    return worker;
  };

  const runOnce = (
    stages: ParsingStage[],
    state: IngestState,
    original: { ref: OriginalRef; bytes: Uint8Array },
    onStage: (name: ParsingStage) => void | Promise<void>,
  ) =>
    new Promise<IngestState>((resolve, reject) => {
      if (closed) return reject(new Error('the parse threads are closed'));
      const worker = started();
      let progress = Promise.resolve();
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // Stage callbacks run in order, and all of them before the job settles.
        void progress.then(settle, settle);
      };
      // A thread being stopped is never handed the next job: it is forgotten before it exits.
      const forget = () => {
        if (thread === worker) thread = null;
      };
      const stop = (reason: string) => {
        forget();
        finish(() => reject(tooComplex(state.fileName, reason)));
        void worker.terminate();
      };
      const overtime = () => stop(`解析超过 ${seconds(limits.timeoutMs)} 秒仍未完成`);
      // The limit is on parsing: restarted when the first stage starts (a new thread loads first).
      let timer = setTimeout(overtime, limits.timeoutMs);
      let parsing = false;
      const onMessage = (message: ParseMessage) => {
        if (message.type === 'stage' && !parsing) {
          parsing = true;
          clearTimeout(timer);
          timer = setTimeout(overtime, limits.timeoutMs);
        }
        if (message.type === 'stage') progress = progress.then(() => onStage(message.name));
        else if (message.type === 'done') finish(() => resolve(message.state));
        else finish(() => reject(received(message.error)));
      };
      const onError = (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') stop(`解析所需内存超过 ${limits.heapMb} MB`);
        else {
          forget();
          finish(() => reject(new Error(`the parse thread failed: ${error.message}`)));
        }
      };
      const onExit = (code: number) =>
        finish(() => reject(new Error(`the parse thread exited (code ${code}) before finishing`)));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // A copy of the bytes is handed over (transferred), not shared with the caller's buffer.
      const bytes = new Uint8Array(original.bytes);
      const task: ParseTask = { stages, state, ref: original.ref, bytes };
      worker.postMessage(task, [bytes.buffer]);
    });

  return {
    run: (stages, state, original, onStage) => mutex.run(() => runOnce(stages, state, original, onStage)),
    async close() {
      closed = true;
      await thread?.terminate();
      thread = null;
    },
  };
}

const seconds = (ms: number) => (ms >= 1000 ? Math.round(ms / 1000) : (ms / 1000).toFixed(1));

function tooComplex(fileName: string, reason: string): BadInputError {
  return new BadInputError(fileName, 'too-complex', `文件过大或过于复杂：${reason}`);
}

/** An error sent back by the thread, as the caller would have seen it thrown in-process. */
function received(sent: SentError): Error {
  if (sent.internal) return new InternalError(sent.message);
  if (!sent.badInput) return new Error(sent.message);
  const error = new BadInputError(sent.badInput.file, sent.badInput.code as BadInputCode);
  error.message = sent.message;
  return error;
}
