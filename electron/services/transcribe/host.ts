/**
 * Runs the transcription process (worker.ts) and talks to it: started on first use, one request at a time, stopped
 * after a few idle minutes (a loaded model holds a few hundred MB) and on close. If the process dies (onnxruntime
 * aborts on a damaged model), the requests waiting on it fail with the last lines it wrote to stderr, and the next
 * request starts a fresh one.
 */
import { fork } from 'node:child_process';
import { TRANSCRIBE_PROTOCOL, type EngineChoice, type FromChild, type ToChild } from './protocol';

/** A started child process, whichever way it was started. */
export interface ChildHandle {
  send(m: ToChild): void;
  onMessage(cb: (m: FromChild) => void): void;
  onExit(cb: (code: number | null) => void): void;
  /** The end of what the process wrote to stderr (where onnxruntime explains an abort). */
  stderrTail(): string;
  kill(): void;
}

/** Starts `script` as a process of its own with these arguments; throws when it cannot. */
export type Spawner = (script: string, args: string[]) => ChildHandle;

const STDERR_KEEP = 2000;

function tailKeeper() {
  let tail = '';
  return {
    add: (chunk: Buffer | string) => {
      tail = (tail + chunk.toString()).slice(-STDERR_KEEP);
    },
    get: () => tail,
  };
}

/** Node's fork, for `mldrill serve`, the CLI, the tests and the bench. Null inside Electron, whose binary is not Node. */
export function nodeSpawner(): Spawner | null {
  if (process.versions.electron) return null;
  return (script, args) => {
    // execArgv: [] so that the parent's flags (an --inspect port, a test runner's loader) are not copied over.
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json', execArgv: [] });
    const tail = tailKeeper();
    child.stderr?.on('data', tail.add);
    return {
      send: (m) => void child.send(m),
      onMessage: (cb) => child.on('message', (m) => cb(m as FromChild)),
      onExit: (cb) => child.on('exit', (code, signal) => cb(code ?? (signal ? -1 : null))),
      stderrTail: tail.get,
      kill: () => void child.kill(),
    };
  };
}

/** The part of Electron's utilityProcess this file needs, so the services never import 'electron'. */
export interface UtilityProcessLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { stdio?: 'pipe' | 'ignore' | 'inherit' | ('pipe' | 'ignore' | 'inherit')[]; serviceName?: string },
  ): {
    postMessage(m: unknown): void;
    on(event: 'message', cb: (m: unknown) => void): unknown;
    on(event: 'exit', cb: (code: number) => void): unknown;
    stderr: NodeJS.ReadableStream | null;
    kill(): boolean;
  };
}

/** The desktop's spawner: the shell passes Electron's utilityProcess in (see electron/shell/main.ts). */
export function utilityProcessSpawner(utilityProcess: UtilityProcessLike): Spawner {
  return (script, args) => {
    const child = utilityProcess.fork(script, args, { stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'ML Interview Drill transcription' });
    const tail = tailKeeper();
    child.stderr?.on('data', tail.add);
    return {
      send: (m) => child.postMessage(m),
      onMessage: (cb) => void child.on('message', (m) => cb(m as FromChild)),
      onExit: (cb) => void child.on('exit', (code) => cb(code)),
      stderrTail: tail.get,
      kill: () => void child.kill(),
    };
  };
}

export class ChildFailed extends Error {
  constructor(
    message: string,
    /** What the process wrote to stderr before it ended, for the user's message. */
    readonly stderr: string,
    /** It was slow, not broken: worth asking again later. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export type Reply = Extract<FromChild, { type: 'result' }>;
/** A request before the host numbers it. */
export type Request = ToChild extends infer T ? (T extends ToChild ? Omit<T, 'id'> : never) : never;

export interface HostOptions {
  script: string;
  spawn: Spawner;
  engine: EngineChoice;
  /** Stop the process after this long without a request (default 3 minutes). */
  idleMs?: number;
  /** Give up on one request after this long (default 2 minutes: loading Whisper on a slow laptop takes a while). */
  requestTimeoutMs?: number;
}

export class TranscriberHost {
  private child: ChildHandle | null = null;
  private nextId = 1;
  /** Requests waiting for an answer, each with the process it was sent to (an old one's exit fails only its own). */
  private pending = new Map<number, { child: ChildHandle; resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: HostOptions) {}

  /** Sends one request after the ones before it have been answered. */
  request(m: Request): Promise<Reply> {
    const run = () => this.send(m);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  private start(): ChildHandle {
    const child = this.opts.spawn(this.opts.script, this.opts.engine === 'fake' ? ['--engine=fake'] : []);
    child.onMessage((m) => {
      if (m.type === 'hello') {
        if (m.protocol !== TRANSCRIBE_PROTOCOL) {
          this.failAll(new ChildFailed(`the transcription process ${this.opts.script} was built from other sources (protocol ${m.protocol}); rebuild the app`, ''), child);
          if (this.child === child) this.child = null;
          child.kill();
        }
        return;
      }
      const waiter = this.pending.get(m.id);
      if (!waiter) return;
      this.pending.delete(m.id);
      clearTimeout(waiter.timer);
      waiter.resolve(m);
    });
    child.onExit((code) => {
      if (this.child === child) this.child = null;
      this.failAll(new ChildFailed(`the transcription process stopped (exit code ${code ?? 'none'})`, child.stderrTail()), child);
    });
    return child;
  }

  private send(m: Request): Promise<Reply> {
    if (this.closed) return Promise.reject(new ChildFailed('transcription has been shut down', ''));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      this.child ??= this.start();
    } catch (e) {
      return Promise.reject(new ChildFailed(`the transcription process could not start: ${(e as Error).message}`, ''));
    }
    const child = this.child;
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A stuck engine holds the model: stop it, so the next request starts clean.
        this.stop();
        reject(new ChildFailed(`the transcription process did not answer within ${Math.round((this.opts.requestTimeoutMs ?? 120_000) / 1000)} s`, child.stderrTail(), true));
      }, this.opts.requestTimeoutMs ?? 120_000);
      this.pending.set(id, {
        child,
        resolve: (r) => {
          this.armIdle();
          resolve(r);
        },
        reject,
        timer,
      });
      try {
        child.send({ ...m, id } as ToChild);
      } catch (e) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new ChildFailed(`could not reach the transcription process: ${(e as Error).message}`, child.stderrTail()));
      }
    });
  }

  private armIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.stop();
    }, this.opts.idleMs ?? 180_000);
    this.idleTimer.unref();
  }

  private failAll(e: Error, child: ChildHandle) {
    for (const [id, w] of this.pending) {
      if (w.child !== child) continue;
      clearTimeout(w.timer);
      this.pending.delete(id);
      w.reject(e);
    }
  }

  private stop() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = null;
    child?.kill();
  }
}
