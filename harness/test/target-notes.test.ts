/**
 * The spec-note detectors of harness/target/notes.ts. Each positive case takes a committed vector (the
 * model's answer) or a program built here (the model's answer computed by the model), and writes the
 * answer an implementation taking the other decision of the note gives: the typeberry and anan-as
 * behaviour of vectors/ADAPTERS.md, or the Lean or Rust reading the note describes. Each near miss is
 * a different difference on a similar case that the detector must not claim. The note lists asserted
 * for detectNotes are worked out here from the cases, not taken from the detectors.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ENGINES } from '../engines.js';
import { DETECTORS, detectNotes, type DiffContext, type NoteDetector } from '../target/notes.js';
import { expectedOf } from '../vectors/run.js';
import { codeImage } from '../../vectors/lib/code-image.js';
import { codeBlob, gpBlob, manifestBlob, type ManifestEntry } from '../../vectors/lib/containers.js';
import {
  codeJson, toHex, u64,
  type ChunkJson, type DecodeExpected, type GpProgramExpected, type IsaExpected, type IsaInput, type Jar1ProgramExpected,
  type Jar1ProgramInput, type ProgramStepJson, type Vector, type VectorExpected,
} from '../../vectors/lib/format.js';
import { readVector } from '../../vectors/lib/schema.js';
import type { CaseKind } from '../../vectors/lib/target.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// ---- building cases ----

const vector = (rel: string): Vector => readVector(join(ROOT, 'vectors', `${rel}.json`));
const ctxOf = (v: Pick<Vector, 'runner' | 'profile' | 'input' | 'expected'>, actual: unknown): DiffContext =>
  ({ kind: v.runner as CaseKind, profile: v.profile, input: v.input, expected: v.expected, actual: actual as VectorExpected });
const plus = (hex: string, n: number | bigint): string => u64(BigInt(hex) + BigInt(n));
const withRegs = (regs: readonly string[], set: Readonly<Record<number, string>>): string[] => regs.map((r, i) => set[i] ?? r);

/** An isa vector against the model's answer with some fields replaced. */
function isa(rel: string, patch: (want: IsaExpected, input: IsaInput) => Partial<IsaExpected>): DiffContext {
  const v = vector(rel);
  const want = v.expected as IsaExpected;
  return ctxOf(v, { ...want, ...patch(want, v.input as IsaInput) });
}

/** A program vector (gp or jar1) whose exit k is replaced. */
function programStep(rel: string, k: number, patch: (want: ProgramStepJson) => Partial<ProgramStepJson>): DiffContext {
  const v = vector(rel);
  const want = v.expected as GpProgramExpected | Jar1ProgramExpected;
  return ctxOf(v, { ...want, exits: want.exits.map((e, i) => (i === k ? { ...e, ...patch(e) } : e)) });
}

/** A jar1 program or decode vector against an answer with some top-level fields replaced. */
function top(rel: string, patch: Readonly<Record<string, unknown>>): DiffContext {
  const v = vector(rel);
  return ctxOf(v, { ...(v.expected as object), ...patch });
}

/** A gp isa case built here, with the model's answer. */
function isaBuilt(input: IsaInput, actual: (want: IsaExpected) => Partial<IsaExpected>): DiffContext {
  const want = expectedOf(ENGINES.model!, 'isa', 'gp', input) as IsaExpected;
  return ctxOf({ runner: 'isa', profile: 'gp', input, expected: want }, { ...want, ...actual(want) });
}
/** A gp machine state without memory: code bytes and bitmask as written (found by the fuzzer against anan-as and typeberry). */
const bare = (code: string, bitmask: string, pc: number, regs: Readonly<Record<number, string>> = {}, gas = '0x3e8'): IsaInput =>
  ({ code: { code, bitmask, jumpTable: [] }, memoryPages: 0, pc, gas, regs: withRegs(ZERO_REGS, regs), pages: [], memory: [] });
/** div_u_32 r(B2 = 16), then store_ind_u64 based on r12 (an anan-as finding). */
const STORE_AFTER_DIV: IsaInput = {
  code: { code: 'c1d0107bd08a87001e00', bitmask: '1001000010', jumpTable: [] }, memoryPages: 0, pc: 0, gas: '0xa',
  regs: ['0xfffff001', '0x23007', '0xffff0000', '0x8', '0xa', '0x22000', '0xfff9', '0xffff0000', '0xfffffffffffffffc', '0xffffffe3', '0xffffffff', '0xfffffffffffffffe', '0x22008'],
  pages: [{ address: 0x12000, length: 0x1000, access: 'R' }, { address: 0x20000, length: 0x1000, access: 'W' }], memory: [],
};
const gpIsaBuilt = (instrs: string[], gas: bigint, actual: (want: IsaExpected) => Partial<IsaExpected>): DiffContext => isaBuilt({
  code: codeJson(codeImage(instrs)), memoryPages: 0, pc: 0, gas: u64(gas), regs: Array.from({ length: 13 }, (_, i) => u64(BigInt(i + 1) << 12n)),
  pages: [{ address: 0x20000, length: 0x1000, access: 'W' }], memory: [],
}, actual);

/** A jar1 program of one CODE cap (slot 64) built here, with the model's answer. */
function jar1Input(instrs: string[], gas: bigint): Jar1ProgramInput {
  const entries: ManifestEntry[] = [{ slot: 64, type: 0, data: codeBlob(codeImage(instrs)) }];
  return { blob: toHex(manifestBlob(0, 64, entries)), gas: u64(gas), reg7: '0x0', args: '', host: [] };
}
const jar1Want = (input: Jar1ProgramInput): Jar1ProgramExpected => expectedOf(ENGINES.model!, 'program', 'jar1', input) as Jar1ProgramExpected;
function jar1Built(instrs: string[], gas: bigint, steps: (want: Jar1ProgramExpected) => ProgramStepJson[]): DiffContext {
  const input = jar1Input(instrs, gas);
  const want = jar1Want(input);
  const { initial: _initial, ...answer } = want; // a target without the snapshot feature
  return ctxOf({ runner: 'program', profile: 'jar1', input, expected: want }, { ...answer, exits: steps(want) });
}
const step = (want: Jar1ProgramExpected, k = 0): ProgramStepJson => {
  const s = want.exits[k];
  if (s === undefined) throw new Error(`the model's answer has no exit ${k}`);
  return s;
};
const ZERO_REGS: readonly string[] = Array.from({ length: 13 }, () => '0x0');

/** ecalli 1 (GAS) after a pad (then a pad and REPLY); the least gas that pays the block but not the 10-gas dispatch. */
const GAS_CALL = ['6400', '0a01', '6400', '0a00'];
const shortGas = new Map<string, bigint>();
function kernelShortGas(program: readonly string[] = GAS_CALL): bigint {
  const key = program.join(' ');
  for (let g = 1n; !shortGas.has(key) && g < 5000n; g++) {
    const first = step(jar1Want(jar1Input([...program], g)));
    if (first.exit?.kind === 'oog' && first.pc === 2) shortGas.set(key, g);
  }
  const g = shortGas.get(key);
  if (g === undefined) throw new Error('no gas between the block cost and the dispatch charge');
  return g;
}

const detector = (note: string): NoteDetector => {
  const d = DETECTORS.find((x) => x.note === note);
  if (d === undefined) throw new Error(`no detector for ${note}`);
  return d;
};

interface Case {
  /** The detector under test. */
  readonly note: string;
  readonly what: string;
  readonly ctx: () => DiffContext;
  /** What detectNotes must answer for it. */
  readonly notes: readonly string[];
}

// ---- the other decision of each note: must match ----

