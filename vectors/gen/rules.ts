/**
 * Which spec-notes a vector's expected value depends on, from the vector alone (runner, profile,
 * input, expected): `notesExercised`. A note is listed when the vector meets the situation the note
 * decides, in a way that the note's other option would give a different `expected` (a different exit,
 * pc, gas, register, memory byte, kernel state or load class). One rule per note, each a plain
 * statement about the vector (RULES below and ./rules-kernel.ts, `says`), checked by
 * harness/test/vectors-notes.test.ts; the generator adds these notes to every vector
 * (vectors/gen/index.ts).
 *
 * Facts used (./rules-facts.ts): the exits of the run (isa: `expected.exit` at `expected.pc`; gp
 * program: every step of `expected.exits`; jar1 program and kernel: the kernel exits), the load class,
 * and a replay of the run on the model, one instruction at a time: each instruction started (its code
 * image, opcode, decoded operands and the registers before it, in whichever VM ran it), each gas block
 * charged, and under the kernel (jar1 program and kernel vectors) each kernel transition with its event
 * (ecalli immediate, ecall op, the core stop) and the kernel state before and after it. So the
 * instruction rules (0001-0004, 0008, 0012-0014, 0024, 0028) apply to every VM of a jar1 program and
 * to the one instruction of a kernel vector, and the kernel rules read the cap an ecalli or ecall acts
 * on, its registers and its result.
 *
 * Limits. Notes named only by the case tables (vectors/gen/notes-core.ts, kernel.ts, kernel-programs.ts),
 * because what decides them is not an event of the run but the state it is built from or what it
 * leaves unseen: 0011 (the step fuel is not part of the vector format), 0020 (the init mapping), 0053
 * other than too_many_code_caps (the init layout: every loaded jar1 program would qualify), 0047 on
 * program vectors (they do not show original bits), 0043 on program vectors (they do not show a
 * stopped callee's gas). Cases where a table names a kernel note on a path where both options agree
 * (a near miss the case pins) are listed with their reason in NAMED_ONLY. Approximations: 0013's rule
 * lists a block that holds one of the four rows the note decides (101, 111, a register byte past the
 * end, a 3-reg shift or rotate whose raw nibbles differ but clamp equal) without computing Rust's
 * cost; 0029's covers MAP/UNMAP and loads and stores in a VM other than VM 0 or in a kernel vector, not
 * a root VM reading a page another VM wrote; when one step causes two kernel transitions (an
 * out-of-gas at a block start, then the next VM's instruction) the second's state before it is not
 * known and the dispatch rules skip it. The core rules 0005-0027 other than 0007, 0023 and 0027 read
 * core exits only (isa, gp program), not a VM's stop under the kernel.
 */
import { OPCODES, isTerminator } from '../../model/decode/opcodes.js';
import { nextPc } from '../../model/decode/code.js';
import { instructionCost, singlePassBlockCost } from '../../model/gas/single-pass.js';
import { fromU64, type Jar1ProgramExpected, type Jar1ProgramInput } from '../lib/format.js';
import { factsOf, loadsWithoutArgs, type Block, type ExitAt, type Facts, type Step, type VectorLike } from './rules-facts.js';
import { KERNEL_RULES } from './rules-kernel.js';
import type { Rule } from './rules-kernel.js';

export type { Facts, VectorLike } from './rules-facts.js';
export type { Rule } from './rules-kernel.js';

// ---------------------------------------------------------------------------------------------
// Code facts, from the bytes

type Image = NonNullable<Facts['image']>;
const opAt = (image: Image | null, pc: number): number | null =>
  image !== null && pc >= 0 && pc < image.code.length && (image.bitmask[pc] ?? 0) !== 0 ? image.code[pc] ?? 0 : null;
