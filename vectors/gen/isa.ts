/**
 * isa cases: for every opcode of the table, one case per edge class of its family (the classes are
 * listed by `edgesOf`, which the coverage test walks), plus invalid opcodes. Each case runs the
 * instruction under test at pc 0 (or 1) followed by traps, from registers that hold distinct
 * background values, so a write to a wrong register shows. Memory: one RW page at 0x20000, one RO
 * page at 0x21000, nothing else (0x22000 up is unmapped).
 */
import { OPCODES, type Format } from '../../model/decode/opcodes.js';
import { codeJson, memoryJson, u64, type IsaExpected, type IsaInput } from '../lib/format.js';
import type { CodeImage, MemoryChunk, PageRange } from '../lib/types.js';
import {
  bytes, image, len, noArgs, oneImm, oneOffset, op, PAD, regExtImm, regImm, regImmOffset, regTwoImm, threeReg, TRAP, twoImm, twoReg,
  twoRegImm, twoRegOffset, twoRegTwoImm,
} from './asm.js';
import { BOTH, type Case } from './case.js';

export const ONES = 0xffffffffffffffffn;
export const RW = 0x20000;
export const RO = 0x21000;
export const UNMAPPED = 0x30000;
export const PAGES: readonly PageRange[] = [{ address: RW, length: 4096, access: 'W' }, { address: RO, length: 4096, access: 'R' }];
export const MEMORY: readonly MemoryChunk[] = [
  { address: RW, bytes: bytes('8102830485068708') },
  { address: RO, bytes: bytes('11f213f415f617f8') },
  { address: RO + 4088, bytes: bytes('f1f2f3f4f5f6f7f8') },
];

/** Background registers: r_i = 0x1000·(i+1), so each register is distinct and non-zero. */
export const background = (): bigint[] => Array.from({ length: 13 }, (_, i) => BigInt(0x1000 * (i + 1)));

export interface IsaSetup {
  readonly code: CodeImage;
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly pc?: number;
  readonly gas?: bigint;
  readonly pages?: readonly PageRange[];
  readonly memory?: readonly MemoryChunk[];
  readonly memoryPages?: number;
}

/** The isa input of a setup (default: pc 0, gas 10000, the two pages, background registers). */
export function isaInput(s: IsaSetup): IsaInput {
  const regs = background();
  for (const [i, v] of Object.entries(s.regs ?? {})) regs[Number(i)] = BigInt.asUintN(64, v);
  return {
    code: codeJson(s.code), memoryPages: s.memoryPages ?? 0, pc: s.pc ?? 0, gas: u64(s.gas ?? 10_000n), regs: regs.map(u64),
    pages: [...(s.pages ?? PAGES)], memory: memoryJson(s.memory ?? MEMORY),
  };
}

export interface Edge {
  readonly edge: string;
  readonly description: string;
  readonly setup: IsaSetup;
  /** Hand-derived intent: the exit kind and pc the case must end with. */
  readonly ends?: { readonly kind: string; readonly pc: number };
}

const one = (instr: string, regs: Record<number, bigint> = {}): IsaSetup => ({ code: image([instr, TRAP]), regs });
/** The instruction then a trap: a normal completion ends in a trap right after it. */
const fallsThrough = (instr: string): { kind: string; pc: number } => ({ kind: 'trap', pc: len(instr) });

const width = (name: string): number => {
  const m = /(u|i)(8|16|32|64)$/.exec(name);
  return m ? Number(m[2]) / 8 : 1;
};

/** Loads: ok, from a read-only page, unmapped, and (wider than a byte) straddling into the unmapped page. */
function loadEdges(name: string, build: (address: number) => string): Edge[] {
  const w = width(name);
  const e: Edge[] = [
    { edge: 'ok', description: `${name} from the RW page (first byte 0x81: sign bit set)`, setup: one(build(RW)), ends: fallsThrough(build(RW)) },
    { edge: 'read_only_page_ok', description: `${name} from the RO page`, setup: one(build(RO)), ends: fallsThrough(build(RO)) },
    { edge: 'unmapped_faults', description: `${name} from an unmapped page faults at its base`, setup: one(build(UNMAPPED)), ends: { kind: 'fault', pc: 0 } },
  ];
  if (w > 1) e.push({ edge: 'straddle_into_unmapped_faults', description: `${name} whose last byte is in the unmapped page after RO`, setup: one(build(RO + 4096 - 1)), ends: { kind: 'fault', pc: 0 } });
  return e;
}