const POSITIVE: readonly Case[] = [
  { note: '0015', what: 'typeberry runs sbrk (a page fault at 0) where 101 panics', notes: ['0015'],
    ctx: () => isa('gp/isa/invalid_opcode/sbrk_panics_gp', (w) => ({ exit: { kind: 'fault', address: '0x0' }, gas: plus(w.gas, 1) })) },
  { note: '0015', what: 'anan-as runs sbrk and traps after it', notes: ['0015'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_sbrk_101', () => ({ exit: { kind: 'trap' }, pc: 2 })) },
  { note: '0014', what: 'typeberry panics on ecall (3)', notes: ['0014', '0028'],
    ctx: () => isa('gp/isa/ecall/ecall_basic', () => ({ exit: { kind: 'panic' }, pc: 0 })) },
  { note: '0014', what: 'a jump to the pc after an ecall is refused as a block start', notes: ['0014', '0028'],
    ctx: () => isa('gp/isa/jump/jump_to_after_ecall_is_block_start', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0014', what: "ecall not a terminator (Lean): its block runs on to the trap after it, one more gas", notes: ['0014'],
    ctx: () => isa('gp/isa/ecall/ecall_basic', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0014', what: 'ecall not a terminator: with gas 1 the longer block cannot be paid', notes: ['0014'],
    ctx: () => isa('gp/isa/ecall/ecall_ends_gp_gas_block', () => ({ exit: { kind: 'oog' }, pc: 0 })) },
  { note: '0028', what: 'typeberry panics on unlikely (2)', notes: ['0028'],
    ctx: () => isa('gp/isa/unlikely/unlikely_basic', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0028', what: 'a jump to the pc after unlikely is refused', notes: ['0028'],
    ctx: () => isa('gp/isa/jump/only_listed_opcodes_end_blocks', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0028', what: "a jump to the pc after an ecalli is refused (GP's T has no ecalli)", notes: ['0028'],
    ctx: () => gpIsaBuilt(['2804', '0a01', '00'], 10000n, (w) => {
      expect(w.exit).toEqual({ kind: 'trap' }); // the kit jumps to 4 (a block start after the ecalli) and traps there
      return { exit: { kind: 'panic' }, pc: 0, gas: '0x270f' };
    }) },
  { note: '0003', what: 'typeberry and anan-as write B2 mod 16 (r0) instead of r12', notes: ['0003'],
    ctx: () => isa('gp/isa/add_64/add_64_dest_byte_16_clamps_to_r12', (w, i) => ({ regs: withRegs(w.regs, { 0: w.regs[12] ?? '', 12: i.regs[12] ?? '' }) })) },
  { note: '0003', what: 'anan-as: the quotient in r0, not r12, so the store based on r12 faults elsewhere', notes: ['0003'],
    ctx: () => isaBuilt(STORE_AFTER_DIV, (w) => {
      expect(w).toMatchObject({ exit: { kind: 'fault', address: '0x10000' }, pc: 3 });
      return { exit: { kind: 'fault', address: '0x2a000' }, gas: plus(w.gas, 2), regs: withRegs(w.regs, { 0: w.regs[12] ?? '', 12: STORE_AFTER_DIV.regs[12] ?? '' }) };
    }) },
  { note: '0003', what: 'typeberry: sub_64 into r0, which held the difference already; r12 keeps its 0', notes: ['0003'],
    ctx: () => isaBuilt(bare('c9d01000', '1001', 0, { 0: '0xffffffffffffffff', 1: '0x10000' }, '0x2'), (w) => {
      expect(w.regs[12]).toBe('0xffffffffffffffff');
      return { regs: withRegs(w.regs, { 12: '0x0' }) };
    }) },
  { note: '0003', what: 'a jar1 gas model that reads the whole destination byte', notes: ['0003'],
    ctx: () => isa('jar1/isa/add_64/three_reg_gas_reads_dest_byte_low_nibble', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0024', what: 'anan-as caps skip at 25: the trap at 26', notes: ['0024'],
    ctx: () => isa('gp/isa/control/skip_cap_after_terminator_lands_at_pc_25', () => ({ exit: { kind: 'trap' }, pc: 26 })) },
  { note: '0024', what: 'the byte at pc 25 executed although no instruction starts there', notes: ['0024'],
    ctx: () => isa('gp/isa/load_imm/skip_cap_load_imm_continues_at_pc_25', () => ({ exit: { kind: 'trap' } })) },
  { note: '0016', what: 'anan-as panics at a jump to pc = |c|', notes: ['0016'],
    ctx: () => isa('gp/isa/jump/jump_to_code_length_traps', (w) => ({ exit: { kind: 'panic' }, pc: 0, gas: plus(w.gas, 1) })) },
  { note: '0016', what: "Rust's step panics past the end", notes: ['0016'],
    ctx: () => isa('gp/isa/control/fall_off_end_gp_traps', () => ({ exit: { kind: 'panic' } })) },
  { note: '0017', what: "Rust's predecoder skips the invalid byte and reaches the trap", notes: ['0017'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_byte_4', () => ({ exit: { kind: 'trap' }, pc: 2 })) },
  { note: '0018', what: "entry inside an instruction panics for free (Rust's step)", notes: ['0018'],
    ctx: () => isa('gp/isa/control/entry_inside_instruction_charges_block_then_panics', (_w, i) => ({ gas: i.gas })) },
  { note: '0018', what: 'entry inside an instruction panics before the charge that runs out of gas', notes: ['0018'],
    ctx: () => isa('gp/isa/control/entry_inside_instruction_out_of_gas_first', () => ({ exit: { kind: 'panic' } })) },
  { note: '0018', what: 'typeberry runs the bytes at an entry inside an instruction (load_imm_jump_ind writes r0, then panics)', notes: ['0018'],
    ctx: () => isaBuilt(bare('c6b40000', '1001', 1, { 0: '0x10000' }), (w) => {
      expect(w).toMatchObject({ exit: { kind: 'panic' }, pc: 1 });
      return { regs: withRegs(w.regs, { 0: '0x0' }) };
    }) },
  { note: '0018', what: 'typeberry runs a 0 byte at an entry that is no instruction start: a trap', notes: ['0018'],
    ctx: () => isaBuilt(bare('00', '0', 0), (w) => {
      expect(w).toMatchObject({ exit: { kind: 'panic' }, pc: 0 });
      return { exit: { kind: 'trap' } };
    }) },
  { note: '0009', what: 'typeberry panics on a write to a read-only page', notes: ['0009'],
    ctx: () => isa('gp/isa/store_u8/store_u8_read_only_faults', (w) => ({ exit: { kind: 'panic' }, gas: plus(w.gas, 1) })) },
  { note: '0009', what: 'a straddling store into a read-only page panics (jar1)', notes: ['0009'],
    ctx: () => isa('jar1/isa/store_u64/straddling_store_rw_then_ro_writes_nothing', () => ({ exit: { kind: 'panic' } })) },
  { note: '0009', what: "Rust's flat buffer: the store goes through and its byte shows in the read-only page", notes: ['0009'],
    ctx: () => isa('gp/isa/store_u8/store_u8_read_only_faults', (w) => ({ exit: { kind: 'trap' }, pc: 6, memory: w.memory.map((c) => (c.address === 0x21000 ? { ...c, bytes: `10${c.bytes.slice(2)}` } : c)) })) },
  { note: '0009', what: 'the bytes of a straddling store before the read-only page are written', notes: ['0009'],
    ctx: () => isa('gp/isa/store_u64/straddling_store_rw_then_ro_writes_nothing', (w) => ({ memory: [...w.memory, { address: 0x20ffc, bytes: '01020304' } satisfies ChunkJson].sort((a, b) => a.address - b.address) })) },
  { note: '0027', what: "an access below 0x10000 faults on gp (the GP's guard zone missing)", notes: ['0027'],
    ctx: () => isa('gp/isa/load_u8/gp_access_below_0x10000_panics', () => ({ exit: { kind: 'fault', address: '0x8000' } })) },
  { note: '0027', what: "anan-as judges a load wrapping past 2^32 by its start 0xffffffff, not by byte 0: a fault", notes: ['0027'],
    ctx: () => gpIsaBuilt(['390cff', '00'], 40n, (w) => {
      expect(w.exit).toEqual({ kind: 'panic' }); // load_i32 [0xffffffff]: bytes 0xffffffff, 0, 1, 2; the lowest, 0, is in the guard zone
      return { exit: { kind: 'fault', address: '0xfffff000' } };
    }) },
  { note: '0027', what: 'an access below 0x10000 panics on jar1 (a guard zone applied)', notes: ['0027'],
    ctx: () => isa('jar1/isa/load_u8/jar1_access_below_0x10000_faults', () => ({ exit: { kind: 'panic' } })) },
  { note: '0027', what: "Lean's start-address test: a mapped page below 0x10000 panics on gp", notes: ['0027'],
    ctx: () => isa('gp/isa/load_u8/gp_mapped_page_below_0x10000_is_accessible', (_w, i) => ({ exit: { kind: 'panic' }, pc: 0, regs: [...i.regs] })) },
  { note: '0008', what: 'anan-as panics at a store whose 64-bit address is above 2^32 (here 0xffffe2ff mod 2^32: a fault)', notes: ['0008'],
    ctx: () => isaBuilt(bare('911efaffe20000de0000', '1100100100', 0, { 2: '0x10000', 9: '0x10000' }), (w) => {
      expect(w).toMatchObject({ exit: { kind: 'fault', address: '0xffffe000' }, pc: 1 });
      return { exit: { kind: 'panic' }, gas: plus(w.gas, 3) };
    }) },
  { note: '0008', what: "Lean's 64-bit page check faults at 0xffffffff80000000", notes: ['0008'],
    ctx: () => isa('gp/isa/load_u8/load_u8_absolute_negative_immediate_faults_at_2_31', () => ({ exit: { kind: 'fault', address: '0xffffffff80000000' } })) },
  { note: '0007', what: 'typeberry reports the exact address (and charges per instruction)', notes: ['0007'],
    ctx: () => isa('gp/isa/load_u32/load_unaligned_fault_reports_page_base', (w) => ({ exit: { kind: 'fault', address: '0x30123' }, gas: plus(w.gas, 1) })) },
  { note: '0007', what: "Rust's interpreter reports the page of the start address of a straddle", notes: ['0007'],
    ctx: () => isa('jar1/isa/load_u32/load_u32_straddle_into_unmapped_faults', () => ({ exit: { kind: 'fault', address: '0x21000' } })) },
  { note: '0004', what: "Lean drops load_imm_jump_ind's write when the jump panics", notes: ['0004'],
    ctx: () => isa('gp/isa/load_imm_jump_ind/load_imm_jump_ind_write_kept_on_panic', (w, i) => ({ regs: withRegs(w.regs, { 9: i.regs[9] ?? '' }) })) },
  { note: '0004', what: 'Rust reads rB after the write (rA = rB): address 0x55 is odd, panic', notes: ['0004'],
    ctx: () => isa('gp/isa/load_imm_jump_ind/load_imm_jump_ind_same_reg_targets_old_value', (w) => ({ exit: { kind: 'panic' }, pc: 1, gas: '0x270f', regs: withRegs(w.regs, { 7: '0x55' }) })) },
  { note: '0005', what: 'Rust has no halt address: a djump to 0xffff0000 panics', notes: ['0005'],
    ctx: () => isa('gp/isa/jump_ind/djump_halt_address_halts', () => ({ exit: { kind: 'panic' } })) },
  { note: '0005', what: 'Lean has no alignment test: address 3 uses entry 1 (pc 8) and traps at 10', notes: ['0005'],
    ctx: () => isa('gp/isa/jump_ind/djump_odd_address_panics', () => ({ exit: { kind: 'trap' }, pc: 10, gas: '0x270d' })) },
  { note: '0005', what: 'a gp program halting through a djump, run without the halt address', notes: ['0005'],
    ctx: () => programStep('gp/program/basic/gp_program_halts_through_djump', 0, () => ({ exit: { kind: 'panic' } })) },
  { note: '0006', what: 'Lean jumps to a mid-block instruction and traps there', notes: ['0006'],
    ctx: () => isa('gp/isa/jump/jump_to_mid_block_instruction_panics', () => ({ exit: { kind: 'trap' }, pc: 7, gas: '0x270e' })) },
  { note: '0006', what: 'Lean takes a branch to a mid-block instruction, charged from there', notes: ['0006'],
    ctx: () => isa('gp/isa/branch_lt_s/branch_lt_s_taken_to_non_block_start_panics', () => ({ exit: { kind: 'trap' }, pc: 8, gas: '0x270e' })) },
  { note: '0001', what: "Lean's shift rounds -5 >> 1 toward zero (-2)", notes: ['0001'],
    ctx: () => isa('gp/isa/shar_r_64/shar_r_64_negative_rounds_down', (w) => ({ regs: withRegs(w.regs, { 9: '0xfffffffffffffffe' }) })) },
  { note: '0001', what: "Lean's shift by 63 of the minimum gives 1", notes: ['0001'],
    ctx: () => isa('jar1/isa/shar_r_64/shar_r_64_shift_63_of_min_is_minus_one', (w) => {
      const d = w.regs.findIndex((r) => r === '0xffffffffffffffff');
      expect(d).toBeGreaterThanOrEqual(0);
      return { regs: withRegs(w.regs, { [d]: '0x1' }) };
    }) },
  { note: '0002', what: "Lean's sext keeps the high bits of the source", notes: ['0002'],
    ctx: () => isa('gp/isa/sign_extend_8/sign_extend_8_ignores_high_bits', (w, i) => ({ regs: withRegs(w.regs, { 7: i.regs[8] ?? '' }) })) },
  { note: '0055', what: "typeberry reports the host call at the ecalli's own pc", notes: ['0055'],
    ctx: () => isa('gp/isa/ecalli/ecalli_basic', () => ({ pc: 0 })) },
  { note: '0023', what: "Lean's kernel keeps pc 0 after a fault", notes: ['0023'],
    ctx: () => isa('gp/isa/load_u8/page_fault_keeps_pc_at_faulting_instruction', () => ({ pc: 0 })) },
  { note: '0011', what: "Lean's fuel of gas + 1 instructions runs out inside a cheap block", notes: ['0011'],
    ctx: () => isa('jar1/isa/gas/cheap_block_runs_past_gas_plus_one_instructions', () => ({ exit: { kind: 'oog' }, pc: 4 })) },
  { note: '0012', what: "Lean's constant memCycles 25 under a 2049-page manifest", notes: ['0012'],
    ctx: () => isa('jar1/isa/gas/mem_cycles_tier_2049_pages_costs_50', () => ({ gas: (vector('jar1/isa/gas/mem_cycles_tier_2048_pages_costs_25').expected as IsaExpected).gas })) },
  { note: '0013', what: "Rust's 2-cycle row for sbrk", notes: ['0013'],
    ctx: () => isa('jar1/isa/invalid_opcode/sbrk_gas_uses_default_row', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0013', what: "Rust's r12 for a missing operand byte", notes: ['0013'],
    ctx: () => isa('jar1/isa/add_64/missing_operand_byte_reads_as_register_0', (w) => ({ gas: plus(w.gas, -2) })) },
  { note: '0010', what: "Rust leaves the gas untouched on out-of-gas", notes: ['0010'],
    ctx: () => isa('gp/isa/gas/oog_at_block_entry_sets_gas_zero', (_w, i) => ({ gas: i.gas })) },
  { note: '0010', what: 'typeberry runs into the block and stops at the instruction it cannot pay', notes: ['0010', '0026'],
    ctx: () => isa('gp/isa/gas/oog_at_block_entry_sets_gas_zero', (w) => ({ pc: 6, regs: withRegs(w.regs, { 7: '0x81' }) })) },
  { note: '0010', what: 'anan-as on a loop: the second pass runs into the block it cannot pay', notes: ['0010', '0026'],
    ctx: () => isaBuilt(bare('a00028feffffff00', '10100001', 0, {}, '0x3'), (w) => {
      expect(w).toMatchObject({ exit: { kind: 'oog' }, pc: 0, gas: '0x0' });
      return { pc: 2 };
    }) },
  { note: '0026', what: 'typeberry charges the instructions before the panic only', notes: ['0026'],
    ctx: () => isa('gp/isa/gas/gp_block_paid_in_full_before_panic', (w) => ({ gas: plus(w.gas, 2) })) },
  { note: '0026', what: 'typeberry on an invalid opcode: the trap after it is not paid', notes: ['0026'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_byte_4', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0026', what: 'a gp program whose store faults: per-instruction gas', notes: ['0026'],
    ctx: () => programStep('gp/program/basic/gp_program_store_then_fault', 0, (e) => ({ gas: plus(e.gas, 1) })) },
  { note: '0026', what: 'per instruction, the run gets into the unpaid block and faults there', notes: ['0026'],
    ctx: () => gpIsaBuilt(['6400', '3b0000000300', '00'], 2n, (w) => {
      expect(w).toMatchObject({ exit: { kind: 'oog' }, pc: 0 }); // the block (pad, store, trap) costs 3
      return { exit: { kind: 'fault', address: '0x30000' }, pc: 2, gas: '0x0' }; // pad and store paid, the store faults
    }) },
  { note: '0031', what: "a loader that takes Capability.lean's 'H','A','R',2", notes: ['0031'],
    ctx: () => top('jar1/decode/jar_manifest/jar_magic_har2_rejected', { accepted: true, class: null }) },
  { note: '0031', what: "a loader that refuses 'J','A','R',2", notes: ['0031'],
    ctx: () => top('jar1/decode/jar_manifest/jar_magic_jar2_accepted', { accepted: false, class: 'bad_magic' }) },
  { note: '0022', what: 'Rust drops args without a slot-0 DATA cap and runs', notes: ['0022'],
    ctx: () => top('jar1/program/args/args_without_slot_0_data_cap_rejected', { accepted: true, class: null, initGas: '0x5dc', exits: [{ exit: { kind: 'halt', value: '0x0' }, vm: 0, pc: 2, gas: '0xf3bf9', regs: withRegs(ZERO_REGS, { 9: '0x1' }) }] }) },
  { note: '0022', what: 'Lean sets φ8 to the slot-0 base without args', notes: ['0022'],
    ctx: () => programStep('jar1/program/args/no_args_leaves_r8_r9_zero', 0, (e) => ({ regs: withRegs(e.regs, { 8: '0x30000' }) })) },
  { note: '0053', what: "Rust's load error when the init gas is short", notes: ['0053'],
    ctx: () => top('jar1/program/init/init_gas_short_out_of_gas', { accepted: false, class: null, initGas: '0x0', initial: null, exits: [] }) },
  { note: '0053', what: 'a sixth CODE cap accepted', notes: ['0053'],
    ctx: () => top('jar1/decode/jar_manifest/init_six_code_caps_rejected', { accepted: true, class: null }) },
  { note: '0021', what: "Lean's free init: no init gas, 4500 more gas at the exit", notes: ['0021'],
    ctx: () => {
      const v = vector('jar1/program/init/init_gas_1500_per_data_page');
      const want = v.expected as Jar1ProgramExpected;
      return ctxOf(v, { ...want, initGas: '0x0', exits: want.exits.map((e) => ({ ...e, gas: plus(e.gas, 4500) })) });
    } },
  { note: '0021', what: 'the init charge reported but not deducted', notes: ['0021'],
    ctx: () => programStep('jar1/program/init/init_gas_1500_per_data_page', 0, (e) => ({ gas: plus(e.gas, 4500) })) },
  { note: '0021', what: 'init gas short, the program runs anyway', notes: ['0021'],
    ctx: () => programStep('jar1/program/init/init_gas_short_is_out_of_gas_at_pc_0', 0, () => ({ exit: { kind: 'halt', value: '0x0' }, pc: 2, gas: '0xf00' })) },
  { note: '0021', what: 'no page budget: more DATA pages than memory_pages accepted', notes: ['0021'],
    ctx: () => top('jar1/decode/jar_manifest/data_pages_over_memory_pages_rejected', { accepted: true, class: null }) },
  { note: '0056', what: 'Rust loads a code blob ending with ecall', notes: ['0056', '0019'],
    ctx: () => top('jar1/decode/code_blob/jar1_code_ending_in_ecall_rejected', { accepted: true, class: null, image: { code: '33070500000003', bitmask: '1000001', jumpTable: [] } }) },
  { note: '0056', what: 'a manifest whose CODE cap ends with ecall loaded', notes: ['0056', '0019'],
    ctx: () => top('jar1/decode/jar_manifest/jar1_manifest_code_ending_in_ecall_rejected', { accepted: true, class: null }) },
  { note: '0058', what: 'both sources load two entries for one slot', notes: ['0058'],
    ctx: () => top('jar1/decode/jar_manifest/invalid_blob_duplicate_cap', { accepted: true, class: null }) },
  { note: '0058', what: 'both sources load overlapping DATA caps', notes: ['0058'],
    ctx: () => top('jar1/decode/jar_manifest/manifest_nested_data_caps_rejected', { accepted: true, class: null }) },
  { note: '0058', what: 'initial data longer than its DATA cap loaded', notes: ['0058', '0019'],
    ctx: () => top('jar1/decode/jar_manifest/manifest_data_longer_than_cap_rejected', { accepted: true, class: null }) },
  { note: '0058', what: 'a 0-page DATA cap taken to overlap', notes: ['0058'],
    ctx: () => top('jar1/decode/jar_manifest/manifest_zero_page_data_cap_inside_another_accepted', { accepted: false, class: 'overlapping_pages' }) },
  { note: '0059', what: "Lean's deblob and anan-as ignore a trailing byte", notes: ['0059'],
    ctx: () => top('gp/decode/gp_deblob/gp_deblob_trailing_byte_rejected', { accepted: true, class: null, image: { code: '00', bitmask: '1', jumpTable: [] } }) },
  { note: '0059', what: "Lean's deblob rejects z = 0 with an empty table", notes: ['0059'],
    ctx: () => top('gp/decode/gp_deblob/gp_deblob_entry_size_0_empty_table_accepted', { accepted: false, class: 'bad_entry_size', image: null }) },
  { note: '0019', what: "Rust has no basic-block validation: code without a final terminator accepted", notes: ['0019'],
    ctx: () => top('jar1/decode/code_blob/jar1_code_without_final_terminator_rejected', { accepted: true, class: null, image: { code: '33070500000001', bitmask: '1000001', jumpTable: [] } }) },
  { note: '0019', what: 'gp code without a final terminator rejected as invalid code', notes: ['0019'],
    ctx: () => top('gp/decode/gp_deblob/gp_code_without_final_terminator_accepted', { accepted: false, class: 'invalid_code', image: null }) },
  { note: '0019', what: 'a jump-table entry 0 refused (class unknown)', notes: ['0019'],
    ctx: () => top('jar1/decode/code_blob/jar1_jump_table_entry_zero_accepted', { accepted: false, class: null, image: null }) },
  { note: '0019', what: 'bytes after the bitmask inside the sub-blob refused (class unknown)', notes: ['0019'],
    ctx: () => top('jar1/decode/code_blob/jar1_bytes_after_bitmask_accepted', { accepted: false, class: null, image: null }) },
  { note: '0020', what: "Lean maps pages up to 2·base + count: the load at 0x22000 succeeds", notes: ['0020'],
    ctx: () => programStep('jar1/program/init/init_does_not_map_page_after_data_cap', 0, (e) => ({ exit: { kind: 'halt', value: '0x0' }, pc: 8, gas: plus(e.gas, -40) })) },
  { note: '0037', what: 'Rust dispatches on after ecalli 128 and replies', notes: ['0037'],
    ctx: () => jar1Built(['0a8000', '0a00'], 1000n, (w) => {
      expect(step(w)).toMatchObject({ exit: { kind: 'panic' }, pc: 0 });
      return [{ exit: { kind: 'halt', value: '0x0' }, vm: 0, pc: 5, gas: plus(step(w).gas, -20), regs: [...ZERO_REGS] }];
    }) },
  { note: '0037', what: 'Lean writes the immediate into φ7 of the panicking root', notes: ['0037'],
    ctx: () => jar1Built(['0a8000', '0a00'], 1000n, (w) => [{ ...step(w), regs: withRegs(ZERO_REGS, { 7: '0x80' }) }]) },
  { note: '0037', what: 'the 10-gas dispatch charged before the panic', notes: ['0037'],
    ctx: () => jar1Built(['0a8000', '0a00'], 1000n, (w) => [{ ...step(w), gas: plus(step(w).gas, -10) }]) },
  { note: '0040', what: 'Rust has no halt address: the root panics at the jump', notes: ['0040', '0005'],
    ctx: () => jar1Built(['33010000ffff', '3201'], 1000n, (w) => {
      expect(step(w)).toMatchObject({ exit: { kind: 'halt' }, pc: 6 });
      return [{ ...step(w), exit: { kind: 'panic' } }];
    }) },
  { note: '0034', what: 'Rust ignores a dispatch it cannot pay: the call is skipped and the program replies', notes: ['0034'],
    ctx: () => jar1Built(GAS_CALL, kernelShortGas(), (w) => [{ ...step(w), exit: { kind: 'halt', value: '0x0' }, pc: 8 }]) },
  { note: '0034', what: "Lean's out-of-gas with the pc already past the ecalli", notes: ['0034'],
    ctx: () => jar1Built(GAS_CALL, kernelShortGas(), (w) => [{ ...step(w), pc: 4 }]) },
  { note: '0034', what: 'the VM keeps its gas after the kernel charge it could not pay', notes: ['0034', '0010'],
    ctx: () => jar1Built(GAS_CALL, kernelShortGas(), (w) => [{ ...step(w), gas: '0x5' }]) },
  { note: '0048', what: "the recompiler answers GAS inside: no exit at the protocol call, the run replies", notes: ['0048'],
    ctx: () => {
      const v = vector('jar1/program/host/host_answer_sets_r7_r8');
      const want = v.expected as Jar1ProgramExpected;
      const first = want.exits[0];
      expect(first?.exit).toEqual({ kind: 'protocol', id: 1 });
      return ctxOf(v, { ...want, exits: [{ exit: { kind: 'halt', value: '0xf41cb' }, vm: 0, pc: 4, gas: plus(first?.gas ?? '0x0', -20), regs: withRegs(ZERO_REGS, { 7: '0xf41cb' }) }] });
    } },
];

// ---- near misses: a different difference on a similar case ----

const NEGATIVE: readonly Case[] = [
  { note: '0015', what: 'an invalid opcode other than 101 skipped', notes: ['0017'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_byte_4', () => ({ exit: { kind: 'trap' }, pc: 2 })) },
  { note: '0015', what: 'sbrk panics too, only the gas differs (a cost, not sbrk)', notes: ['0013'],
    ctx: () => isa('jar1/isa/invalid_opcode/sbrk_gas_uses_default_row', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0014', what: 'a panic on unlikely, not ecall', notes: ['0028'],
    ctx: () => isa('gp/isa/unlikely/unlikely_basic', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0014', what: "the ecall exit reported at the ecall's own pc", notes: [],
    ctx: () => isa('gp/isa/ecall/ecall_basic', () => ({ pc: 0 })) },
  { note: '0014', what: 'out of gas at the ecall with gas enough for the longer block too', notes: [],
    ctx: () => isa('gp/isa/ecall/ecall_basic', () => ({ exit: { kind: 'oog' }, pc: 0, gas: '0x0' })) },
  { note: '0014', what: 'an ecall exit that used less gas, not more', notes: [],
    ctx: () => isa('gp/isa/ecall/ecall_basic', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0028', what: 'a jump after a trap refused (a block start in every set)', notes: [],
    ctx: () => isa('gp/isa/jump/jump_ok', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0003', what: 'a wrong sum in a destination below 13', notes: [],
    ctx: () => isa('gp/isa/add_64/add_64_basic', (w) => ({ regs: withRegs(w.regs, { 9: plus(w.regs[9] ?? '0x0', 1) }) })) },
  { note: '0003', what: 'the clamped register right, another one wrong', notes: [],
    ctx: () => isa('gp/isa/add_64/add_64_dest_byte_16_clamps_to_r12', (w) => ({ regs: withRegs(w.regs, { 5: '0x5' }) })) },
  { note: '0003', what: 'a jar1 gas difference without a ThreeReg destination byte above 15', notes: [],
    ctx: () => isa('jar1/isa/add_64/add_64_basic', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0024', what: 'an invalid opcode skipped (no capped skip)', notes: ['0017'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_panics_at_its_pc', () => ({ exit: { kind: 'trap' }, pc: 7 })) },
  { note: '0024', what: 'the panic at pc 25 with other gas', notes: [],
    ctx: () => isa('gp/isa/control/skip_cap_after_terminator_lands_at_pc_25', (w) => ({ gas: plus(w.gas, -3) })) },
  { note: '0016', what: 'a panic at a trap instruction inside the code', notes: [],
    ctx: () => isa('gp/isa/trap/trap_basic', () => ({ exit: { kind: 'panic' } })) },
  { note: '0017', what: "typeberry's answer to an invalid opcode: the panic, one gas less", notes: ['0026'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_byte_4', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0017', what: 'the target stopped before the invalid opcode (at pc 0), it did not skip it', notes: [],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_panics_at_its_pc', (_w, i) => ({ exit: { kind: 'trap' }, pc: 0, regs: [...i.regs] })) },
  { note: '0018', what: 'an entry at an instruction start, panicking with other gas', notes: ['0026'],
    ctx: () => isa('gp/isa/invalid_opcode/invalid_opcode_byte_4', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0018', what: 'entry inside an instruction, panicking with less gas left', notes: [],
    ctx: () => isa('gp/isa/control/entry_inside_instruction_charges_block_then_panics', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0009', what: 'a panic on a store to an unmapped page (no page above: not a hole)', notes: [],
    ctx: () => isa('gp/isa/store_u8/store_u8_unmapped_faults', () => ({ exit: { kind: 'panic' } })) },
  { note: '0009', what: 'a read-only page that is read: the load fails', notes: [],
    ctx: () => isa('gp/isa/load_u8/load_from_read_only_page_succeeds', (w) => ({ exit: { kind: 'fault', address: '0x21000' }, pc: 0, gas: w.gas, regs: [...(vector('gp/isa/load_u8/load_from_read_only_page_succeeds').input as IsaInput).regs] })) },
  { note: '0009', what: 'a store into a hole went through, with nothing in the reported memory to show it', notes: [],
    ctx: () => isa('gp/isa/store_u8/store_into_hole_between_pages_faults', () => ({ exit: { kind: 'trap' }, pc: 6 })) },
  { note: '0009', what: 'a read-only store went on without its byte in the page (a different address)', notes: [],
    ctx: () => isa('gp/isa/store_u8/store_u8_read_only_faults', () => ({ exit: { kind: 'trap' }, pc: 6 })) },
  { note: '0009', what: 'the same fault with other pages reported (not a partial write)', notes: [],
    ctx: () => isa('gp/isa/store_u64/straddling_store_rw_then_ro_writes_nothing', (w) => ({ pages: w.pages.map((p) => ({ ...p, access: 'W' as const })) })) },
  { note: '0027', what: 'a panic at 0x10000 (above the guard zone, nothing mapped below it)', notes: [],
    ctx: () => isa('gp/isa/load_u8/gp_access_at_0x10000_faults', () => ({ exit: { kind: 'panic' } })) },
  { note: '0027', what: 'a jar1 fault below 0x10000 reported at another address', notes: ['0007'],
    ctx: () => isa('jar1/isa/load_u8/jar1_access_below_0x10000_faults', () => ({ exit: { kind: 'fault', address: '0x8001' } })) },
  { note: '0008', what: 'a 32-bit address in the same page', notes: ['0007'],
    ctx: () => isa('gp/isa/load_u8/load_u8_absolute_negative_immediate_faults_at_2_31', () => ({ exit: { kind: 'fault', address: '0x80000123' } })) },
  { note: '0007', what: 'a fault in an unrelated page', notes: [],
    ctx: () => isa('gp/isa/load_u32/load_unaligned_fault_reports_page_base', () => ({ exit: { kind: 'fault', address: '0x50000' } })) },
  { note: '0007', what: 'the exact address, but a register differs too', notes: [],
    ctx: () => isa('gp/isa/load_u32/load_unaligned_fault_reports_page_base', (w) => ({ exit: { kind: 'fault', address: '0x30123' }, regs: withRegs(w.regs, { 3: '0x3' }) })) },
  { note: '0004', what: 'the panic at load_imm_jump_ind with another register changed', notes: [],
    ctx: () => isa('gp/isa/load_imm_jump_ind/load_imm_jump_ind_write_kept_on_panic', (w) => ({ regs: withRegs(w.regs, { 10: '0xa' }) })) },
  { note: '0005', what: 'an ordinary table jump refused (an off-by-one, not a djump rule)', notes: [],
    ctx: () => isa('gp/isa/jump_ind/jump_ind_ok', () => ({ exit: { kind: 'panic' }, pc: 1, gas: '0x270f' })) },
  { note: '0006', what: 'a conditional branch compared wrongly: it falls through (gas of the fall-through block)', notes: [],
    ctx: () => isa('gp/isa/branch_lt_s/branch_lt_s_taken_to_non_block_start_panics', () => ({ exit: { kind: 'trap' }, pc: 8, gas: '0x270d' })) },
  { note: '0006', what: 'a panic at a branch not taken (no source checks it: more likely a wrong comparison that took it)', notes: [],
    ctx: () => isa('gp/isa/branch_eq/branch_not_taken_ignores_invalid_target', () => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f' })) },
  { note: '0006', what: 'a panic at a branch that its registers take (they diverged earlier)', notes: [],
    ctx: () => isa('gp/isa/branch_eq/branch_not_taken_ignores_invalid_target', (w) => ({ exit: { kind: 'panic' }, pc: 0, gas: '0x270f', regs: withRegs(w.regs, { 8: '0x1' }) })) },
  { note: '0003', what: 'the store faults elsewhere, r0 not the quotient (another register went astray)', notes: [],
    ctx: () => isaBuilt(STORE_AFTER_DIV, (w) => ({ exit: { kind: 'fault', address: '0x2a000' }, regs: withRegs(w.regs, { 12: STORE_AFTER_DIV.regs[12] ?? '' }) })) },
  { note: '0003', what: 'r12 wrong in another way (neither the difference nor its old value)', notes: [],
    ctx: () => isaBuilt(bare('c9d01000', '1001', 0, { 0: '0xffffffffffffffff', 1: '0x10000' }, '0x2'), (w) => ({ regs: withRegs(w.regs, { 12: '0x5' }) })) },
  { note: '0008', what: 'a panic at a store to an unmapped page whose address is below 2^32', notes: [],
    ctx: () => isa('gp/isa/store_u8/store_u8_unmapped_faults', () => ({ exit: { kind: 'panic' } })) },
  { note: '0010', what: 'out of gas inside the block with more gas than the run started with', notes: [],
    ctx: () => isaBuilt(bare('a00028feffffff00', '10100001', 0, {}, '0x3'), () => ({ pc: 2, gas: '0x5' })) },
  { note: '0018', what: 'entry at an instruction start, the bytes there run differently', notes: [],
    ctx: () => isa('gp/isa/add_64/add_64_basic', (w) => ({ exit: { kind: 'panic' }, pc: 0, regs: withRegs(w.regs, { 9: '0x0' }) })) },
  { note: '0001', what: 'a shift result off by five', notes: [],
    ctx: () => isa('gp/isa/shar_r_64/shar_r_64_negative_rounds_down', (w) => ({ regs: withRegs(w.regs, { 9: plus(w.regs[9] ?? '0x0', 5) }) })) },
  { note: '0002', what: 'sign_extend_8 of a negative byte that leaves the high half 0 (not sext of the whole register)', notes: [],
    ctx: () => isa('gp/isa/sign_extend_8/sign_extend_8_negative_byte', (w) => ({ regs: withRegs(w.regs, { 7: '0x80' }) })) },
  { note: '0055', what: 'an ecalli exit with another id', notes: [],
    ctx: () => isa('gp/isa/ecalli/ecalli_basic', () => ({ exit: { kind: 'ecalli', id: 8 } })) },
  { note: '0023', what: 'a fault reported at the next pc', notes: [],
    ctx: () => isa('gp/isa/load_u8/page_fault_keeps_pc_at_faulting_instruction', () => ({ pc: 7 })) },
  { note: '0011', what: 'out of gas at a block start with no gas left (a dearer block)', notes: [],
    ctx: () => isa('jar1/isa/gas/cheap_block_runs_past_gas_plus_one_instructions', () => ({ exit: { kind: 'oog' }, pc: 0 })) },
  { note: '0012', what: 'a gas difference at the 25 tier (2048 pages)', notes: [],
    ctx: () => isa('jar1/isa/gas/mem_cycles_tier_2048_pages_costs_25', (w) => ({ gas: plus(w.gas, 25) })) },
  { note: '0012', what: 'a dearer run at the 50 tier (not a constant 25)', notes: [],
    ctx: () => isa('jar1/isa/gas/mem_cycles_tier_2049_pages_costs_50', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0013', what: 'a jar1 gas difference in a block without a disputed row', notes: [],
    ctx: () => isa('jar1/isa/add_64/add_64_basic', (w) => ({ gas: plus(w.gas, -1) })) },
  { note: '0010', what: 'out of gas here, the whole block paid there', notes: [],
    ctx: () => isa('gp/isa/gas/oog_at_block_entry_sets_gas_zero', () => ({ exit: { kind: 'trap' }, pc: 6, gas: '0x0', regs: withRegs((vector('gp/isa/gas/oog_at_block_entry_sets_gas_zero').expected as IsaExpected).regs, { 7: '0x81' }) })) },
  { note: '0026', what: 'one gas less than per-instruction charging leaves (a block one short)', notes: [],
    ctx: () => isa('gp/isa/gas/gp_block_paid_in_full_before_panic', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0026', what: 'a trap instruction not charged', notes: [],
    ctx: () => isa('gp/isa/trap/trap_basic', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0026', what: 'a jar1 fault with other gas', notes: [],
    ctx: () => isa('jar1/isa/load_u8/page_fault_keeps_pc_at_faulting_instruction', (w) => ({ gas: plus(w.gas, 1) })) },
  { note: '0031', what: "another bad magic ('J','A','R',1) accepted", notes: [],
    ctx: () => top('jar1/decode/jar_manifest/invalid_blob_bad_magic', { accepted: true, class: null }) },
  { note: '0022', what: 'φ8 wrong, but not the slot-0 base', notes: [],
    ctx: () => programStep('jar1/program/args/no_args_leaves_r8_r9_zero', 0, (e) => ({ regs: withRegs(e.regs, { 8: '0x1234' }) })) },
  { note: '0022', what: 'a data range past the data section accepted (no args involved)', notes: ['0019'],
    ctx: () => {
      const entries: ManifestEntry[] = [
        { slot: 64, type: 0, data: codeBlob(codeImage(['0a00'])) },
        { slot: 65, type: 1, basePage: 32, pageCount: 1, access: 1, data: new Uint8Array(4), offset: 500 },
      ];
      const input: Jar1ProgramInput = { blob: toHex(manifestBlob(1, 64, entries)), gas: '0xf4240', reg7: '0x0', args: '', host: [] };
      const want = jar1Want(input);
      expect(want).toMatchObject({ accepted: false, class: 'out_of_bounds' });
      return ctxOf({ runner: 'program', profile: 'jar1', input, expected: want }, { accepted: true, class: null, initGas: '0x5dc', exits: [] });
    } },
  { note: '0053', what: 'init gas short, rejected for another reason (overlapping pages)', notes: [],
    ctx: () => top('jar1/program/init/init_gas_short_out_of_gas', { accepted: false, class: 'overlapping_pages', initGas: '0x0', initial: null, exits: [] }) },
  { note: '0053', what: 'enough init gas, rejected anyway (class unknown)', notes: [],
    ctx: () => top('jar1/program/init/init_gas_1500_per_data_page', { accepted: false, class: null, initGas: '0x0', initial: null, exits: [] }) },
  { note: '0021', what: 'an init charge that is not a multiple of 1500', notes: [],
    ctx: () => top('jar1/program/init/init_gas_1500_per_data_page', { initGas: '0x3e8' }) },
  { note: '0021', what: 'an exit gas off by 1500 where the init charge is 4500', notes: [],
    ctx: () => programStep('jar1/program/init/init_gas_1500_per_data_page', 0, (e) => ({ gas: plus(e.gas, 1500) })) },
  { note: '0056', what: 'code ending in load_imm accepted (not ecall)', notes: ['0019'],
    ctx: () => top('jar1/decode/code_blob/jar1_code_without_final_terminator_rejected', { accepted: true, class: null, image: { code: '33070500000001', bitmask: '1000001', jumpTable: [] } }) },
  { note: '0058', what: 'a data range past the data section accepted (within its pages)', notes: ['0019'],
    ctx: () => top('jar1/decode/jar_manifest/jar1_data_range_past_data_section_rejected', { accepted: true, class: null }) },
  { note: '0059', what: 'a valid gp blob refused as truncated', notes: [],
    ctx: () => top('gp/decode/gp_deblob/valid_gp_blob', { accepted: false, class: 'truncated', image: null }) },
  { note: '0019', what: 'a truncated manifest accepted (structure, not validation)', notes: [],
    ctx: () => top('jar1/decode/jar_manifest/invalid_blob_truncated', { accepted: true, class: null }) },
  { note: '0019', what: 'an accepted code blob refused without a class, nothing 0019 lets pass in it', notes: [],
    ctx: () => top('jar1/decode/code_blob/valid_code_blob', { accepted: false, class: null, image: null }) },
  { note: '0020', what: 'the fault after the DATA cap, the target out of gas before it', notes: [],
    ctx: () => programStep('jar1/program/init/init_does_not_map_page_after_data_cap', 0, () => ({ exit: { kind: 'oog' }, pc: 0, gas: '0x0' })) },
  { note: '0020', what: 'a fault beyond what even Lean would map (page 2·base + count)', notes: [],
    ctx: () => {
      const v = vector('jar1/program/init/init_does_not_map_page_after_data_cap');
      const want = v.expected as Jar1ProgramExpected;
      const moved = { ...want, exits: want.exits.map((e) => ({ ...e, exit: { kind: 'fault' as const, address: u64(66n * 4096n) } })) };
      return ctxOf({ ...v, expected: moved }, { ...moved, exits: moved.exits.map((e) => ({ ...e, exit: { kind: 'halt' as const, value: '0x0' }, pc: 8 })) });
    } },
  { note: '0037', what: 'the same panic with gas and φ7 both off (diverged earlier)', notes: [],
    ctx: () => jar1Built(['0a8000', '0a00'], 1000n, (w) => [{ ...step(w), gas: plus(step(w).gas, -3), regs: withRegs(ZERO_REGS, { 7: '0x5' }) }]) },
  { note: '0037', what: 'out of gas at the ecalli 128 (gas diverged earlier), not a rule about it', notes: [],
    ctx: () => jar1Built(['0a8000', '0a00'], 1000n, (w) => [{ ...step(w), exit: { kind: 'oog' }, gas: '0x0' }]) },
  { note: '0037', what: 'a root panic at an invalid opcode, not an ecalli', notes: ['0017'],
    ctx: () => jar1Built(['ff', '0a00'], 1000n, (w) => {
      expect(step(w)).toMatchObject({ exit: { kind: 'panic' }, pc: 0 });
      return [{ ...step(w), exit: { kind: 'halt', value: '0x0' }, pc: 3 }];
    }) },
  { note: '0040', what: 'out of gas before the halting jump', notes: [],
    ctx: () => jar1Built(['33010000ffff', '3201'], 1000n, (w) => [{ ...step(w), exit: { kind: 'oog' }, pc: 0, gas: '0x0' }]) },
  { note: '0040', what: 'a REPLY halt with another value', notes: [],
    ctx: () => jar1Built(['0a00'], 1000n, (w) => [{ ...step(w), exit: { kind: 'halt', value: '0x1' } }]) },
  { note: '0034', what: 'out of gas after the next instruction, the REPLY dispatch (the call may have been done)', notes: [],
    ctx: () => jar1Built(['6400', '0a01', '0a00'], kernelShortGas(['6400', '0a01', '0a00']), (w) => [{ ...step(w), pc: 4 }]) },
  { note: '0011', what: "out of gas inside a block at an ecalli (a kernel charge, not Lean's fuel)", notes: [],
    ctx: () => programStep('jar1/program/basic/fib_10_replies_55', 0, (e) => ({ exit: { kind: 'oog' }, pc: 42, gas: '0x0' })) },
  { note: '0034', what: "out of gas reported at pc 0 (Lean's default pc after out-of-gas: 0010's question)", notes: ['0010'],
    ctx: () => jar1Built(GAS_CALL, kernelShortGas(), (w) => [{ ...step(w), pc: 0 }]) },
  { note: '0034', what: 'out of gas at the first block (a core charge), then a different exit', notes: [],
    ctx: () => jar1Built(GAS_CALL, 1n, (w) => {
      expect(step(w)).toMatchObject({ exit: { kind: 'oog' }, pc: 0 });
      return [{ ...step(w), exit: { kind: 'protocol', id: 1 }, pc: 4 }];
    }) },
  { note: '0048', what: 'no exit at a protocol call other than GAS (id 5), the run went on', notes: [],
    ctx: () => programStep('jar1/program/host/protocol_call_without_host_answer_ends_there', 0, (e) => ({ exit: { kind: 'halt', value: '0x0' }, pc: 4, gas: plus(e.gas, -20) })) },
  { note: '0048', what: 'out of gas before the GAS call (gas diverged earlier)', notes: [],
    ctx: () => programStep('jar1/program/host/host_answer_sets_r7_r8', 0, () => ({ exit: { kind: 'oog' }, pc: 0, gas: '0x0' })) },
  { note: '0048', what: 'the protocol exit with other gas', notes: [],
    ctx: () => programStep('jar1/program/host/protocol_call_without_host_answer_ends_there', 0, (e) => ({ gas: plus(e.gas, -10) })) },
];

describe('spec-note detectors', () => {
  test('one detector per note, each naming an existing spec-note with a short title', () => {
    const files = readdirSync(join(ROOT, 'spec-notes'));
    const notes = DETECTORS.map((d) => d.note);
    expect(new Set(notes).size).toBe(notes.length);
    for (const d of DETECTORS) {
      expect(files.some((f) => f.startsWith(`${d.note}-`)), d.note).toBe(true);
      expect(d.title.length).toBeGreaterThan(5);
      expect(d.title.length).toBeLessThan(60);
    }
  });

  test('every detector has a positive case and a near miss', () => {
    for (const d of DETECTORS) {
      expect(POSITIVE.some((c) => c.note === d.note), `positive ${d.note}`).toBe(true);
      expect(NEGATIVE.some((c) => c.note === d.note), `near miss ${d.note}`).toBe(true);
    }
  });

  test('every class the typeberry and anan-as accounts explain by a note has a detector', () => {
    const text = readFileSync(join(ROOT, 'harness', 'test', 'vectors-adapter.test.ts'), 'utf8');
    const cited = new Set([...text.matchAll(/spec-notes\/(\d{4})/g)].map((m) => m[1]));
    expect(cited.size).toBeGreaterThan(5);
    for (const n of cited) expect(DETECTORS.some((d) => d.note === n), `spec-notes/${n}`).toBe(true);
  });

  describe.each(POSITIVE.map((c) => [`${c.note}: ${c.what}`, c] as const))('recognises %s', (_name, c) => {
    test('the detector matches and detectNotes names it', () => {
      const ctx = c.ctx();
      expect(ctx.actual).not.toEqual(ctx.expected);
      expect(detector(c.note).matches(ctx)).toBe(true);
      expect(detectNotes(ctx)).toEqual(c.notes);
    });
  });

  describe.each(NEGATIVE.map((c) => [`${c.note}: ${c.what}`, c] as const))('does not claim %s', (_name, c) => {
    test('the detector does not match', () => {
      const ctx = c.ctx();
      expect(ctx.actual).not.toEqual(ctx.expected); // a real difference
      expect(detector(c.note).matches(ctx)).toBe(false);
      expect(detectNotes(ctx)).toEqual(c.notes);
    });
  });
});

describe('no difference, odd answers', () => {
  const samples = [
    'gp/isa/store_u8/store_u8_read_only_faults', 'jar1/isa/add_64/add_64_basic', 'gp/program/host/gp_program_host_call_answered',
    'jar1/program/init/init_gas_1500_per_data_page', 'jar1/program/args/args_without_slot_0_data_cap_rejected', 'jar1/decode/code_blob/valid_code_blob',
    'gp/decode/gp_deblob/invalid_gp_blob_truncated', 'gp/isa/invalid_opcode/sbrk_panics_gp', 'jar1/program/init/init_gas_short_out_of_gas',
  ];

  test('equal answers name no note', () => {
    for (const rel of samples) {
      const v = vector(rel);
      expect(detectNotes(ctxOf(v, structuredClone(v.expected))), rel).toEqual([]);
      for (const d of DETECTORS) expect(d.matches(ctxOf(v, structuredClone(v.expected))), `${d.note} on ${rel}`).toBe(false);
    }
  });

  test('a jar1 answer without the snapshot, and a rejection without a class, are equal answers', () => {
    const run = vector('jar1/program/init/init_gas_1500_per_data_page');
    const { initial: _initial, ...withoutSnapshot } = run.expected as Jar1ProgramExpected;
    expect(detectNotes(ctxOf(run, withoutSnapshot))).toEqual([]);
    const rejected = vector('jar1/program/args/args_without_slot_0_data_cap_rejected');
    expect(detectNotes(ctxOf(rejected, { ...(rejected.expected as object), class: null }))).toEqual([]);
    const decode = vector('jar1/decode/jar_manifest/jar_magic_har2_rejected');
    expect(detectNotes(ctxOf(decode, { ...(decode.expected as DecodeExpected), class: null }))).toEqual([]);
  });

  test('never throws, and a malformed answer is claimed by no note', () => {
    const odd: unknown[] = [
      null, undefined, 7, 'text', [], {}, { exit: null }, { exit: 'panic' }, { exit: { kind: 3 }, pc: 'x', gas: 5, regs: [1, 2] },
      { exit: { kind: 'fault', address: 'zz' }, pc: -1, gas: '0x', regs: null, pages: 'none', memory: [null] },
      { exits: 'none' }, { exits: [null, 1, { exit: {} }] }, { accepted: 'yes', class: 5, initGas: {}, exits: [{}] }, { accepted: null, image: 'x' },
    ];
    const bases = [...samples, 'gp/isa/ecall/ecall_basic', 'gp/isa/jump_ind/djump_halt_address_halts', 'jar1/program/init/init_does_not_map_page_after_data_cap', 'gp/program/basic/gp_program_halts_through_djump'];
    for (const rel of bases) {
      const v = vector(rel);
      for (const actual of odd) {
        const c = ctxOf(v, actual);
        expect(() => detectNotes(c), `${rel} with ${JSON.stringify(actual)}`).not.toThrow();
        expect(detectNotes(c), `${rel} with ${JSON.stringify(actual)}`).toEqual([]);
      }
    }
  });

  test('never throws on random code and randomly perturbed answers (property)', () => {
    const base = vector('gp/isa/store_u8/store_u8_read_only_faults');
    const want = base.expected as IsaExpected;
    const kinds = ['halt', 'trap', 'panic', 'oog', 'ecall', 'fault', 'ecalli', 'protocol', 'bogus'];
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.constantFrom('gp', 'jar1'),
      fc.constantFrom(...kinds), fc.integer({ min: -2, max: 70 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 12 }),
      (code, mask, profile, kind, pc, value, r) => {
        const input: IsaInput = { ...(base.input as IsaInput), code: { code: toHex(code), bitmask: Array.from(code, (_b, i) => ((mask[i] ?? 1) & 1 ? '1' : '0')).join(''), jumpTable: [0, 3, 70] }, pc: Math.max(0, pc) };
        const actual = { ...want, exit: kind === 'fault' ? { kind, address: u64(value) } : kind === 'ecalli' ? { kind, id: Number(value & 0xffffffffn) } : { kind }, pc, gas: u64(value), regs: withRegs(want.regs, { [r]: u64(value) }) };
        const c = ctxOf({ runner: 'isa', profile, input, expected: want }, actual);
        const got = detectNotes(c);
        return got.every((n) => DETECTORS.some((d) => d.note === n));
      },
    ), { numRuns: 2000 });
  });

  test('never throws on a malformed input either', () => {
    const v = vector('gp/isa/store_u8/store_u8_read_only_faults');
    const target = { ...(v.expected as IsaExpected), exit: { kind: 'panic' } };
    const inputs: unknown[] = [
      null, {}, { code: null }, { code: { code: 'zz', bitmask: '1', jumpTable: [] }, pages: 5 },
      { code: { code: '3b', bitmask: '10', jumpTable: 'x' } }, { ...(v.input as IsaInput), code: { code: '', bitmask: '', jumpTable: [] } },
    ];
    for (const input of inputs) {
      const c = { ...ctxOf(v, target), input: input as IsaInput };
      expect(() => detectNotes(c)).not.toThrow();
      for (const d of DETECTORS) expect(typeof d.matches(c)).toBe('boolean');
    }
    for (const blob of ['', 'zz', '00', 'ffffffffffffffffff', toHex(gpBlob(codeImage(['3b0000000300'])))]) {
      const p = vector('gp/program/basic/gp_program_store_then_fault');
      const want = p.expected as GpProgramExpected;
      const c = ctxOf({ ...p, input: { ...(p.input as object), blob } as Vector['input'] }, { ...want, exits: want.exits.map((e) => ({ ...e, exit: { kind: 'panic' } })) });
      expect(() => detectNotes(c)).not.toThrow();
    }
  });
});
