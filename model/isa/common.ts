/**
 * What every instruction family shares: the instruction record, outcomes, the next-pc and stop steps,
 * memory access with the fault/panic rule, and static/dynamic jumps.
 * Spec: GP A.5, Lean `Instructions.lean` (`Instructions.executeStep`, `Instructions.djump`), spec-notes/0005, 0006, 0007, 0027.
 */
import { PAGE_SIZE, type CoreExit } from '../../vectors/lib/types.js';
import { isBlockStart, type Program } from '../decode/code.js';
import type { Operands } from '../decode/operands.js';
import { readBytes, writeBytes, type Memory } from '../memory.js';
import { leBytesToBigint, bigintToLeBytes, wrap64, U32_MOD } from '../numeric.js';
import type { CoreConfig } from '../profile.js';
import { withPc, type CoreState } from '../state.js';

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

/** A rule: the semantics of one opcode (model/isa/row.ts). */
export type Handler = (s: CoreState, i: Instr, p: Program, cfg: CoreConfig) => Outcome;

/** Continue at the next instruction. */
export const cont = (s: CoreState, i: Instr): Outcome => ({ state: withPc(s, i.next), exit: null });

/** Stop with an exit; pc stays at the instruction. */
export const stop = (s: CoreState, exit: CoreExit): Outcome => ({ state: s, exit });

/** The exit for a denied access: panic inside the guard zone, else a fault at the page base (spec-notes/0007, 0027). */
function denied(cfg: CoreConfig, address: number): CoreExit {
  if (address < cfg.guardZone) return { kind: 'panic' };
  return { kind: 'fault', address: BigInt(address - (address % PAGE_SIZE)) };
}

/** Whether a memory helper answered with an exit rather than a value. */
export const isExit = (v: bigint | Memory | CoreExit): v is CoreExit => typeof v === 'object' && 'kind' in v;

/** Reads n bytes at a 64-bit address as an unsigned little-endian value, or the exit of a denied read (Lean `Memory.readMemBytes`). */
export function load(s: CoreState, cfg: CoreConfig, address: bigint, n: number): bigint | CoreExit {
  const read = readBytes(s.memory, address, n);
  return read.ok ? leBytesToBigint(read.value) : denied(cfg, read.address);
}

/** Writes the low n bytes of v at a 64-bit address: the new memory, or the exit of a denied write (Lean `Memory.writeMemBytes`). */
export function store(s: CoreState, cfg: CoreConfig, address: bigint, n: number, v: bigint): Memory | CoreExit {
  const written = writeBytes(s.memory, address, bigintToLeBytes(v, n));
  return written.ok ? written.value : denied(cfg, written.address);
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
