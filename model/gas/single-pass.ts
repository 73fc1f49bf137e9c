/**
 * jar1 gas: the single-pass per-basic-block cost simulation.
 * Spec: Lean `GasCost.instructionCost`, `GasCostSinglePass.gasCostForBlockSinglePass` (pvm-core.md 5.2-5.3);
 * the table follows Lean exactly (spec-notes/0013), memCycles by tier (spec-notes/0012).
 */
import { isStart, nextPc, zeta, type Program } from '../decode/code.js';
import { decodeOperands } from '../decode/operands.js';
import { isTerminator } from '../decode/opcodes.js';

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

const cost = (cycles: number, slots: number, dst: readonly number[] = [], src: readonly number[] = []): InstrCost =>
  ({ cycles, slots, dst, src, move: false });

/** Cost of the instruction at pc (Lean `instructionCost`); registers use the gas model's A, B, D fields. */
export function instructionCost(p: Program, pc: number, memCycles: number): InstrCost {
  const op = zeta(p, pc);
  const a = Math.min(12, zeta(p, pc + 1) & 15);
  const b = Math.min(12, zeta(p, pc + 1) >> 4);
  const d = Math.min(12, zeta(p, pc + 2) & 15);
  const ov3 = a === b || a === d; // destination overlaps a source
  const ov2 = a === b;
  const in_ = (...ops: number[]): boolean => ops.includes(op);
  if (in_(0, 1)) return cost(2, 1);
  if (op === 2) return cost(40, 1);
  if (op === 10) return cost(100, 4);
  if (op === 40) return cost(15, 1);
  if (op === 80) return cost(15, 1, [a]);
  if (op === 50) return cost(22, 1);
  if (op === 180) return cost(22, 1, [a], [b]);
  if ((op >= 52 && op <= 58) || (op >= 124 && op <= 130)) return cost(memCycles, 1, [a], [b]);
  if ((op >= 59 && op <= 62) || (op >= 120 && op <= 123)) return cost(memCycles, 1, [], [a, b]);
  if (op >= 30 && op <= 33) return cost(memCycles, 1);
  if (op >= 70 && op <= 73) return cost(memCycles, 1, [], [a]);
  if (op === 51) return cost(1, 1, [a]);
  if (op === 20) return cost(1, 2, [a]);
  if (op === 100) return { cycles: 0, slots: 1, dst: [a], src: [b], move: true };
  if (op >= 81 && op <= 90) return cost(branchCost(p, decodeOperands(p, pc, 'OneRegImmOffset').target), 1, [], [a]);
  if (op >= 170 && op <= 175) return cost(branchCost(p, decodeOperands(p, pc, 'TwoRegOneOffset').target), 1, [], [a, b]);
  if (in_(200, 201, 210, 211, 212)) return cost(1, ov3 ? 1 : 2, [a], [b, d]);
  if (in_(190, 191)) return cost(2, ov3 ? 2 : 3, [a], [b, d]);
  if (in_(132, 133, 134, 149, 151, 152, 153, 158, 110)) return cost(1, ov2 ? 1 : 2, [a], [b]);
  if (in_(131, 138, 139, 140, 160)) return cost(2, ov2 ? 2 : 3, [a], [b]);
  if (in_(102, 103, 104, 105, 108, 109)) return cost(1, 1, [a], [b]);
  if (in_(106, 107)) return cost(2, 1, [a], [b]);
  if (in_(207, 208, 209, 220, 222)) return cost(1, b === a ? 2 : 3, [a], [b, d]);
  if (in_(197, 198, 199, 221, 223)) return cost(2, b === a ? 3 : 4, [a], [b, d]);
  if (in_(155, 156, 157, 159)) return cost(1, 3, [a], [b]);
  if (in_(144, 145, 146, 161)) return cost(2, 4, [a], [b]);
  if (in_(216, 217)) return cost(3, 3, [a], [b, d]);
  if (in_(136, 137, 142, 143)) return cost(3, 3, [a], [b]);
  if (in_(218, 219)) return cost(2, 2, [a], [b, d]);
  if (in_(147, 148)) return cost(2, 3, [a], [b]);
  if (in_(227, 228, 229, 230)) return cost(3, ov3 ? 2 : 3, [a], [b, d]);
  if (in_(224, 225)) return cost(2, 3, [a], [b, d]);
  if (op === 226) return cost(2, ov3 ? 2 : 3, [a], [b, d]);
  if (op === 154) return cost(2, 3, [a], [b]);
  if (op === 141) return cost(3, 4, [a], [b]);
  if (op === 202) return cost(3, ov3 ? 1 : 2, [a], [b, d]);
  if (op === 150) return cost(3, ov2 ? 1 : 2, [a], [b]);
  if (op === 192) return cost(4, ov3 ? 2 : 3, [a], [b, d]);
  if (op === 135) return cost(4, ov2 ? 2 : 3, [a], [b]);
  if (in_(213, 214)) return cost(4, 4, [a], [b, d]);
  if (op === 215) return cost(6, 4, [a], [b, d]);
  if (in_(193, 194, 195, 196, 203, 204, 205, 206)) return cost(60, 4, [a], [b, d]);
  return cost(1, 1); // ecall, sbrk, reverse_bytes and invalid bytes take the default row (spec-notes/0013)
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