const byteAt = (image: Image, i: number): number => (i >= 0 && i < image.code.length ? image.code[i] ?? 0 : 0);
const nameOf = (op: number | null): string | null => (op === null ? null : OPCODES.get(op)?.name ?? null);
const isStore = (op: number | null): boolean => nameOf(op)?.startsWith('store_') ?? false;
const isLoad = (op: number | null): boolean => /^load_(ind_)?[ui](8|16|32|64)$/.test(nameOf(op) ?? '');
const isThreeReg = (op: number | null): boolean => op !== null && op >= 190 && op <= 230;
const isStaticJump = (op: number | null): boolean => op !== null && (op === 40 || op === 80 || (op >= 81 && op <= 90) || (op >= 170 && op <= 175));
const isDynamicJump = (op: number | null): boolean => op === 50 || op === 180;
/** The uncapped skip is more than 24: no instruction start among the 25 bytes after pc, all inside the code. */
function skipCapped(image: Image, pc: number): boolean {
  if (pc + 25 >= image.code.length) return false; // a position past the end counts as a start
  for (let j = 1; j <= 25; j++) if ((image.bitmask[pc + j] ?? 0) !== 0) return false;
  return true;
}
const pageOf = (pages: Facts['pages'], address: bigint): Facts['pages'][number] | undefined =>
  pages.find((p) => BigInt(p.address) <= address && address < BigInt(p.address) + BigInt(p.length));

// ---------------------------------------------------------------------------------------------
// Operand facts, from the decoded operands and the registers before the instruction

const r = (st: Step, i: number): bigint => st.regs[i] ?? 0n;
const MASK64 = (1n << 64n) - 1n;
const signed = (v: bigint, bits: bigint): bigint => (v >= 1n << (bits - 1n) ? v - (1n << bits) : v);

/** The value shifted and the shift amount of an arithmetic right shift (0001), else null. */
function sharOperands(st: Step): { value: bigint; amount: bigint; bits: bigint } | null {
  const o = st.ops;
  if (o === null) return null;
  switch (st.op) {
    case 140: return { value: r(st, o.rb), amount: o.x, bits: 32n }; // shar_r_imm_32: φB >> x
    case 146: return { value: o.x, amount: r(st, o.rb), bits: 32n }; // alt: x >> φB
    case 153: return { value: r(st, o.rb), amount: o.x, bits: 64n };
    case 157: return { value: o.x, amount: r(st, o.rb), bits: 64n };
    case 199: return { value: r(st, o.ra), amount: r(st, o.rb), bits: 32n }; // shar_r_32: φA >> φB
    case 209: return { value: r(st, o.ra), amount: r(st, o.rb), bits: 64n };
    default: return null;
  }
}

/**
 * Floor and truncation differ: a negative value with a shifted-out 1 bit; or, 64-bit, a shift of 63 of
 * a negative value (Lean's divisor 2^63 wraps to -2^63: min >> 63 = 1, any other negative gives 0).
 */
function sharRoundingMatters(st: Step): boolean {
  const s = sharOperands(st);
  if (s === null) return false;
  const v = signed(s.value & ((1n << s.bits) - 1n), s.bits);
  const n = s.amount % s.bits;
  return v < 0n && ((v & ((1n << n) - 1n)) !== 0n || (s.bits === 64n && n === 63n));
}

/** sign_extend_8/16 (0002) where Lean's whole-register extension differs: sign bit clear and bits above it set. */
function signExtendTruncationMatters(st: Step): boolean {
  if ((st.op !== 108 && st.op !== 109) || st.ops === null) return false;
  const bits = st.op === 108 ? 8n : 16n;
  const v = r(st, st.ops.rb);
  return ((v >> (bits - 1n)) & 1n) === 0n && v >= 1n << bits;
}

