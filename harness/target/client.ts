/**
 * The kit's side of the target protocol (vectors/TARGET.md): starts a target (a shell command, or a
 * Unix socket), shakes hands, sends one request at a time and waits for its answer with a deadline.
 * Whatever the target does (exits, hangs, prints garbage, floods stdout) ends in a typed answer,
 * never in an exception or an unbounded buffer of ours. After a fault the connection is dead and
 * `Target` starts a fresh one for the next request.
 */
import {
  BYE_LINE, checkHello, checkResponse, helloLine, runLine, TARGET_PROTOCOL,
  type CaseKind, type HelloResponse, type TraceRecord,
} from '../../vectors/lib/target.js';
import type { VectorExpected, VectorInput } from '../../vectors/lib/format.js';
import type { Profile } from '../../vectors/lib/types.js';
import { Connection, type Fault } from './connection.js';

export { MAX_LINE, type Fault } from './connection.js';

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
    if (conn !== null) await conn.end(1000, BYE_LINE);
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
    if (conn !== null) await conn.end(1000, BYE_LINE);
  }
}