/** Stores: ok, to a read-only page, unmapped, and (wider than a byte) straddling RW into RO. */
function storeEdges(name: string, build: (address: number) => string): Edge[] {
  const w = width(name);
  const e: Edge[] = [
    { edge: 'ok', description: `${name} into the RW page`, setup: one(build(RW + 8)), ends: fallsThrough(build(RW + 8)) },
    { edge: 'read_only_faults', description: `${name} into the RO page faults`, setup: one(build(RO)), ends: { kind: 'fault', pc: 0 } },
    { edge: 'unmapped_faults', description: `${name} into an unmapped page faults`, setup: one(build(UNMAPPED)), ends: { kind: 'fault', pc: 0 } },
  ];
  if (w > 1) e.push({ edge: 'straddle_into_read_only_faults', description: `${name} from the end of RW into RO writes nothing`, setup: one(build(RO - 1)), ends: { kind: 'fault', pc: 0 } });
  return e;
}

/** Branch values [a, b] that take / do not take each condition (a compared with b). */
const BRANCH_VALUES: Readonly<Record<string, readonly [[bigint, bigint], [bigint, bigint]]>> = {
  eq: [[5n, 5n], [5n, 6n]], ne: [[5n, 6n], [5n, 5n]],
  lt_u: [[5n, 6n], [6n, 5n]], le_u: [[5n, 5n], [6n, 5n]], ge_u: [[6n, 5n], [5n, 6n]], gt_u: [[6n, 5n], [5n, 5n]],
  lt_s: [[-1n, 0n], [0n, -1n]], le_s: [[-1n, -1n], [0n, -1n]], ge_s: [[0n, -1n], [-1n, 0n]], gt_s: [[0n, -1n], [-1n, -1n]],
};

/** Branches: taken, not taken, and taken to a target that is not a basic-block start (spec-notes/0006). */
function branchEdges(name: string, build: (a: bigint, b: bigint, off: number) => string): Edge[] {
  const cond = name.replace(/^branch_/, '').replace(/_imm$/, '');
  const values = BRANCH_VALUES[cond];
  if (values === undefined) throw new Error(`case table: no branch values for ${name}`);
  const [[ta, tb], [na, nb]] = values;
  const l = len(build(0n, 0n, 0));
  // Layout: branch @0, trap @l, trap @l+1 (both block starts); a taken branch ends at l+1, a fall-through at l.
  const taken = build(ta, tb, l + 1);
  const notTaken = build(na, nb, l + 1);
  // Bad target: branch @0, move_reg @l (not a terminator), trap @l+2: l+2 is an instruction start but not a block start.
  const bad = build(ta, tb, l + 2);
  return [
    { edge: 'taken', description: `${name} with a condition that holds jumps to the target`, setup: { code: image([taken, TRAP, TRAP]), regs: { 7: ta, 8: tb } }, ends: { kind: 'trap', pc: l + 1 } },
    { edge: 'not_taken', description: `${name} with a condition that fails falls through`, setup: { code: image([notTaken, TRAP, TRAP]), regs: { 7: na, 8: nb } }, ends: { kind: 'trap', pc: l } },
    { edge: 'taken_to_non_block_start_panics', description: `${name} taken to an instruction that does not start a block panics`, setup: { code: image([bad, PAD, TRAP]), regs: { 7: ta, 8: tb } }, ends: { kind: 'panic', pc: 0 } },
  ];
}

/** Static jumps: to a block start, and to a mid-block instruction (spec-notes/0006). */
function staticJumpEdges(name: string, build: (off: number) => string): Edge[] {
  const l = len(build(0));
  return [
    { edge: 'ok', description: `${name} to a block start`, setup: { code: image([build(l + 1), TRAP, TRAP]) }, ends: { kind: 'trap', pc: l + 1 } },
    { edge: 'target_not_block_start_panics', description: `${name} to a mid-block instruction panics`, setup: { code: image([build(l + 2), PAD, TRAP]) }, ends: { kind: 'panic', pc: 0 } },
  ];
}

/**
 * Dynamic jumps (spec-notes/0005): trap @0, the jump @1, trap, move_reg @L+1, trap @L+3, from pc 1; table [L+1, 0, L+3].
 * Address a = 2k selects entry k-1. `build(addrReg, imm)` gives the jump reading the address from r7.
 */
