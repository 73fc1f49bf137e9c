/**
 * Core cases: an instruction stream (every opcode and format, valid and invalid) run from a machine
 * state on both profiles. Operands are biased to boundary immediates and register aliasing; static
 * targets are raw indices resolved after layout into instruction starts, the middle of an
 * instruction, or anywhere (branches into and out of blocks); dynamic jumps go through a generated
 * jump table; loads and stores aim at page edges next to read-only and absent pages.
 */
import fc from 'fast-check';
import { isTerminator, OPCODES, type Format } from '../../model/decode/opcodes.js';
import { NUM_REGS, type CoreRunInput, type MemoryChunk, type PageRange } from '../../vectors/lib/types.js';
import type { CoreCase } from './cases.js';
import { le } from './encode.js';
import { edgeAddress, u64 } from './values.js';

export interface InstrSpec {
  readonly op: number;
  readonly ra: number;
  readonly rb: number;
  readonly rd: number;
  readonly lx: number;
  readonly x: bigint;
  readonly ly: number;
  readonly y: bigint;
  /** Static target: [mode, raw]: 0 = instruction start raw % n, 1 = one byte into it, 2 = raw offset, 3 = the end of the code. */
  readonly target: readonly [number, number];
  /** Extra bytes after the operands (skip lengths past the format's own). */
  readonly pad: readonly number[];
  /** Take the immediate x from the initial value of register ra (so compares can be equal). */
  readonly xFromReg: boolean;
}

export interface CoreSpec {
  readonly profile: 'jar1' | 'gp';
  readonly instrs: readonly InstrSpec[];
  /** Entries: [0, v] = v itself, [1, k] = the k-th instruction start, [2, k] = the k-th basic-block start. */
  readonly jumpTable: readonly (readonly [number, number])[];
  readonly regs: readonly bigint[];
  readonly pages: readonly PageRange[];
  readonly chunks: readonly (readonly [number, readonly number[]])[];
  readonly gas: bigint;
  readonly pc: readonly [boolean, number];
  readonly memoryPages: number;
  /** Bitmask bit positions to flip after layout (invalid streams). */
  readonly flips: readonly number[];
  /** Sharper variants (drawn last, so that the fields above are those of the same seed without them); null: none. */
  readonly sharp?: Sharp | null;
  /**
   * Bytes of each static offset (offsetLens, drawn after the case's other choices): instruction k writes its offset in
   * offsetLen[k mod length] bytes (0..4, sign-extended by the decoder; an offset that does not fit is
   * cut to those bytes). Absent or empty: 4 bytes, as before.
   */
  readonly offsetLen?: readonly number[];
}

/**
 * Variants that the mutation score (npm run mutation) showed missing. `loop`: end with a jump back
 * to the first instruction, so the stream repeats until an exit, gas or maxSteps and its blocks get
 * hot (jit.ts compiles them: loads, stores and dynamic jumps in compiled code). `traps`: instructions
 * (index mod n) that become trap (even) or unlikely (odd): a branch to one costs 1 cycle, not 20
 * (jar1 gas). `toEnd`: instructions whose static target is one past the last byte (a trap there).
 */
export interface Sharp {
  readonly loop: boolean;
  readonly traps: readonly number[];
  readonly toEnd: readonly number[];
}

const OPS = [...OPCODES.keys()];
const MEMORY_OPS = OPS.filter((o) => /load|store/.test(OPCODES.get(o)?.name ?? '') && !/imm_jump|load_imm/.test(OPCODES.get(o)?.name ?? ''));
const JUMP_OPS = OPS.filter((o) => /jump|branch/.test(OPCODES.get(o)?.name ?? ''));

const regNibble = (): fc.Arbitrary<number> => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 15 }) });

const instr = (): fc.Arbitrary<InstrSpec> => fc.record({
  op: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...OPS) },
    { weight: 5, arbitrary: fc.constantFrom(...MEMORY_OPS) },
    { weight: 2, arbitrary: fc.constantFrom(...JUMP_OPS) },
    { weight: 1, arbitrary: fc.constantFrom(50, 180) }, // dynamic jumps through the jump table
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
  ),
  ra: regNibble(),
  rb: regNibble(),
  rd: fc.oneof({ weight: 8, arbitrary: regNibble() }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
  lx: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 7 }) }),
  x: fc.oneof({ weight: 3, arbitrary: u64() }, { weight: 2, arbitrary: fc.integer({ min: -8, max: 8 }).map((v) => BigInt.asUintN(64, BigInt(v))) }),
  ly: fc.integer({ min: 0, max: 4 }),
  y: fc.oneof(u64(), edgeAddress()),
  target: fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) }), fc.integer({ min: -40, max: 200 })),
  pad: fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }) }),
  xFromReg: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Non-overlapping page ranges, ascending: RW and RO neighbours, a lone RO page, the top page. */