/** The effective address and width of a load or store (0008), else null. */
function access(st: Step): { address: bigint; width: number } | null {
  const o = st.ops;
  if (o === null) return null;
  const w4 = [1, 2, 4, 8];
  const w7 = [1, 1, 2, 2, 4, 4, 8];
  const op = st.op;
  if (op >= 52 && op <= 58) return { address: o.x & MASK64, width: w7[op - 52] ?? 1 }; // load_uN [x]
  if (op >= 124 && op <= 130) return { address: (r(st, o.rb) + o.x) & MASK64, width: w7[op - 124] ?? 1 }; // load_ind [φB + x]
  if (op >= 59 && op <= 62) return { address: o.x & MASK64, width: w4[op - 59] ?? 1 }; // store_uN [x]
  if (op >= 30 && op <= 33) return { address: o.x & MASK64, width: w4[op - 30] ?? 1 }; // store_imm [x]
  if (op >= 70 && op <= 73) return { address: (r(st, o.ra) + o.x) & MASK64, width: w4[op - 70] ?? 1 }; // store_imm_ind [φA + x]
  if (op >= 120 && op <= 123) return { address: (r(st, o.rb) + o.x) & MASK64, width: w4[op - 120] ?? 1 }; // store_ind [φB + x]
  return null;
}

/** An access at or above 2^32, or one running over 2^32: reduced mod 2^32 (0008) or a fault (Lean's page check). */
function addressWidthMatters(st: Step): boolean {
  const a = access(st);
  return a !== null && a.address + BigInt(a.width) > 1n << 32n;
}

// ---------------------------------------------------------------------------------------------
// Gas block facts (jar1 single-pass costs)

/** The instruction starts of the block at start, up to its terminator or the end of the code. */
function blockPcs(b: Block): number[] {
  const out: number[] = [];
  let pc: number | null = b.start;
  while (pc !== null && pc < b.image.code.length && out.length < b.image.code.length) {
    out.push(pc);
    const next = nextPc(b.image, pc);
    pc = isTerminator(b.image.code[pc] ?? 0) || next >= b.image.code.length ? null : next;
  }
  return out;
}

/** A jar1 block whose cost under the tier differs from its cost at the flat 25 (0012). */
const tierMatters = (b: Block): boolean =>
  b.profile === 'jar1' && b.memCycles !== 25 && b.start < b.image.code.length
  && singlePassBlockCost(b.image, b.start, b.memCycles) !== singlePassBlockCost(b.image, b.start, 25);

const SHIFT_SLOT_OPS = new Set([197, 198, 199, 207, 208, 209, 220, 221, 222, 223]);
/** A jar1 block holding one of the rows 0013 decides (see the header). */
function costTableMatters(b: Block): boolean {
  if (b.profile !== 'jar1') return false;
  const len = b.image.code.length;
  return blockPcs(b).some((pc) => {
    const op = b.image.code[pc] ?? 0;
    if (op === 101 || op === 111) return true; // Lean's default row
    const c = instructionCost(b.image, pc, b.memCycles);
    if (c.dst.length + c.src.length > 0 && pc + 1 >= len) return true; // register byte 1 past the end: r0, not r12
    if (isThreeReg(op) && pc + 2 >= len) return true; // byte 2 (rD) past the end
    const b1 = b.image.code[pc + 1] ?? 0;
    return SHIFT_SLOT_OPS.has(op) && (b1 & 15) !== b1 >> 4 && Math.min(12, b1 & 15) === Math.min(12, b1 >> 4);
  });
}

// ---------------------------------------------------------------------------------------------
// The rules

