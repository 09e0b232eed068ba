import { Worker } from 'node:worker_threads';
import type { CaseOutcome } from './run-case.ts';

/** How a case ended in its sandbox: an outcome, or the reason the thread had to be stopped. */
export type SandboxResult =
  | { status: 'done'; outcome: CaseOutcome }
  | { status: 'timeout' | 'out-of-memory' | 'crashed'; message: string };

const ENTRY = new URL('./sandbox-entry.mjs', import.meta.url);
const STARTUP_MS = 60_000;

/**
 * Runs hostile cases in a worker thread whose heap is capped (`resourceLimits`): a case that
 * needs more memory kills the thread (reported as 'out-of-memory'), one that runs past its time
 * is terminated ('timeout'). Either way the next case gets a fresh thread.
 */
export class Sandbox {
  private worker: Promise<Worker> | null = null;

  constructor(readonly heapMb: number) {}

  async run(id: string, timeoutMs: number): Promise<SandboxResult> {
    const worker = await this.start();
    return new Promise((resolve) => {
      const finish = (result: SandboxResult, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (stop) {
          this.worker = null;
          void worker.terminate();
        }
        resolve(result);
      };
      const onMessage = (message: { outcome?: CaseOutcome }) => {
        if (message.outcome) finish({ status: 'done', outcome: message.outcome }, false);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(
          {
            status: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed',
            message: error.message,
          },
          true,
        );
      const onExit = (code: number) =>
        finish({ status: 'crashed', message: `the thread exited (${code})` }, true);
      const timer = setTimeout(
        () => finish({ status: 'timeout', message: `no outcome in ${timeoutMs} ms` }, true),
        timeoutMs,
      );
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ id });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker).terminate();
  }

  private start(): Promise<Worker> {
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(ENTRY, {
        resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 32 },
        stdout: false,
        stderr: false,
      });
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.worker = null;
        void worker.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('the sandbox thread did not start')), STARTUP_MS);
      worker.once('error', fail);
      worker.on('message', function onReady(message: { ready?: boolean }) {
        if (!message.ready) return;
        clearTimeout(timer);
        worker.off('message', onReady).off('error', fail);
        resolve(worker);
      });
    });
    return this.worker;
  }
}

/** One sandbox per heap limit, created on first use. */
export class SandboxPool {
  private readonly sandboxes = new Map<number, Sandbox>();

  run(id: string, heapMb: number, timeoutMs: number): Promise<SandboxResult> {
    let sandbox = this.sandboxes.get(heapMb);
    if (!sandbox) {
      sandbox = new Sandbox(heapMb);
      this.sandboxes.set(heapMb, sandbox);
    }
    return sandbox.run(id, timeoutMs);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sandboxes.values()].map((sandbox) => sandbox.close()));
  }
}
