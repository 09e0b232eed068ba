import { parentPort } from 'node:worker_threads';
import type { OriginalRef } from '../../schemas/store.ts';
import { InternalError, isBadInput } from '../errors.ts';
import {
  type IngestState,
  type OriginalSource,
  PARSING_STAGE_FUNCTIONS,
  type ParsingStage,
} from './stages.ts';

/** One job's parsing stages, with the original they read (sent along: the thread opens no store). */
export interface ParseTask {
  stages: ParsingStage[];
  state: IngestState;
  ref: OriginalRef;
  bytes: Uint8Array;
}

export type ParseMessage =
  | { type: 'stage'; name: ParsingStage }
  | { type: 'done'; state: IngestState }
  | { type: 'failed'; error: SentError };

/**
 * An error across the thread boundary: a bad file keeps its code, so it stays the file's fault;
 * a bug in our own code stays ours.
 */
export interface SentError {
  message: string;
  badInput?: { file: string; code: string };
  internal?: true;
}

/**
 * The body of a parse thread: runs the parsing stages of one job at a time and posts each
 * stage's start, then the resulting state or the error. All it can touch is the one original
 * it was sent; a file that makes it run away is stopped from outside (terminate, heap limit).
 */
function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', async (task: ParseTask) => {
    const store: OriginalSource = {
      getOriginal: async (sha256) => (sha256 === task.ref.sha256 ? task.bytes : null),
      getOriginalRef: async (sha256) => (sha256 === task.ref.sha256 ? task.ref : null),
    };
    let state = task.state;
    try {
      for (const name of task.stages) {
        port.postMessage({ type: 'stage', name } satisfies ParseMessage);
        state = await PARSING_STAGE_FUNCTIONS[name](state, { store });
      }
      port.postMessage({ type: 'done', state } satisfies ParseMessage);
    } catch (error) {
      const sent: SentError = { message: error instanceof Error ? error.message : String(error) };
      if (isBadInput(error)) sent.badInput = { file: error.file, code: error.code };
      else if (error instanceof InternalError) sent.internal = true;
      port.postMessage({ type: 'failed', error: sent } satisfies ParseMessage);
    }
  });
}

if (parentPort) serve(parentPort);