const exitsOf = (f: Facts, kind: string): ExitAt[] => f.exits.filter((e) => e.exit.kind === kind);
const coreExits = (f: Facts, kind: string): ExitAt[] => exitsOf(f, kind).filter((e) => e.core);
/** An instruction started at an instruction start satisfies p. */
const ran = (f: Facts, p: (st: Step) => boolean): boolean => f.steps.some((st) => (st.image.bitmask[st.pc] ?? 0) !== 0 && st.pc < st.image.code.length && p(st));
const ranOp = (f: Facts, p: (op: number, st: Step) => boolean): boolean => ran(f, (st) => p(st.op, st));
const panicsAt = (f: Facts, p: (op: number | null, pc: number) => boolean): boolean => coreExits(f, 'panic').some((e) => p(opAt(f.image, e.pc), e.pc));
const faultAddress = (e: ExitAt): bigint | null => (e.exit.kind === 'fault' ? fromU64(e.exit.address) : null);
/** The run exits with a page fault, or (under the kernel) a VM stops with one. */
const faults = (f: Facts): boolean => exitsOf(f, 'fault').length > 0 || f.transitions.some((t) => t.event.cause === 'fault');
/** An exit inside a gas block: an instruction after it would have been charged with it. */
const insideBlock = (f: Facts, e: ExitAt): boolean => {
  if (f.image === null) return false;
  if (e.pc >= f.image.code.length) return true; // the implicit trap, counted in the block that reached it
  const op = opAt(f.image, e.pc);
  return op === null || !isTerminator(op);
};
const reg = (nibble: number): number => Math.min(12, nibble);
/** Args that only fail to place: the blob loads without them. */
const argsRejected = (f: Facts): boolean => {
  if (f.v.runner !== 'program' || f.loadClass !== 'out_of_bounds') return false;
  const input = f.v.input as Jar1ProgramInput;
  return input.args.length > 0 && loadsWithoutArgs(input.blob);
};
/** load_imm_jump_ind whose order matters: rA = rB and φB ≠ x (old vs new φB), or a panic that keeps φA := x ≠ old φA. */
const ljiOrderMatters = (st: Step): boolean =>
  st.op === 180 && st.ops !== null
  && ((st.ops.ra === st.ops.rb && r(st, st.ops.rb) !== (st.ops.x & MASK64)) || (st.stop === 'panic' && r(st, st.ops.ra) !== (st.ops.x & MASK64)));

