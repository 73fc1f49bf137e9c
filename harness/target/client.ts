/**
 * The kit's side of the target protocol (vectors/TARGET.md): starts a target (a shell command, or a
 * Unix socket), shakes hands, sends one request at a time and waits for its answer with a deadline.
 * Whatever the target does (exits, hangs, prints garbage, floods stdout) ends in a typed answer,
 * never in an exception or an unbounded buffer of ours. After a fault the connection is dead and
 * `Target` starts a fresh one for the next request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import {
  BYE_LINE, checkHello, checkResponse, helloLine, runLine, TARGET_PROTOCOL,
  type CaseKind, type HelloResponse, type TraceRecord,
} from '../../vectors/lib/target.js';
import type { VectorExpected, VectorInput } from '../../vectors/lib/format.js';
import type { Profile } from '../../vectors/lib/types.js';

/** The longest line the kit reads from a target. */
export const MAX_LINE = 64 * 1024 * 1024;
/** How many stderr lines are kept for reports. */
const STDERR_LINES = 20;

/** How a target fails to answer: each is a finding about the target. */
export type Fault =
  | { readonly kind: 'crash'; readonly detail: string }
  | { readonly kind: 'hang'; readonly detail: string }
  | { readonly kind: 'garbage'; readonly detail: string };

/** The answer to one run request. */
export type Answer =
  | { readonly kind: 'result'; readonly output: VectorExpected; readonly trace?: readonly TraceRecord[] }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string }
  | Fault;

export interface Case {
  readonly kind: CaseKind;
  readonly profile: Profile;
  readonly input: VectorInput;
}

/** A target that cannot be started or does not complete the handshake: the campaign cannot run (one line, exit 2). */
export class TargetStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetStartError';
  }
}

export interface TargetOptions {
  /** Per request. */
  readonly timeoutMs: number;
  readonly handshakeMs: number;
  /** The kit's name and version for the handshake. */
  readonly kit: string;
}

/** Splits a byte stream into lines, bounded: a line over MAX_LINE is reported instead of buffered. */
class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  readonly lines: string[] = [];
  overflow = false;
  onLine: (() => void) | null = null;

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.parts.push(chunk.subarray(start, nl));
      this.lines.push(Buffer.concat(this.parts).toString('utf8'));
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.size += chunk.length - start;
      if (this.size > MAX_LINE) {
        this.overflow = true;
        this.parts = [];
        this.size = 0;
      } else this.parts.push(chunk.subarray(start));
    }
    if (this.lines.length > 0 || this.overflow) this.onLine?.();
  }
}

/** Connections not yet killed: their process groups are killed when the kit exits, however it exits. */
const live = new Set<Connection>();
let exitHook = false;

/** One live connection: a process (or socket), its line reader and the last lines of its stderr. */
class Connection {
  private readonly reader = new LineReader();
  private readonly stderr: string[] = [];
  private closedWhy: string | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly input: Writable,
    private readonly child: ChildProcess | null,
    private readonly socket: Socket | null,
  ) {
    this.reader.onLine = () => this.wake?.();
  }

  static open(target: string): Connection {
    if (target.startsWith('unix:')) {
      const socket = connect(target.slice('unix:'.length));
      const c = new Connection(socket, null, socket);
      socket.on('data', (b: Buffer) => c.reader.push(b));
      socket.on('error', (e) => c.close(`socket error: ${e.message}`));
      socket.on('close', () => c.close('the socket closed'));
      return c;
    }
    const child = spawn('sh', ['-c', target], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const c = new Connection(child.stdin, child, null);
    live.add(c);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => { for (const x of live) x.kill(); });
    }
    child.stdout.on('data', (b: Buffer) => c.reader.push(b));
    let tail = '';
    child.stderr.on('data', (b: Buffer) => {
      const text = tail + b.toString('utf8');
      const lines = text.split('\n');
      tail = (lines.pop() ?? '').slice(-2000);
      for (const l of lines) if (l.trim() !== '') c.stderr.push(l.slice(0, 500));
      if (c.stderr.length > STDERR_LINES) c.stderr.splice(0, c.stderr.length - STDERR_LINES);
    });
    child.stdin.on('error', () => { /* EPIPE: the exit or close event says what happened */ });
    child.on('error', (e) => c.close(`cannot run: ${e.message}`));
    child.on('exit', (code, signal) => c.close(signal !== null ? `killed by signal ${signal}` : `exited with status ${code}`));
    child.stdout.on('close', () => setTimeout(() => c.close('closed its stdout'), 50)); // let 'exit' name the status first
    return c;
  }

  private close(why: string): void {
    if (this.closedWhy === null) this.closedWhy = why;
    this.wake?.();
  }

  /** The last stderr lines, for reports. */
  stderrTail(): string[] {
    return [...this.stderr];
  }

  send(line: string): void {
    if (this.closedWhy === null) this.input.write(`${line}\n`);
  }

  /** The next line, or a fault: closed (crash), timed out (hang), or a line too long (garbage). */
  async next(timeoutMs: number): Promise<{ line: string } | Fault> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.reader.lines.shift();
      if (line !== undefined) return { line };
      if (this.reader.overflow) return { kind: 'garbage', detail: `a line longer than ${MAX_LINE} bytes` };
      if (this.closedWhy !== null) return { kind: 'crash', detail: this.closedWhy + this.stderrNote() };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'hang', detail: `no answer within ${timeoutMs} ms${this.stderrNote()}` };
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private stderrNote(): string {
    const last = this.stderr.at(-1);
    return last === undefined ? '' : `; stderr: ${last}`;
  }

  get alive(): boolean {
    return this.closedWhy === null;
  }

  /** Ends the connection: bye, then (for a process) the whole process group is killed if it lingers. */
  async end(graceMs: number): Promise<void> {
    this.send(BYE_LINE);
    if (this.socket !== null) {
      this.socket.end();
      this.socket.destroy();
      return;
    }
    this.child?.stdin?.end();
    if (this.alive && graceMs > 0) await this.next(graceMs).catch(() => undefined);
    this.kill();
  }

  kill(): void {
    live.delete(this);
    const pid = this.child?.pid;
    if (pid !== undefined && this.child?.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-pid, 'SIGKILL'); // the process group: sh and everything it started
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.socket?.destroy();
    this.closedWhy ??= 'killed by the kit';
  }
}

