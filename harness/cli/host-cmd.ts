/**
 * `javm run --host-cmd`: an external host process speaking the JSON-lines protocol of vectors/HOST.md.
 * The kit sends each host call, the host may read memory, then answers (or says stop). Whatever the
 * host does (exits, hangs, floods, prints garbage) ends in one-line `HostCmdError`, never an exception
 * of ours; the process is killed when the run ends.
 */
import { u64 } from '../../vectors/lib/hex.js';
import type { HostAnswer, HostWrite } from '../../vectors/lib/kernel.js';
import { UsageError } from '../engines.js';
import { Connection } from '../target/connection.js';

/** Memory reads per call, and bytes per read. */
export const MAX_READS = 64;
export const MAX_READ_BYTES = 1 << 20;
const U64_MAX = (1n << 64n) - 1n;

/** A host process that failed: one line, exit 2. */
export class HostCmdError extends UsageError {}

/** A host call as the protocol sends it. */
export interface CallMessage {
  readonly n: number;
  readonly profile: string;
  readonly kind: 'protocol' | 'ecalli' | 'ecall';
  readonly id: number | null;
  readonly vm: number;
  readonly pc: number;
  readonly gas: bigint;
  readonly regs: readonly bigint[];
}

export type CmdReply = { readonly kind: 'answer'; readonly answer: HostAnswer } | { readonly kind: 'stop'; readonly reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The host process: one call at a time, over the kit's bounded line connection (harness/target/connection.ts). */
export class HostProcess {
  private readonly conn: Connection;

  constructor(readonly command: string, private readonly timeoutMs: number) {
    this.conn = Connection.spawn(command);
  }

  private fail(n: number, what: string): never {
    throw new HostCmdError(`--host-cmd: call ${n}: the host ${what}`);
  }

  private send(obj: unknown): void {
    this.conn.send(JSON.stringify(obj));
  }

  /** The next line from the host, within the deadline; a crash, hang or overlong line is the run's one-line error. */
  private async line(n: number): Promise<string> {
    const got = await this.conn.next(this.timeoutMs);
    if ('line' in got) return got.line;
    const stderr = this.conn.stderrTail().at(-1);
    const note = stderr === undefined ? '' : ` (stderr: ${stderr.slice(0, 200)})`;
    switch (got.kind) {
      case 'hang': return this.fail(n, `did not answer within ${this.timeoutMs} ms (--timeout)${note}`);
      case 'garbage': return this.fail(n, `sent ${got.detail}`);
      case 'crash': return this.fail(n, got.detail); // the detail names the last stderr line already
    }
  }

  /** Sends a call, serves the host's memory reads, and returns its answer or stop. */
  async call(c: CallMessage, read: (address: number, length: number) => Uint8Array | null): Promise<CmdReply> {
    this.send({ type: 'call', n: c.n, profile: c.profile, kind: c.kind, id: c.id, vm: c.vm, pc: c.pc, gas: u64(c.gas), regs: c.regs.map(u64) });
    for (let reads = 0; ; reads++) {
      const text = await this.line(c.n);
      let m: unknown;
      try {
        m = JSON.parse(text);
      } catch {
        this.fail(c.n, `sent a line that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
      }
      if (!isObject(m)) this.fail(c.n, 'sent JSON that is not an object');
      if (m.type === 'stop') return { kind: 'stop', reason: typeof m.reason === 'string' ? m.reason.slice(0, 200) : 'the host stopped' };
      if (m.type === 'answer') return { kind: 'answer', answer: this.answerOf(c.n, m) };
      if (m.type !== 'read') this.fail(c.n, `sent type ${JSON.stringify(m.type)}: expected answer, read or stop`);
      if (reads >= MAX_READS) this.fail(c.n, `read memory more than ${MAX_READS} times in one call`);
      const address = m.address;
      const length = m.length;
      if (!Number.isSafeInteger(address) || (address as number) < 0 || (address as number) > 0xffffffff) this.fail(c.n, 'read: address: expected a number 0..0xffffffff');
      if (!Number.isSafeInteger(length) || (length as number) < 0 || (length as number) > MAX_READ_BYTES) this.fail(c.n, `read: length: expected a number 0..${MAX_READ_BYTES}`);
      const bytes = read(address as number, length as number);
      this.send({ type: 'memory', address, bytes: bytes === null ? null : Buffer.from(bytes).toString('hex') });
    }
  }

  private answerOf(n: number, m: Record<string, unknown>): HostAnswer {
    const u64 = (v: unknown, field: string): bigint => {
      if (typeof v === 'string' && /^0x[0-9a-fA-F]+$|^[0-9]+$/.test(v) && BigInt(v) <= U64_MAX) return BigInt(v);
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
      return this.fail(n, `answer: ${field}: expected a u64 ("0x..." string or a whole number)`);
    };
    for (const k of Object.keys(m)) if (!['type', 'r7', 'r8', 'memory', 'charge'].includes(k)) this.fail(n, `answer: ${k}: no such field (allowed: r7, r8, memory, charge)`);
    const writes: HostWrite[] = [];
    if (m.memory !== undefined) {
      if (!Array.isArray(m.memory)) this.fail(n, 'answer: memory: expected a list of {address, bytes}');
      for (const [k, w] of (m.memory as unknown[]).entries()) {
        const ok = isObject(w) && Number.isSafeInteger(w.address) && (w.address as number) >= 0 && (w.address as number) <= 0xffffffff
          && typeof w.bytes === 'string' && /^([0-9a-fA-F]{2})*$/.test(w.bytes) && w.bytes.length <= 2 * MAX_READ_BYTES * 16;
        if (!ok) this.fail(n, `answer: memory[${k}]: expected {address: 0..0xffffffff, bytes: hex string}`);
        writes.push({ address: w.address as number, bytes: Uint8Array.from(Buffer.from(w.bytes as string, 'hex')) });
      }
    }
    return {
      r7: u64(m.r7, 'r7'), r8: u64(m.r8 ?? 0, 'r8'),
      ...(writes.length > 0 ? { writes } : {}),
      ...(m.charge !== undefined ? { charge: u64(m.charge, 'charge') } : {}),
    };
  }

  /** Kills the host's process group (the shell and what it started). */
  kill(): void {
    this.conn.kill();
  }

  /** Ends the host: closes its stdin, and kills it if it has not exited half a second later. */
  async close(): Promise<void> {
    await this.conn.end(500);
  }
}
