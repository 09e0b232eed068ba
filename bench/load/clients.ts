/**
 * The clients of the load experiment: `concurrency` of them take the next upload in turn and
 * POST it as multipart to /api/notices, as a real client would: a request that gets no answer
 * (connection refused or reset, a timeout) or a 5xx is sent again after a pause, up to `tries`
 * times; a 4xx is final. Every answer is recorded.
 */
import type { Upload } from './corpus.ts';

export interface Outcome {
  n: number;
  /** HTTP status of the final answer; 0 when every try went unanswered. */
  status: number;
  noticeId?: string;
  jobId?: string;
  /** The problem detail of a refusal, or the last transport error. */
  reason?: string;
  /** Tries beyond the first. */
  retries: number;
  /** Why each retried try failed. */
  retryReasons: string[];
  sentAt: number;
  answeredAt: number;
}

export interface ClientOptions {
  baseUrl: string;
  uploadKey: string;
  concurrency: number;
  /** Per-try timeout. @defaultValue 60_000 */
  timeoutMs?: number;
  /** Tries per upload before it is given up. @defaultValue 12 */
  tries?: number;
  /** Called after each final answer with the number answered so far. */
  onAnswered?: (answered: number) => void;
}

/** Sends every upload; resolves with one outcome per upload, in upload order. */
export async function sendAll(uploads: Upload[], options: ClientOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(uploads.length);
  let next = 0;
  let answered = 0;
  const client = async () => {
    for (let i = next++; i < uploads.length; i = next++) {
      const upload = uploads[i] as Upload;
      outcomes[i] = await sendOne(upload, options);
      options.onAnswered?.(++answered);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return outcomes;
}

async function sendOne(upload: Upload, options: ClientOptions): Promise<Outcome> {
  const { tries = 12, timeoutMs = 60_000 } = options;
  const outcome: Outcome = {
    n: upload.n,
    status: 0,
    retries: 0,
    retryReasons: [],
    sentAt: Date.now(),
    answeredAt: 0,
  };
  for (let attempt = 1; ; attempt++) {
    const failure = await tryOnce(upload, options, timeoutMs).then(
      async (response) => {
        outcome.status = response.status;
        const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (response.status === 202) {
          outcome.noticeId = String(body.noticeId);
          outcome.jobId = String(body.jobId);
          return null;
        }
        outcome.reason = String(body.detail ?? body.title ?? body.message ?? response.statusText);
        return response.status >= 500 ? `${response.status} ${outcome.reason}` : null;
      },
      (error: Error) => {
        outcome.status = 0;
        outcome.reason = describe(error);
        return outcome.reason;
      },
    );
    if (failure === null || attempt >= tries) break;
    outcome.retries++;
    outcome.retryReasons.push(failure);
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (attempt - 1), 5_000)));
  }
  outcome.answeredAt = Date.now();
  return outcome;
}

function tryOnce(upload: Upload, options: ClientOptions, timeoutMs: number): Promise<Response> {
  const form = new FormData();
  const blob = new Blob([upload.bytes]);
  form.append(upload.reject?.how === 'no-file-field' ? 'document' : 'file', blob, upload.fileName);
  const key = upload.reject?.how === 'wrong-key' ? 'not-a-key' : options.uploadKey;
  return fetch(`${options.baseUrl}/api/notices`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${key}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** One line for a transport error: undici hides the reason in `cause`. */
function describe(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (error.name === 'TimeoutError') return 'no answer within the timeout';
  return cause?.code ?? cause?.message ?? error.message;
}
