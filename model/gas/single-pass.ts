/**
 * jar1 gas: the single-pass per-basic-block cost simulation.
 * Spec: Lean `GasCost.instructionCost`, `GasCostSinglePass.gasCostForBlockSinglePass` (pvm-core.md 5.2-5.3);
 * each opcode's class is in its row (model/isa/*.ts), the classes in classes.ts follow Lean exactly
 * (spec-notes/0013), memCycles by tier (spec-notes/0012).
 */
import { isStart, nextPc, zeta, type Program } from '../decode/code.js';
import { decodeOperands } from '../decode/operands.js';
import { OPCODES, isTerminator } from '../decode/opcodes.js';
import { gasClassOf } from '../isa/index.js';
import type { GasReg } from './classes.js';

interface InstrCost {
  readonly cycles: number;
  readonly slots: number;
  readonly dst: readonly number[];
  readonly src: readonly number[];
  readonly move: boolean;
}

/** Branch cost 𝔟: 1 if the target is a trap or unlikely instruction start, else 20. */
function branchCost(p: Program, target: bigint): number {
  if (target >= BigInt(p.code.length)) return 20;
  const t = Number(target);
  const op = zeta(p, t);
  return isStart(p, t) && (op === 0 || op === 2) ? 1 : 20;
}

/** Cost of the instruction at pc (Lean `instructionCost`): its row's gas class (gas/classes.ts) with the gas model's A, B, D fields. */
export function instructionCost(p: Program, pc: number, memCycles: number): InstrCost {
  const op = zeta(p, pc);
  const g = gasClassOf(op);
  const field: Readonly<Record<GasReg, number>> = {
    A: Math.min(12, zeta(p, pc + 1) & 15),
    B: Math.min(12, zeta(p, pc + 1) >> 4),
    D: Math.min(12, zeta(p, pc + 2) & 15),
  };
  const dst = g.dst.map((r) => field[r]);
  const src = g.src.map((r) => field[r]);
  const format = OPCODES.get(op)?.format ?? 'NoArgs';
  const cycles = g.cycles === 'mem' ? memCycles : g.cycles === 'branch' ? branchCost(p, decodeOperands(p, pc, format).target) : g.cycles;
  let slots: number;
  if (typeof g.slots === 'number') slots = g.slots;
  else {
    const overlaps = g.slots.when === 'B' ? field.A === field.B : src.includes(field.A); // Lean `dstOverlapsSrc`
    slots = overlaps ? g.slots.overlap : g.slots.otherwise;
  }
  return { cycles, slots, dst, src, move: g.move };
}

/** Gas of the block starting at pc: max(maxDone − 3, 1) (Lean `gasCostForBlockSinglePass`). */
export function singlePassBlockCost(p: Program, start: number, memCycles: number): bigint {
  let cycle = 0;
  let used = 0;
  let maxDone = 0;
  const regDone = new Array<number>(13).fill(0);
  let pc: number | null = start;
  while (pc !== null) {
    const c = instructionCost(p, pc, memCycles);
    if (used >= 4) {
      cycle += 1;
      used = c.slots;
    } else used += c.slots;
    if (c.move) {
      regDone[c.dst[0] ?? 0] = regDone[c.src[0] ?? 0] ?? 0;
    } else {
      const begin = c.src.reduce((m, r) => Math.max(m, regDone[r] ?? 0), cycle);
      const done = begin + c.cycles;
      for (const r of c.dst) regDone[r] = done;
      maxDone = Math.max(maxDone, done);
    }
    const next = nextPc(p, pc);
    pc = isTerminator(zeta(p, pc)) || next >= p.code.length ? null : next;
  }
  return BigInt(maxDone > 3 ? maxDone - 3 : 1);
}