function djumpEdges(name: string, build: (imm: number) => string): Edge[] {
  const j = build(0);
  const l = 1 + len(j);
  const table = [l + 1, 0, l + 3];
  const code = (instr: string): CodeImage => image([TRAP, instr, TRAP, PAD, TRAP], table);
  const at = (edge: string, description: string, a: bigint, ends: { kind: string; pc: number }, imm = 0): Edge =>
    ({ edge, description, setup: { code: code(build(imm)), pc: 1, regs: { 7: a } }, ends });
  return [
    at('ok', `${name} through entry 0 to a block start`, 2n, { kind: 'trap', pc: l + 3 }),
    at('address_wraps_mod_2_32', `${name} address (φ + imm) is reduced mod 2^32`, 0xffffffffn, { kind: 'trap', pc: l + 3 }, 3),
    at('halt_address_halts', `${name} to 0xFFFF0000 halts`, 0xffff0000n, { kind: 'halt', pc: 1 }),
    at('address_zero_panics', `${name} to address 0 panics`, 0n, { kind: 'panic', pc: 1 }),
    at('odd_address_panics', `${name} to an odd address panics`, 3n, { kind: 'panic', pc: 1 }),
    at('index_beyond_table_panics', `${name} past the jump table panics`, 8n, { kind: 'panic', pc: 1 }),
    at('table_entry_zero_jumps_to_pc_0', `${name} through an entry of 0 jumps to pc 0`, 4n, { kind: 'trap', pc: 0 }),
    at('target_not_block_start_panics', `${name} through an entry that is not a block start panics`, 6n, { kind: 'panic', pc: 1 }),
  ];
}

const isShift = (n: string): boolean => /^(shlo|shar|rot)_/.test(n);
const is32 = (n: string): boolean => /_32(_|$)/.test(n) || /_32_imm/.test(n);
const isAlt = (n: string): boolean => n.includes('_alt');

/** Edge classes of a three-register ALU opcode: rD = r9, from rA = r7 and rB = r8. */
function threeRegEdges(name: string): Edge[] {
  const o = op(name);
  const instr = threeReg(o, 7, 8, 9);
  const c = (edge: string, description: string, a: bigint, b: bigint): Edge => ({ edge, description, setup: one(instr, { 7: a, 8: b }), ends: fallsThrough(instr) });
  const e = [
    c('basic', `${name} of two positive operands`, 0x0123456789abcdefn, 0x13n),
    c('negative_operands', `${name} of two negative operands`, 0xfedcba9876543210n, -5n),
  ];
  if (/^(div|rem)_/.test(name)) e.push(c('by_zero', `${name} by zero`, 0x0123456789abcdefn, 0n));
  if (/^(div|rem)_s_/.test(name)) e.push(c('min_by_minus_one', `${name} of the most negative value by -1 (overflow)`, is32(name) ? -0x80000000n : -(2n ** 63n), -1n));
  if (isShift(name)) e.push(c('amount_over_width', `${name} by an amount past the width (only the low bits count)`, 0x0123456789abcdefn, is32(name) ? 35n : 67n));
  if (/^(set_lt|max|min)/.test(name)) {
    e.push(c('a_below_b', `${name} with rA < rB`, 1n, 2n), c('a_above_b', `${name} with rA > rB`, 3n, 2n), c('equal', `${name} with rA = rB`, 2n, 2n));
    e.push(c('signs_differ', `${name} of -1 and 1 (signed and unsigned orders disagree)`, -1n, 1n));
  }
  if (/^cmov_/.test(name)) e.push(c('cond_zero', `${name} with rB = 0`, 0x77n, 0n), c('cond_nonzero', `${name} with rB ≠ 0`, 0x77n, 1n));
  if (is32(name)) e.push(c('upper_halves_ignored', `${name} of operands whose upper 32 bits are set`, 0xffffffff00000001n, 0xaaaaaaaa00000003n));
  return e;
}