const CORE_RULES: readonly Rule[] = [
  {
    note: '0001', says: 'an arithmetic right shift is executed on a negative value with a 1 bit shifted out (or, 64-bit, by 63): floor and truncation differ',
    applies: (f) => ran(f, sharRoundingMatters),
  },
  {
    note: '0002', says: 'sign_extend_8/16 is executed on a value with its sign bit clear and a bit above it set (truncating first matters)',
    applies: (f) => ran(f, signExtendTruncationMatters),
  },
  {
    note: '0003', says: 'a three-register instruction whose destination byte B2 gives different registers as min(12, B2) and min(12, B2 & 15) is executed',
    applies: (f) => ranOp(f, (op, st) => isThreeReg(op) && reg(byteAt(st.image, st.pc + 2)) !== reg(byteAt(st.image, st.pc + 2) & 15)),
  },
  {
    note: '0004', says: 'load_imm_jump_ind (180) is executed with rA = rB and φB ≠ x, or panics having written φA := x ≠ its old value',
    applies: (f) => ran(f, ljiOrderMatters),
  },
  {
    note: '0005', says: 'a dynamic jump (50, 180) panics, or a core run halts (the halt address)',
    applies: (f) => panicsAt(f, (op) => isDynamicJump(op)) || coreExits(f, 'halt').length > 0,
  },
  {
    note: '0006', says: 'a static jump or branch panics (its target is not a basic-block start)',
    applies: (f) => panicsAt(f, (op) => isStaticJump(op)),
  },
  { note: '0007', says: 'the run exits with a page fault, or a VM under the kernel stops with one (its address is the page base)', applies: faults },
  {
    note: '0008', says: 'a load or store is executed whose effective address, or its last byte, is at or above 2^32',
    applies: (f) => ran(f, addressWidthMatters),
  },
  {
    note: '0009', says: 'a store faults on a read-only page of the input',
    applies: (f) => coreExits(f, 'fault').some((e) => {
      const a = faultAddress(e);
      return a !== null && isStore(opAt(f.image, e.pc)) && pageOf(f.pages, a)?.access === 'R';
    }),
  },
  { note: '0010', says: 'a core run ends out of gas (gas 0, pc at the block start)', applies: (f) => coreExits(f, 'oog').length > 0 },
  {
    note: '0012', says: 'jar1: a gas block is charged whose cost at the memCycles tier of the run differs from its cost at 25',
    applies: (f) => f.blocks.some(tierMatters),
  },
  {
    note: '0013', says: 'jar1: a gas block is charged that holds sbrk (101), reverse_bytes (111), a register byte past the end of the code, or a 3-reg shift/rotate whose raw nibbles differ but clamp equal',
    applies: (f) => f.blocks.some(costTableMatters),
  },
  { note: '0014', says: 'ecall (3) is executed (it ends a gas block)', applies: (f) => ranOp(f, (op) => op === 3) || coreExits(f, 'ecall').length > 0 },
  { note: '0015', says: 'the run panics at opcode 101 (sbrk)', applies: (f) => panicsAt(f, (op) => op === 101) },
  { note: '0016', says: 'the run traps at pc ≥ |code|', applies: (f) => coreExits(f, 'trap').some((e) => f.image !== null && e.pc >= f.image.code.length) },
  { note: '0017', says: 'the run panics at an instruction start whose opcode is not in the table', applies: (f) => panicsAt(f, (op) => op !== null && !OPCODES.has(op)) },
  {
    note: '0018', says: 'the run panics at its entry pc, which is inside the code but not an instruction start',
    applies: (f) => panicsAt(f, (op, pc) => op === null && pc === f.entry && f.image !== null && pc < f.image.code.length),
  },
  {
    note: '0019', says: 'a jar1 blob is rejected as out_of_bounds (not by its args) or invalid_code',
    applies: (f) => (f.loadClass === 'out_of_bounds' && !argsRejected(f)) || f.loadClass === 'invalid_code',
  },
  {
    note: '0021', says: 'a jar1 program is charged init gas (DATA pages), or rejected as too_many_pages',
    applies: (f) => f.loadClass === 'too_many_pages'
      || (f.v.runner === 'program' && f.v.profile === 'jar1' && (f.v.expected as Jar1ProgramExpected).accepted && fromU64((f.v.expected as Jar1ProgramExpected).initGas) !== 0n),
  },
  {
    note: '0022', says: 'a jar1 program is given non-empty args (placed, or rejected as out_of_bounds only because of them)',
    applies: (f) => f.v.runner === 'program' && f.v.profile === 'jar1' && ((f.v.expected as Jar1ProgramExpected).accepted ? (f.v.input as Jar1ProgramInput).args.length > 0 : argsRejected(f)),
  },
  { note: '0023', says: 'the run exits with a page fault, or a VM under the kernel stops with one (pc kept at the faulting instruction)', applies: faults },
  { note: '0024', says: 'an instruction whose skip is capped at 24 is executed', applies: (f) => ranOp(f, (_op, st) => skipCapped(st.image, st.pc)) },
  {
    note: '0025', says: 'a core run exits at ecalli with an id ≥ 2^31 (the sign-extended immediate, low 32 bits)',
    applies: (f) => coreExits(f, 'ecalli').some((e) => e.exit.kind === 'ecalli' && e.exit.id >= 0x8000_0000),
  },
  {
    note: '0026', says: 'gp: a core run ends out of gas, or faults, panics or traps inside a gas block (charged at block entry)',
    applies: (f) => f.v.profile === 'gp' && f.exits.some((e) => e.core && (e.exit.kind === 'oog' || (['fault', 'panic', 'trap'].includes(e.exit.kind) && insideBlock(f, e)))),
  },
  {
    note: '0027', says: 'gp: a load or store panics (guard zone); jar1: a fault below 0x10000 (no guard zone)',
    applies: (f) => (f.v.profile === 'gp' && panicsAt(f, (op) => isLoad(op) || isStore(op)))
      || (f.v.profile === 'jar1' && (exitsOf(f, 'fault').some((e) => (faultAddress(e) ?? 0x10000n) < 0x10000n)
        || f.transitions.some((t) => t.event.cause === 'fault' && t.event.arg < 0x10000))),
  },
  { note: '0028', says: 'unlikely (2) is executed (it ends a gas block)', applies: (f) => ranOp(f, (op) => op === 2) },
  { note: '0031', says: 'a jar1 blob is rejected as bad_magic', applies: (f) => f.loadClass === 'bad_magic' },
  { note: '0053', says: 'a jar1 blob is rejected as too_many_code_caps', applies: (f) => f.loadClass === 'too_many_code_caps' },
  { note: '0055', says: 'a core run exits at a host call (ecalli, ecall) with the next pc', applies: (f) => coreExits(f, 'ecalli').length > 0 || coreExits(f, 'ecall').length > 0 },
];

