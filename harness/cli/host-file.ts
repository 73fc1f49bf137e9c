/**
 * Host files for `javm run --host` / `--replay` (vectors/HOST.md): YAML answers to a program's host
 * calls, in order or by call id, and the recording `--record` writes in the same form, so that a
 * recording is a host file. Every problem is one line naming the file, the field and the expected form.
 */
import { readTextFile } from './io.js';
import { parse, stringify } from 'yaml';
import type { HostAnswer, HostWrite } from '../../vectors/lib/kernel.js';
import { UsageError } from '../engines.js';

const U64_MAX = (1n << 64n) - 1n;

/** r7/r8 of a host-file answer: a u64, or `gas`: the active VM's gas after the answer's charge. */
export type RegValue = bigint | 'gas';

/** What the kit saw at a host call, as a recording states it (checked by --replay). */
export interface RecordedCall {
  readonly id: number | null;
  readonly vm: number;
  readonly pc: number;
  readonly gas: bigint;
}

/** One answer of a host file. */
export interface ScriptAnswer {
  readonly r7: RegValue;
  readonly r8: RegValue;
  readonly writes: readonly HostWrite[];
  readonly charge: bigint;
  /** The call id this answer is for (checked when given). */
  readonly id?: number;
  readonly call?: RecordedCall;
}

/** A parsed host file: answers in call order, then answers by call id. */
export interface HostScript {
  readonly file: string;
  readonly answers: readonly ScriptAnswer[];
  readonly byId: ReadonlyMap<number, ScriptAnswer>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a host file's fields; `bad` names file and field. */
class Fields {
  constructor(readonly file: string) {}

  bad(field: string, form: string): never {
    throw new UsageError(`${this.file}: ${field}: expected ${form}`);
  }

  /** A u64 given as an integer or a decimal / 0x-hex string. */
  u64(v: unknown, field: string): bigint {
    let b: bigint | null = null;
    if (typeof v === 'bigint') b = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
    else if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v.trim().replace(/_/g, ''))) b = BigInt(v.trim().replace(/_/g, ''));
    if (b === null || b < 0n || b > U64_MAX) return this.bad(field, 'a u64 (decimal or 0x hex)');
    return b;
  }

  small(v: unknown, field: string, max: number, form: string): number {
    const b = typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string' ? this.tryU64(v) : null;
    if (b === null || b > BigInt(max)) return this.bad(field, form);
    return Number(b);
  }

  private tryU64(v: unknown): bigint | null {
    try {
      return this.u64(v, '');
    } catch {
      return null;
    }
  }

  reg(v: unknown, field: string): RegValue {
    if (v === undefined) return 0n;
    if (v === 'gas') return 'gas';
    return this.u64(v, field);
  }

  bytes(v: unknown, field: string): Uint8Array {
    const t = typeof v === 'string' ? v.replace(/\s/g, '').replace(/^0x/, '') : null;
    if (t === null || t.length % 2 !== 0 || /[^0-9a-fA-F]/.test(t)) return this.bad(field, 'a hex string of whole bytes (quote it in YAML)');
    return Uint8Array.from(t.match(/../g) ?? [], (b) => parseInt(b, 16));
  }

  writes(v: unknown, field: string): HostWrite[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return this.bad(field, 'a list of {address, bytes}');
    return v.map((w, k) => {
      const at = `${field}[${k}]`;
      if (!isObject(w)) return this.bad(at, 'an object {address, bytes}');
      this.only(w, at, ['address', 'bytes']);
      return { address: this.small(w.address, `${at}.address`, 0xffffffff, 'an address 0..0xffffffff'), bytes: this.bytes(w.bytes, `${at}.bytes`) };
    });
  }

  only(o: Record<string, unknown>, field: string, keys: readonly string[]): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.bad(`${field}.${k}`, `no such field (allowed: ${keys.join(', ')})`);
  }

  call(v: unknown, field: string): RecordedCall | undefined {
    if (v === undefined) return undefined;
    if (!isObject(v)) return this.bad(field, 'an object {id, vm, pc, gas}');
    this.only(v, field, ['id', 'vm', 'pc', 'gas']);
    return {
      id: v.id === null || v.id === undefined ? null : this.small(v.id, `${field}.id`, 0xffffffff, 'a call id (a whole number) or null'),
      vm: this.small(v.vm, `${field}.vm`, 0xffffffff, 'a VM id'),
      pc: this.small(v.pc, `${field}.pc`, 0xffffffff, 'a pc'),
      gas: this.u64(v.gas, `${field}.gas`),
    };
  }

  answer(v: unknown, field: string): ScriptAnswer {
    if (!isObject(v)) return this.bad(field, 'an answer {r7, r8, memory, charge}');
    this.only(v, field, ['r7', 'r8', 'memory', 'charge', 'id', 'call']);
    const call = this.call(v.call, `${field}.call`);
    return {
      r7: this.reg(v.r7, `${field}.r7`), r8: this.reg(v.r8, `${field}.r8`),
      writes: this.writes(v.memory, `${field}.memory`),
      charge: v.charge === undefined ? 0n : this.u64(v.charge, `${field}.charge`),
      ...(v.id === undefined ? {} : { id: this.small(v.id, `${field}.id`, 0xffffffff, 'a call id (a whole number)') }),
      ...(call === undefined ? {} : { call }),
    };
  }
}

