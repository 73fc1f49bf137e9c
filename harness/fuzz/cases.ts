/**
 * The concrete cases the differential tester runs, and their JSON form (regression vectors under
 * vectors/regressions/): every u64 a "0x..." string, bytes as hex, keys in a fixed order.
 * Arbitraries produce structured specs; these are what the specs resolve to.
 */
import type { CoreRunInput, MemoryChunk, PageRange, Profile } from '../../vectors/lib/types.js';
import { parseHex, parseU64, toHex, u64 } from '../../vectors/lib/hex.js';
import { packBitmask } from './encode.js';

export type Focus = 'core' | 'kernel' | 'blob' | 'scale';
export const FOCI: readonly Focus[] = ['core', 'kernel', 'blob', 'scale'];

/** A per-focus count with every focus at 0. */
export const zeroByFocus = (): Record<Focus, number> => ({ core: 0, kernel: 0, blob: 0, scale: 0 });

/** One core run from a machine state. */
export interface CoreCase {
  readonly focus: 'core';
  readonly input: CoreRunInput;
  readonly maxSteps: number;
  /** What the generator meant, for people (assembly). */
  readonly text: readonly string[];
  /**
   * A gp deblob (sharp-arb.ts): each engine parses it (parseCode 'gp') and runs the image it gets in
   * place of input.image; both must give the same image or the same load error class.
   */
  readonly gpBlob?: Uint8Array;
}

/** A jar1 blob run through the kernel, protocol calls answered by the seeded host (scale: deep call chains, big DATA and CODE caps). */
export interface KernelCase {
  readonly focus: 'kernel' | 'blob' | 'scale';
  readonly blob: Uint8Array;
  readonly gas: bigint;
  readonly args: Uint8Array;
  /** Seed of the host's answers (values.hostAnswer). */
  readonly host: number;
  /** Instruction budget over the whole case. */
  readonly maxSteps: number;
  readonly text: readonly string[];
}

export type Case = CoreCase | KernelCase;

/** The JSON form of a case (fixed key order). */
export function caseToJson(c: Case): Record<string, unknown> {
  if (c.focus === 'core') {
    const i = c.input;
    return {
      focus: 'core', profile: i.profile, code: toHex(i.image.code), bitmask: toHex(packBitmask(i.image.bitmask)),
      jumpTable: [...i.image.jumpTable], pc: i.pc, gas: u64(i.gas), regs: i.regs.map(u64),
      pages: i.pages.map((p) => ({ address: p.address, length: p.length, access: p.access })),
      memory: i.memory.map((m) => ({ address: m.address, bytes: toHex(m.bytes) })), memoryPages: i.memoryPages ?? 0,
      maxSteps: c.maxSteps, ...(c.gpBlob === undefined ? {} : { gpBlob: toHex(c.gpBlob) }),
    };
  }
  return { focus: c.focus, blob: toHex(c.blob), gas: u64(c.gas), args: toHex(c.args), host: c.host, maxSteps: c.maxSteps };
}

/** A bad regression file: names the file and field. */
export class CaseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFormatError';
  }
}

/** Reads a case back from its JSON form; `where` names the file in errors. */
export function caseFromJson(j: unknown, where: string): Case {
  const o = (j ?? {}) as Record<string, unknown>;
  const bad = (field: string, expected: string): never => {
    throw new CaseFormatError(`${where}: field '${field}' must be ${expected}`);
  };
  const str = (f: string): string => (typeof o[f] === 'string' ? (o[f] as string) : bad(f, 'a string'));
  const num = (f: string): number => (Number.isSafeInteger(o[f]) ? (o[f] as number) : bad(f, 'an integer'));
  const bytes = (f: string, v: unknown = o[f]): Uint8Array => (typeof v === 'string' ? parseHex(v) : null) ?? bad(f, 'a hex string');
  const big = (f: string, v: unknown = o[f]): bigint => (typeof v === 'string' ? parseU64(v) : null) ?? bad(f, 'a "0x..." u64');
  const arr = (f: string): unknown[] => (Array.isArray(o[f]) ? (o[f] as unknown[]) : bad(f, 'an array'));
  const focus = str('focus');
  if (focus === 'core') {
    const profile = str('profile');
    if (profile !== 'jar1' && profile !== 'gp') bad('profile', "'jar1' or 'gp'");
    const code = bytes('code');
    const packed = bytes('bitmask');
    const bitmask = Uint8Array.from({ length: code.length }, (_, k) => ((packed[k >> 3] ?? 0) >> (k & 7)) & 1);
    const pages: PageRange[] = arr('pages').map((p) => {
      const q = p as Record<string, unknown>;
      if (!Number.isSafeInteger(q.address) || !Number.isSafeInteger(q.length) || (q.access !== 'R' && q.access !== 'W')) bad('pages', '[{address, length, access R|W}]');
      return { address: q.address as number, length: q.length as number, access: q.access as 'R' | 'W' };
    });
    const memory: MemoryChunk[] = arr('memory').map((m) => {
      const q = m as Record<string, unknown>;
      if (!Number.isSafeInteger(q.address)) bad('memory', '[{address, bytes}]');
      return { address: q.address as number, bytes: bytes('memory', q.bytes) };
    });
    const input: CoreRunInput = {
      profile: profile as Profile, image: { code, bitmask, jumpTable: arr('jumpTable').map((t) => (Number.isSafeInteger(t) ? (t as number) : bad('jumpTable', 'integers'))) },
      pc: num('pc'), gas: big('gas'), regs: arr('regs').map((r) => big('regs', r)), pages, memory, memoryPages: num('memoryPages'),
    };
    if (input.regs.length !== 13) bad('regs', '13 registers');
    return { focus: 'core', input, maxSteps: num('maxSteps'), text: [], ...(o.gpBlob === undefined ? {} : { gpBlob: bytes('gpBlob') }) };
  }
  if (focus !== 'kernel' && focus !== 'blob' && focus !== 'scale') return bad('focus', "'core', 'kernel', 'blob' or 'scale'");
  return { focus, blob: bytes('blob'), gas: big('gas'), args: bytes('args'), host: num('host'), maxSteps: num('maxSteps'), text: [] };
}
