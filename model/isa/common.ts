/**
 * What every instruction family shares: the instruction record, outcomes, operand adapters,
 * memory access with the fault/panic rule, and static/dynamic jumps.
 * Spec: GP A.5, Lean `Instructions.lean` (`Instructions.executeStep`, `Instructions.djump`), spec-notes/0005, 0006, 0007, 0027.
 */
import { PAGE_SIZE, type CoreExit } from '../../vectors/lib/types.js';
import { isBlockStart, type Program } from '../decode/code.js';
import type { Operands } from '../decode/operands.js';
import { readBytes, writeBytes } from '../memory.js';
import { leBytesToBigint, bigintToLeBytes, sext, wrap64, U32_MOD } from '../numeric.js';
import type { CoreConfig } from '../profile.js';
import { reg, withMemory, withPc, withReg, type CoreState } from '../state.js';

export interface Instr {
  readonly pc: number;
  readonly opcode: number;
  /** ı + 1 + skip(ı). */
  readonly next: number;
  readonly ops: Operands;
}

export interface Outcome {
  readonly state: CoreState;
  readonly exit: CoreExit | null;
}

export type Handler = (s: CoreState, i: Instr, p: Program, cfg: CoreConfig) => Outcome;

/** Continue at the next instruction. */
export const cont = (s: CoreState, i: Instr): Outcome => ({ state: withPc(s, i.next), exit: null });

/** Stop with an exit; pc stays at the instruction. */
export const stop = (s: CoreState, exit: CoreExit): Outcome => ({ state: s, exit });

/** ThreeReg ALU: φ[rD] := f(φ[rA], φ[rB]). */
export const threeReg = (f: (a: bigint, b: bigint) => bigint): Handler => (s, i) =>
  cont(withReg(s, i.ops.rd, f(reg(s, i.ops.ra), reg(s, i.ops.rb))), i);

/** TwoRegOneImm ALU: φ[rA] := f(φ[rB], x). */
export const regImm = (f: (v: bigint, x: bigint) => bigint): Handler => (s, i) =>
  cont(withReg(s, i.ops.ra, f(reg(s, i.ops.rb), i.ops.x)), i);

/** TwoReg: φ[rA] := f(φ[rB]). */
export const twoReg = (f: (v: bigint) => bigint): Handler => (s, i) => cont(withReg(s, i.ops.ra, f(reg(s, i.ops.rb))), i);

/** The exit for a denied access: panic inside the guard zone, else a fault at the page base (spec-notes/0007, 0027). */
function denied(cfg: CoreConfig, address: number): CoreExit {
  if (address < cfg.guardZone) return { kind: 'panic' };
  return { kind: 'fault', address: BigInt(address - (address % PAGE_SIZE)) };
}

/** Loads n bytes at a 64-bit address into φ[r], zero- or sign-extended. */
export function load(s: CoreState, i: Instr, cfg: CoreConfig, r: number, address: bigint, n: number, signed: boolean): Outcome {
  const read = readBytes(s.memory, address, n);
  if (!read.ok) return stop(s, denied(cfg, read.address));
  const v = leBytesToBigint(read.value);
  return cont(withReg(s, r, signed ? sext(n, v) : v), i);
}

/** Stores the low n bytes of v at a 64-bit address. */
export function store(s: CoreState, i: Instr, cfg: CoreConfig, address: bigint, n: number, v: bigint): Outcome {
  const written = writeBytes(s.memory, address, bigintToLeBytes(v, n));
  if (!written.ok) return stop(s, denied(cfg, written.address));
  return cont(withMemory(s, written.value), i);
}

/** Goes to a static target if it is a basic-block start, else panics with pc unchanged (spec-notes/0006). */
export function staticJump(s: CoreState, p: Program, target: bigint): Outcome {
  if (target < U32_MOD && isBlockStart(p, Number(target))) return { state: withPc(s, Number(target)), exit: null };
  return stop(s, { kind: 'panic' });
}

/** The halt address of GP A.5.5 (2^32 - 2^16). */
export const HALT_ADDRESS = 0xffff0000n;

/** Dynamic jump to address a (spec-notes/0005): halt, panic, or a jump-table target that is a block start. */
export function djump(s: CoreState, p: Program, a: bigint): Outcome {
  const addr = wrap64(a) % U32_MOD;
  if (addr === HALT_ADDRESS) return stop(s, { kind: 'halt' }); // GP halt address
  if (addr === 0n) return stop(s, { kind: 'panic' }); // address 0 is never a jump
  if (addr % 2n !== 0n) return stop(s, { kind: 'panic' }); // misaligned (w3f, GP)
  const idx = Number(addr / 2n);
  if (idx > p.jumpTable.length) return stop(s, { kind: 'panic' }); // beyond the table
  const target = p.jumpTable[idx - 1] ?? 0;
  return staticJump(s, p, BigInt(target)); // the entry must be a block start (0 is one)
}