/** Edge classes of a two-register-one-immediate ALU opcode: rA = r7 (dest) from rB = r8 and imm. */
function regImmAluEdges(name: string): Edge[] {
  const o = op(name);
  const c = (edge: string, description: string, bv: bigint, imm: bigint): Edge => {
    const instr = twoRegImm(o, 7, 8, imm);
    return { edge, description, setup: one(instr, { 7: 0xaaaan, 8: bv }), ends: fallsThrough(instr) };
  };
  const e = [
    c('basic', `${name} of a positive register and immediate`, 0x0123456789abcdefn, 0x13n),
    c('negative_operands', `${name} of a negative register and a negative immediate`, 0xfedcba9876543210n, -5n),
  ];
  if (isShift(name)) {
    e.push(isAlt(name)
      ? c('amount_over_width', `${name} by a register amount past the width`, is32(name) ? 35n : 67n, 0x12345678n)
      : c('amount_over_width', `${name} by an immediate amount past the width`, 0x0123456789abcdefn, is32(name) ? 35n : 67n));
  }
  if (/^set_(lt|gt)/.test(name)) {
    e.push(c('reg_below_imm', `${name} with rB < imm`, 1n, 2n), c('reg_above_imm', `${name} with rB > imm`, 3n, 2n));
    e.push(c('signs_differ', `${name} of -1 and 1`, -1n, 1n));
  }
  if (/^cmov_/.test(name)) e.push(c('cond_zero', `${name} with rB = 0`, 0n, 0x77n), c('cond_nonzero', `${name} with rB ≠ 0`, 1n, 0x77n));
  if (is32(name)) e.push(c('upper_half_ignored', `${name} of a register whose upper 32 bits are set`, 0xffffffff00000001n, 3n));
  return e;
}

/** Edge classes of the bit operations (TwoReg): r7 = f(r8). */
function bitsEdges(name: string): Edge[] {
  const instr = twoReg(op(name), 7, 8);
  const c = (edge: string, description: string, v: bigint): Edge => ({ edge, description, setup: one(instr, { 8: v }), ends: fallsThrough(instr) });
  return [
    c('zero', `${name} of 0`, 0n),
    c('all_ones', `${name} of 2^64-1`, ONES),
    c('mixed', `${name} of a mixed pattern`, 0x8000000000f00181n),
    c('upper_half_only', `${name} of a value with only the upper 32 bits set`, 0xffffffff00000000n),
    c('sign_bits', `${name} of 0x8080 (sign bits of the low byte and half-word set)`, 0x8080n),
  ];
}

const MEM_LOAD = ['load_u8', 'load_i8', 'load_u16', 'load_i16', 'load_u32', 'load_i32', 'load_u64'];

/** Every edge class of an opcode, by family. */
export function edgesOf(name: string, format: Format): Edge[] {
  const o = op(name);
  switch (format) {
    case 'NoArgs': {
      if (name === 'trap') return [{ edge: 'basic', description: 'trap stops the machine at its pc', setup: one(TRAP), ends: { kind: 'trap', pc: 0 } }];
      if (name === 'ecall') return [{ edge: 'basic', description: 'ecall exits to the kernel/host with the next pc', setup: one(noArgs(o)), ends: { kind: 'ecall', pc: 1 } }];
      return [{ edge: 'basic', description: `${name} continues at the next instruction`, setup: one(noArgs(o)), ends: { kind: 'trap', pc: 1 } }];
    }
    case 'OneImm':
      return [
        { edge: 'basic', description: 'ecalli 7 exits with id 7 and the next pc', setup: one(oneImm(o, 7)), ends: { kind: 'ecalli', pc: 5 } },
        { edge: 'negative_immediate', description: 'ecalli -1: the id is the low 32 bits of the sign-extended immediate', setup: one(oneImm(o, -1)), ends: { kind: 'ecalli', pc: 5 } },
      ];
    case 'OneRegExtImm':
      return [{ edge: 'basic', description: 'load_imm_64 writes all 64 bits', setup: one(regExtImm(o, 7, 0xfedcba9876543210n)), ends: { kind: 'trap', pc: 10 } }];
    case 'TwoImm':
      return storeEdges(name, (a) => twoImm(o, a, 0x8899aabbn));
    case 'OneOffset':
      return staticJumpEdges(name, (off) => oneOffset(o, off));
    case 'OneRegOneImm':
      if (name === 'jump_ind') return djumpEdges(name, (imm) => regImm(o, 7, imm));
      if (name === 'load_imm') {
        return [
          { edge: 'positive', description: 'load_imm of a positive immediate', setup: one(regImm(o, 7, 0x12345678)), ends: { kind: 'trap', pc: 6 } },
          { edge: 'negative_sign_extends', description: 'load_imm of a negative immediate sign-extends', setup: one(regImm(o, 7, -2)), ends: { kind: 'trap', pc: 6 } },
        ];
      }
      if (MEM_LOAD.includes(name)) return loadEdges(name, (a) => regImm(o, 7, a));
      return storeEdges(name, (a) => regImm(o, 7, a)).map((e) => ({ ...e, setup: { ...e.setup, regs: { 7: 0xfedcba9876543210n } } }));
    case 'OneRegTwoImm':
      return storeEdges(name, (a) => regTwoImm(o, 8, a - 0x100, 0x8899aabbn)).map((e) => ({ ...e, setup: { ...e.setup, regs: { 8: 0x100n } } }));
    case 'OneRegImmOffset':
      if (name === 'load_imm_jump') return staticJumpEdges(name, (off) => regImmOffset(o, 7, -3, off));
      return branchEdges(name, (a, b, off) => regImmOffset(o, 7, b, off)).map((e) => ({ ...e, setup: { ...e.setup, regs: { 7: e.setup.regs?.[7] ?? 0n } } }));
    case 'TwoReg':
      if (name === 'move_reg') {
        return [
          { edge: 'basic', description: 'move_reg r7 <- r8', setup: one(twoReg(o, 7, 8), { 8: 0xfedcba9876543210n }), ends: { kind: 'trap', pc: 2 } },
          { edge: 'same_register', description: 'move_reg r7 <- r7 changes nothing', setup: one(twoReg(o, 7, 7)), ends: { kind: 'trap', pc: 2 } },
        ];
      }
      return bitsEdges(name);
    case 'TwoRegOneImm':
      if (name.startsWith('load_ind_')) return loadEdges(name, (a) => twoRegImm(o, 7, 8, a - 0x100)).map((e) => ({ ...e, setup: { ...e.setup, regs: { 8: 0x100n } } }));
      if (name.startsWith('store_ind_')) return storeEdges(name, (a) => twoRegImm(o, 7, 8, a - 0x100)).map((e) => ({ ...e, setup: { ...e.setup, regs: { 7: 0xfedcba9876543210n, 8: 0x100n } } }));
      return regImmAluEdges(name);
    case 'TwoRegOneOffset':
      return branchEdges(name, (_a, _b, off) => twoRegOffset(o, 7, 8, off));
    case 'TwoRegTwoImm':
      return [
        ...djumpEdges(name, (imm) => twoRegTwoImm(o, 9, 7, 0x55, imm)),
        { edge: 'same_register', description: 'load_imm_jump_ind with rA = rB jumps by the old value (spec-notes/0004)', setup: { code: image([TRAP, twoRegTwoImm(o, 7, 7, 0x55, 0), TRAP, PAD, TRAP], [13, 0, 15]), pc: 1, regs: { 7: 2n } }, ends: { kind: 'trap', pc: 15 } },
      ];
    case 'ThreeReg':
      return threeRegEdges(name);
  }
}