const PAGE_CHOICES: readonly PageRange[] = [
  { address: 0x0, length: 0x1000, access: 'R' },
  { address: 0x10000, length: 0x2000, access: 'W' },
  { address: 0x12000, length: 0x1000, access: 'R' },
  { address: 0x20000, length: 0x1000, access: 'W' },
  { address: 0x21000, length: 0x1000, access: 'W' },
  { address: 0x100000, length: 0x1000, access: 'R' },
  { address: 0x101000, length: 0x1000, access: 'W' },
  { address: 0xfffff000, length: 0x1000, access: 'W' },
];

const regValue = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 4, arbitrary: u64() },
  { weight: 1, arbitrary: fc.constantFrom(0n, 0xffff0000n) }, // 0 (div, cmov), the halt address (djump)
  // one half zero, the other not: 32-bit versus 64-bit tests differ on these
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 0xffffffff })).map(([high, v]) => (high ? BigInt(v) << 32n : BigInt(v))) },
  { weight: 3, arbitrary: edgeAddress() },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0x10000n, 0x12000n, 0x20000n, 0x100000n, 0xfffff000n), fc.integer({ min: -8, max: 8 })).map(([b, d]) => BigInt.asUintN(64, b + BigInt(d))) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 7 }).map((k) => BigInt(2 * k)) }, // djump addresses (k+1)·2
);

export const coreSpec = (): fc.Arbitrary<CoreSpec> => fc.record({
  profile: fc.constantFrom('jar1' as const, 'gp' as const),
  instrs: fc.array(instr(), { minLength: 1, maxLength: 24 }),
  jumpTable: fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 2), fc.integer({ min: 0, max: 64 })), { maxLength: 6 }),
  regs: fc.array(regValue(), { minLength: NUM_REGS, maxLength: NUM_REGS }),
  pages: fc.subarray([...PAGE_CHOICES]),
  chunks: fc.array(fc.tuple(fc.nat(), fc.array(fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 })), { maxLength: 4 }),
  gas: fc.oneof(fc.constantFrom(0n, 1n, 2n, 3n, 5n, 10n, 40n), fc.constantFrom(1000n, 100_000n)),
  pc: fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), fc.integer({ min: 0, max: 100 })),
  memoryPages: fc.constantFrom(0, 2049, 8193, 65537),
  flips: fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.nat(), { maxLength: 3 }) }),
  sharp: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.record({ loop: fc.boolean(), traps: fc.array(fc.nat(), { maxLength: 2 }), toEnd: fc.array(fc.nat(), { maxLength: 2 }) }) },
  ),
});

/** CoreSpec.offsetLen: mostly none (4-byte offsets), sometimes 1..3 lengths of 0..4 bytes (mostly 1, 2). Drawn by sharp-arb.ts coreCases after everything else. */
export const offsetLens = (): fc.Arbitrary<readonly number[]> => fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constantFrom(0, 3, 4) }), { minLength: 1, maxLength: 3 }) },
);

/** Operand bytes of one instruction in its opcode's format; `off` is its static offset. */
function encode(i: InstrSpec, format: Format | undefined, off: number, lo = 4): number[] {
  const lx = Math.min(4, i.lx);
  const ly = Math.min(4, i.ly);
  const rr = (i.ra & 15) | ((i.rb & 15) << 4);
  const body: Record<Format, () => number[]> = {
    NoArgs: () => [],
    OneImm: () => le(i.x, lx),
    OneRegExtImm: () => [i.ra & 15, ...le(i.x, 8)],
    TwoImm: () => [i.lx & 7, ...le(i.x, lx), ...le(i.y, ly)],
    OneOffset: () => le(off, lo),
    OneRegOneImm: () => [i.ra & 15, ...le(i.x, lx)],
    OneRegTwoImm: () => [(i.ra & 15) | ((i.lx & 7) << 4), ...le(i.x, lx), ...le(i.y, ly)],
    OneRegImmOffset: () => [(i.ra & 15) | ((i.lx & 7) << 4), ...le(i.x, lx), ...le(off, lo)],
    TwoReg: () => [rr],
    TwoRegOneImm: () => [rr, ...le(i.x, lx)],
    TwoRegOneOffset: () => [rr, ...le(off, lo)],
    TwoRegTwoImm: () => [rr, i.lx & 7, ...le(i.x, lx), ...le(i.y, ly)],
    ThreeReg: () => [rr, i.rd & 0xff],
  };
  return [i.op, ...(format === undefined ? i.pad.slice(0, 4) : [...body[format](), ...i.pad])];
}

/** `jump` to the first instruction (target mode 0, index 0). */
const LOOP_BACK: InstrSpec = { op: 40, ra: 0, rb: 0, rd: 0, lx: 0, x: 0n, ly: 0, y: 0n, target: [0, 0], pad: [], xFromReg: false };

