/**
 * A line-oriented child process or Unix socket, bounded and deadline-driven: the plumbing under the
 * target protocol (client.ts) and the external host of `javm run --host-cmd` (harness/cli/host-cmd.ts).
 * A shell command runs in its own process group, so killing it ends everything it started; lines are
 * read with a size bound; the last stderr lines are kept for reports; every process still alive is
 * killed when the kit exits, however it exits. Whatever the peer does ends in a typed `Fault`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { Writable } from 'node:stream';

/** The longest line the kit reads from a peer. */
export const MAX_LINE = 64 * 1024 * 1024;
/** How many stderr lines are kept for reports. */
const STDERR_LINES = 20;

/** How a peer fails to answer: each is a finding about the peer (a target, or an external host). */
export type Fault =
  | { readonly kind: 'crash'; readonly detail: string }
  | { readonly kind: 'hang'; readonly detail: string }
  | { readonly kind: 'garbage'; readonly detail: string };

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
export class Connection {
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

  /** Connects to `unix:<path>`, or else runs the string as a shell command (spawn). */
  static open(target: string): Connection {
    if (target.startsWith('unix:')) {
      const socket = connect(target.slice('unix:'.length));
      const c = new Connection(socket, null, socket);
      socket.on('data', (b: Buffer) => c.reader.push(b));
      socket.on('error', (e) => c.close(`socket error: ${e.message}`));
      socket.on('close', () => c.close('the socket closed'));
      return c;
    }
    return Connection.spawn(target);
  }

  /** Runs a shell command in its own process group, its stdin and stdout the connection. */
  static spawn(command: string): Connection {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
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
    // 'exit' can come before the last stdout data: the connection closes once stdout has closed too
    // (every line the peer wrote is read first), or shortly after the exit if something it started
    // keeps stdout open; a peer that closes stdout and lives on is closed after 50 ms, named by its
    // exit status if that comes within them.
    let exitWhy: string | null = null;
    let stdoutClosed = false;
    child.on('exit', (code, signal) => {
      exitWhy = signal !== null ? `killed by signal ${signal}` : `exited with status ${code}`;
      if (stdoutClosed) c.close(exitWhy);
      else setTimeout(() => c.close(exitWhy ?? 'exited'), 200);
    });
    child.stdout.on('close', () => {
      stdoutClosed = true;
      if (exitWhy !== null) c.close(exitWhy);
      else setTimeout(() => c.close(exitWhy ?? 'closed its stdout'), 50);
    });
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

  /**
   * Ends the connection: the farewell line if any (the target protocol's bye), end of input, then
   * (for a process) the whole process group is killed if it has not exited within graceMs.
   */
  async end(graceMs: number, farewell?: string): Promise<void> {
    if (farewell !== undefined) this.send(farewell);
    if (this.socket !== null) {
      this.socket.end();
      this.socket.destroy();
      return;
    }
    this.child?.stdin?.end();
    if (this.alive && graceMs > 0) await this.next(graceMs).catch(() => undefined);
    this.kill();
  }

  /** Kills the process group (sh and everything it started, even after sh itself has exited) and closes. */
  kill(): void {
    live.delete(this);
    const pid = this.child?.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        if (this.child?.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL'); // no group formed
      }
    }
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.socket?.destroy();
    this.closedWhy ??= 'killed by the kit';
  }
}