/** Invalid opcode bytes: each panics at its pc (spec-notes/0015, 0017). */
export const INVALID_OPCODES: readonly { readonly byte: number; readonly edge: string }[] = [
  { byte: 101, edge: 'sbrk_101' }, { byte: 4, edge: 'byte_4' }, { byte: 11, edge: 'byte_11' }, { byte: 99, edge: 'byte_99' },
  { byte: 231, edge: 'byte_231' }, { byte: 255, edge: 'byte_255' },
];

/** Checks the exit kind and pc a case's description promises. */
export function endsCheck(ends: { kind: string; pc: number } | undefined): Case['check'] {
  if (ends === undefined) return undefined;
  return (x) => {
    const e = x as IsaExpected;
    const kind = e.exit?.kind ?? 'none';
    return kind === ends.kind && e.pc === ends.pc ? null : `expected to end with ${ends.kind} at pc ${ends.pc}, the model ends with ${kind} at pc ${e.pc}`;
  };
}

/** The isa cases of every opcode's edge classes and the invalid opcodes, both profiles. */
export function opcodeCases(): Case[] {
  const out: Case[] = [];
  for (const info of OPCODES.values()) {
    for (const e of edgesOf(info.name, info.format)) {
      const check = endsCheck(e.ends);
      out.push({
        name: `${info.name}_${e.edge}`, runner: 'isa', profiles: BOTH, handler: info.name, edge: e.edge, notes: [], description: e.description,
        input: () => isaInput(e.setup), ...(check ? { check } : {}),
      });
    }
  }
  for (const { byte, edge } of INVALID_OPCODES) {
    out.push({
      name: `invalid_opcode_${edge}`, runner: 'isa', profiles: BOTH, handler: 'invalid_opcode', edge, notes: byte === 101 ? ['0015', '0017'] : ['0017'],
      description: `opcode byte ${byte} is not an instruction: panic at its pc`,
      input: () => isaInput({ code: image([(byte.toString(16).padStart(2, '0')) + '00', TRAP]) }), check: endsCheck({ kind: 'panic', pc: 0 }),
    });
  }
  return out;
}