/** Parses a host file's text (vectors/HOST.md "Host files"); `file` names it in errors. */
export function parseHostScript(text: string, file: string): HostScript {
  const f = new Fields(file);
  let doc: unknown;
  try {
    doc = parse(text, { intAsBigInt: true });
  } catch (e) {
    throw new UsageError(`${file}: not YAML (${String((e as Error).message).split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObject(doc)) return f.bad('(top)', 'a mapping with `answers` and/or `by_id`');
  f.only(doc, '(top)', ['answers', 'by_id']);
  const list = doc.answers ?? [];
  if (!Array.isArray(list)) return f.bad('answers', 'a list of answers');
  const answers = list.map((a, k) => f.answer(a, `answers[${k}]`));
  const byId = new Map<number, ScriptAnswer>();
  const ids = doc.by_id ?? {};
  if (!isObject(ids)) return f.bad('by_id', 'a mapping from call id to answer');
  for (const [key, a] of Object.entries(ids)) {
    if (!/^\d+$/.test(key) || Number(key) > 0xffffffff) f.bad(`by_id.${key}`, 'a call id (a whole number) as the key');
    byId.set(Number(key), f.answer(a, `by_id.${key}`));
  }
  return { file, answers, byId };
}

/** Reads and parses a host file. */
export function readHostScript(file: string): HostScript {
  const text = readTextFile(file);
  return parseHostScript(text, file);
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const hexBytes = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** One recorded exchange: the call the kit saw and the answer applied (r7/r8 resolved). */
export interface Exchange {
  readonly call: RecordedCall;
  readonly answer: HostAnswer;
}

/** The text of a recording: a host file (`answers` with `call`) that --host or --replay reads back. */
export function recordingText(exchanges: readonly Exchange[], header: string): string {
  const answers = exchanges.map(({ call, answer }) => ({
    call: { id: call.id, vm: call.vm, pc: call.pc, gas: hex(call.gas) },
    r7: hex(answer.r7), r8: hex(answer.r8),
    ...(answer.writes !== undefined && answer.writes.length > 0 ? { memory: answer.writes.map((w) => ({ address: w.address, bytes: hexBytes(w.bytes) })) } : {}),
    ...(answer.charge !== undefined && answer.charge > 0n ? { charge: hex(answer.charge) } : {}),
  }));
  const body = stringify({ answers }, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return `# ${header}\n${body}`;
}