/** Every rule: the core rules above and the kernel rules (./rules-kernel.ts), by note. */
export const RULES: readonly Rule[] = [...CORE_RULES, ...KERNEL_RULES].sort((a, b) => (a.note < b.note ? -1 : 1));

/**
 * Kernel notes a case table names on a case that no rule derives them for, by note: which cases (or
 * every case of a runner) and why. harness/test/vectors-notes.test.ts checks that every other kernel
 * note (0029-0054) a kernel or jar1 program case names is derived, and that each case listed here names
 * its note and is not derived (no stale entry).
 */
export const NAMED_ONLY: Readonly<Record<string, { readonly why: string; readonly cases?: readonly string[]; readonly runner?: 'program' }>> = {
  '0029': {
    why: 'the root stores into its own DATA cap and CALL-on-DATA copies the byte: one flat memory (the other option) gives the same bytes; the case pins the backing-store path',
    cases: ['prog_store_writes_backing_of_own_cap'],
  },
  '0034': {
    why: 'the child is given 0 gas and runs out at its first block: a core out-of-gas, not a kernel charge; the case pins the status the caller sees',
    cases: ['prog_call_with_exactly_overhead_gives_child_zero_gas'],
  },
  '0039': { why: 'bit 63 selects a protocol cap, copyable under every option; the case pins that bit 63 selects slot 63', cases: ['prog_create_bitmask_bit_63'] },
  '0043': {
    why: 'a program vector does not show a stopped callee\'s gas (a RESUME gives fresh gas), and a REPLY zeroes it under both options',
    cases: ['reply_child_returns_to_caller'], runner: 'program',
  },
  '0044': { why: 'φ12 = 0 names no IPC slot under any option; the case pins that the cap in slot 0 is not passed', cases: ['prog_args_slot_0_cap_not_passed_by_call_without_ipc'] },
  '0045': {
    why: 'SET_MAX_GAS on a HANDLE, where both options agree, and CALLs through the ceilings it set; the cases pin the ceiling',
    cases: ['set_max_gas_on_handle', 'prog_call_callable_keeps_max_gas', 'prog_downgrade_keeps_max_gas', 'prog_set_max_gas_0_then_call',
      'prog_set_max_gas_1000_then_call', 'prog_set_max_gas_107_then_call', 'prog_set_max_gas_50000_then_call', 'prog_set_max_gas_through_indirection'],
  },
  '0046': { why: 'φ10 = 0 maps read-only under both options; the cases pin the read-only mapping', cases: ['map_access_0_read_only', 'prog_map_access_0_read_only_load', 'prog_map_access_0_read_only_store_faults'] },
  '0047': { why: 'a program vector does not show the original bits', runner: 'program' },
  '0053': { why: 'the init layout (cap order, DATA carving, UNTYPED) decides every loaded program; only the cases about it name it', runner: 'program' },
};

/** The notes whose decision the vector's expected value depends on (RULES), sorted. */
export function notesExercised(v: VectorLike): string[] {
  const f = factsOf(v);
  return RULES.filter((rule) => rule.applies(f)).map((rule) => rule.note).sort();
}

/** The rules that apply to a vector, with their sentences (for reports). */
export function rulesExercised(v: VectorLike): Rule[] {
  const f = factsOf(v);
  return RULES.filter((rule) => rule.applies(f));
}