/**
 * A target: a connection that is (re)started on demand. `hello` is the handshake of the current
 * connection; `restarts` counts connections started after a fault.
 */
export class Target {
  private conn: Connection | null = null;
  private nextId = 1;
  hello: HelloResponse | null = null;
  restarts = 0;
  private closed = false;

  constructor(readonly command: string, private readonly o: TargetOptions) {}

  /** Starts the target and shakes hands; throws TargetStartError when that fails. */
  async start(): Promise<HelloResponse> {
    const conn = Connection.open(this.command);
    conn.send(helloLine(this.o.kit));
    const first = await conn.next(this.o.handshakeMs);
    const fail = (why: string): never => {
      conn.kill();
      throw new TargetStartError(`target "${this.command}": ${why}`);
    };
    if (!('line' in first)) return fail(`no handshake (${first.kind}: ${first.detail})`);
    const hello = checkHello(first.line);
    if (!hello.ok) return fail(`the handshake answer is not a hello message: ${hello.problem}`);
    if (hello.value.protocol !== TARGET_PROTOCOL) return fail(`speaks target protocol ${hello.value.protocol}; this kit speaks ${TARGET_PROTOCOL}`);
    this.conn = conn;
    this.hello = hello.value;
    return hello.value;
  }

  /** Whether the handshake announced this kind and profile. */
  supports(c: Pick<Case, 'kind' | 'profile'>): boolean {
    return this.hello !== null && this.hello.kinds.includes(c.kind) && this.hello.profiles.includes(c.profile);
  }

  get features(): readonly string[] {
    return this.hello?.features ?? [];
  }

  /**
   * Sends one case, waits for its answer. A fault leaves the target dead; the next run restarts it.
   * Calls are served one after the other (the protocol has one open request): a call made while
   * another waits (a caller that gave up waiting, such as a property interrupted by its time limit)
   * sends only once that answer is in, so an answer can never be read as another request's.
   */
  run(c: Case, opts: { trace?: boolean; snapshot?: boolean } = {}): Promise<Answer> {
    // idle: send now, synchronously (a caller may compute while the target works); busy: queue behind
    const next = this.open === 0 ? this.runNow(c, opts) : this.queue.then(() => this.runNow(c, opts));
    this.open++;
    const done = next.finally(() => { this.open--; });
    this.queue = done.catch(() => undefined);
    return done;
  }

  private queue: Promise<unknown> = Promise.resolve();
  private open = 0;

  private async runNow(c: Case, opts: { trace?: boolean; snapshot?: boolean }): Promise<Answer> {
    if (this.closed) return { kind: 'crash', detail: 'the kit has closed this target' };
    if (this.conn === null || !this.conn.alive) {
      if (this.conn !== null) this.restarts++;
      this.conn?.kill();
      this.conn = null;
      try {
        await this.start();
      } catch (e) {
        if (e instanceof TargetStartError) return { kind: 'crash', detail: `could not be restarted: ${e.message}` };
        throw e;
      }
    }
    const conn = this.conn;
    if (conn === null) return { kind: 'crash', detail: 'not running' };
    const id = this.nextId++;
    conn.send(runLine({
      id, kind: c.kind, profile: c.profile, input: c.input,
      trace: opts.trace === true && this.features.includes('trace'),
      snapshot: opts.snapshot === true && this.features.includes('snapshot') && c.kind === 'program' && c.profile === 'jar1',
    }));
    const got = await conn.next(this.o.timeoutMs);
    const dead = (f: Fault): Fault => {
      conn.kill();
      return f;
    };
    if (!('line' in got)) return dead(got);
    const r = checkResponse(got.line);
    if (!r.ok) return dead({ kind: 'garbage', detail: r.problem });
    if (r.value.id !== id) return dead({ kind: 'garbage', detail: `answer carries id ${r.value.id}, the open request is ${id}` });
    switch (r.value.type) {
      case 'result': return { kind: 'result', output: r.value.output, ...(r.value.trace ? { trace: r.value.trace } : {}) };
      case 'unsupported': return { kind: 'unsupported', reason: r.value.reason };
      case 'error': return { kind: 'error', message: r.value.message };
    }
  }

  /**
   * Ends the current connection (bye, then kill after a second) so that the next run starts a fresh
   * one, not counted in `restarts`: a re-run after it cannot depend on what the target ran before.
   */
  async fresh(): Promise<void> {
    await this.queue;
    const conn = this.conn;
    this.conn = null;
    if (conn !== null) await conn.end(1000);
  }

  /** The last lines the target wrote to stderr (empty for a socket). */
  stderrTail(): string[] {
    return this.conn?.stderrTail() ?? [];
  }

  /** Says bye and ends the target (killing its process group if it does not exit within a second). */
  async close(): Promise<void> {
    this.closed = true;
    const conn = this.conn;
    this.conn = null;
    if (conn !== null) await conn.end(1000);
  }
}
