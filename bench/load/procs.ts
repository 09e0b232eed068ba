/**
 * The processes of the load experiment, each started and stopped by its pid only: a Redis server
 * of our own (AOF persistence, as docker-compose.yml runs it), the API (`policy-kb serve`) and
 * the workers (`policy-kb worker`). Their output goes to log files in the run's directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = new URL('../../bin/policy-kb.js', import.meta.url).pathname;

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a command and resolves once a line of its output matches `ready` (rejects if it exits first). */
export function startProc(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; logDir: string; ready: RegExp; timeoutMs?: number },
): Promise<Proc> {
  const log = createWriteStream(join(options.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      log.end(`\n[exit ${signal ?? code}]\n`);
      resolve(signal ?? String(code));
    }),
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} not ready after ${options.timeoutMs ?? 60_000} ms: ${seen.slice(-500)}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (seen.length < 64 * 1024) seen += chunk.toString();
      if (options.ready.test(seen)) {
        clearTimeout(timer);
        resolve({ name, child, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${how}) before it was ready: ${seen.slice(-500)}`));
    });
  });
}

/** Sends a signal to one of our processes (by its pid) and waits for it to exit. */
export async function stopProc(proc: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
  return proc.exited;
}

/** `redis-server` on `port` with its AOF in `dir` (a restart on the same dir loads it back). */
export function startRedis(
  port: number,
  dir: string,
  logDir: string,
  appendfsync = 'everysec',
): Promise<Proc> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', appendfsync, '--maxmemory-policy', 'noeviction');
  return startProc('redis', 'redis-server', args, {
    env: { PATH: process.env.PATH },
    logDir,
    ready: /Ready to accept connections/,
  });
}

/** Runs `policy-kb <args>` once and returns its exit code, stdout and stderr. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `policy-kb serve` or `policy-kb worker`, started from bin/policy-kb.js. */
export function startPolicyKb(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<Proc> {
  const ready = args[0] === 'serve' ? /policy-kb：.*提供服务/ : /policy-kb worker：已就绪/;
  // BENCH_WORKER_CPU_PROF=<dir>: a V8 CPU profile per thread of the process, written when it exits
  const profile = process.env.BENCH_WORKER_CPU_PROF;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  return startProc(name, process.execPath, [...flags, BIN, ...args], { env, logDir, ready });
}