/** The instructions of a spec with its sharper variants applied (Sharp). */
function sharpened(instrs: readonly InstrSpec[], s: Sharp | null | undefined): readonly InstrSpec[] {
  if (s === null || s === undefined || instrs.length === 0) return instrs;
  const n = instrs.length;
  const out = instrs.map((i, k) => (s.toEnd.some((e) => e % n === k) ? { ...i, target: [3, 0] as const } : i));
  for (const t of s.traps) out[t % n] = { ...(out[t % n] ?? LOOP_BACK), op: t % 2 === 0 ? 0 : 2 };
  return s.loop ? [...out, LOOP_BACK] : out;
}

/** Resolves a spec into a runnable case: layout, then targets and jump-table entries as instruction starts. */
export function coreCase(raw: CoreSpec, maxSteps = 400): CoreCase {
  const regOf = (r: number): bigint => raw.regs[Math.min(12, r & 15)] ?? 0n;
  const spec: CoreSpec = { ...raw, instrs: sharpened(raw.instrs, raw.sharp).map((i) => (!i.xFromReg ? i : i.op === 50 ? { ...i, x: 0n } : { ...i, x: regOf(i.ra), lx: Math.max(i.lx, 4) })) }; // jump_ind: to exactly φ[ra]
  const formats = spec.instrs.map((i) => OPCODES.get(i.op)?.format);
  const lens = spec.offsetLen ?? [];
  const lo = (k: number): number => (lens.length === 0 ? 4 : lens[k % lens.length] ?? 4);
  const lengths = spec.instrs.map((i, k) => encode(i, formats[k], 0, lo(k)).length);
  const starts: number[] = [];
  lengths.reduce((at, n) => (starts.push(at), at + n), 0);
  const n = spec.instrs.length;
  const end = lengths.reduce((a, b) => a + b, 0); // one past the last byte: ζ = 0 there, a trap (spec-notes/0016)
  const blocks = [0, ...starts.filter((_, k) => k > 0 && isTerminator(spec.instrs[k - 1]?.op ?? 0))];
  const targetOf = ([mode, raw]: readonly [number, number]): number => (mode === 2 ? raw : mode === 3 ? end : (starts[((raw % n) + n) % n] ?? 0) + mode);
  const bytes = spec.instrs.map((i, k) => encode(i, formats[k], targetOf(i.target) - (mode2(i) ? 0 : starts[k] ?? 0), lo(k)));
  const code = Uint8Array.from(bytes.flat());
  const bitmask = new Uint8Array(code.length);
  for (const s of starts) bitmask[s] = 1;
  for (const f of spec.flips) if (code.length > 0) bitmask[f % code.length] = 1 - (bitmask[f % code.length] ?? 0);
  const jumpTable = spec.jumpTable.map(([mode, v]) => (mode === 0 ? v : mode === 1 ? starts[v % n] ?? 0 : blocks[v % blocks.length] ?? 0));
  const chunks: MemoryChunk[] = [];
  spec.chunks.forEach(([at, data]) => {
    const page = spec.pages[at % Math.max(1, spec.pages.length)];
    if (page === undefined) return;
    // at a page edge (where the addresses are biased) or anywhere in the range
    const span = page.length - data.length;
    const address = page.address + (at % 3 === 0 ? 0 : at % 3 === 1 ? span - (at % 8) : at % span);
    if (chunks.some((c) => address < c.address + c.bytes.length && c.address < address + data.length)) return;
    chunks.push({ address, bytes: Uint8Array.from(data) });
  });
  chunks.sort((a, b) => a.address - b.address);
  const pc = spec.pc[0] ? spec.pc[1] : 0;
  const input: CoreRunInput = {
    profile: spec.profile, image: { code, bitmask, jumpTable }, pc, gas: spec.gas, regs: [...spec.regs],
    pages: [...spec.pages], memory: chunks, memoryPages: spec.memoryPages,
  };
  const text = spec.instrs.map((i, k) => `${starts[k]}: ${OPCODES.get(i.op)?.name ?? `invalid ${i.op}`} [${(bytes[k] ?? []).map((b) => b.toString(16).padStart(2, '0')).join(' ')}]`);
  const regs = spec.regs.flatMap((v, r) => (v === 0n ? [] : [`r${r}=0x${v.toString(16)}`])).join(' ');
  const pages = spec.pages.map((p) => `0x${p.address.toString(16)}+0x${p.length.toString(16)} ${p.access}`).join(', ');
  return { focus: 'core', input, maxSteps, text: [`${spec.profile} gas ${spec.gas} pc ${pc} jump table [${jumpTable.join(', ')}]`, `regs ${regs || 'all 0'}; pages ${pages || 'none'}`, ...text] };
}

/** Raw-offset targets are offsets already; the other modes are absolute positions. */
const mode2 = (i: InstrSpec): boolean => i.target[0] === 2;
