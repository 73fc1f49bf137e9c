/**
 * Block gas for both profiles, computed once per block start when a CODE cap is compiled.
 * jar1: the single-pass pipeline simulation (Lean `gasCostForBlockSinglePass`, pvm-core.md 5.2-5.3,
 * spec-notes/0012 memCycles tier, 0013 Lean's table and quirks). gp: one unit per instruction up to the
 * block's terminator, a fall off the end counting as one (spec-notes/0026).
 */
import { endsBlock } from './opcodes.js';

/** The parts of a decoded image the cost walks need. */
export interface CodeFacts {
  readonly code: Uint8Array;
  /** K(i) for i < |c| (1 = instruction start). */
  readonly starts: Uint8Array;
  /** skip(i) for every i < |c| (whatever K(i) is): the next instruction is at i + 1 + skip(i). */
  readonly skip: Uint8Array;
}

const byteAt = (c: CodeFacts, i: number): number => (i < c.code.length ? c.code[i] ?? 0 : 0);
const startAt = (c: CodeFacts, i: number): boolean => i >= c.code.length || c.starts[i] === 1;

// Cost classes of the single-pass table. Cycles: a number, or one of these two markers.
const MEM = -1; // memCycles
const BRANCH = -2; // branchCost(target)
// Slot rules: the slot count depends on an overlap test of the gas-model registers A, B, D.
const FIXED = 0;
const OV3 = 1; // A = B or A = D
const OV2 = 2; // A = B
// Registers: which gas-model fields are written / read.
const NONE = 0;
const R_A = 1;
const R_B = 2;
const R_AB = 3;
const R_BD = 4;

interface Row { cycles: number; slotsIf: number; slots: number; rule: number; dst: number; src: number; move: boolean }

/** The per-opcode rows of pvm-core.md 5.3 (default row for everything not listed). */
const ROWS: Row[] = (() => {
  const rows: Row[] = Array.from({ length: 256 }, () => ({ cycles: 1, slotsIf: 1, slots: 1, rule: FIXED, dst: NONE, src: NONE, move: false }));
  const put = (ops: number[], cycles: number, slotsIf: number, slots: number, rule: number, dst: number, src: number): void => {
    for (const o of ops) rows[o] = { cycles, slotsIf, slots, rule, dst, src, move: false };
  };
  const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, k) => a + k);
  put([0, 1], 2, 1, 1, FIXED, NONE, NONE);
  put([2], 40, 1, 1, FIXED, NONE, NONE);
  put([10], 100, 4, 4, FIXED, NONE, NONE);
  put([40], 15, 1, 1, FIXED, NONE, NONE);
  put([80], 15, 1, 1, FIXED, R_A, NONE);
  put([50], 22, 1, 1, FIXED, NONE, NONE);
  put([180], 22, 1, 1, FIXED, R_A, R_B);
  put(range(81, 90), BRANCH, 1, 1, FIXED, NONE, R_A);
  put(range(170, 175), BRANCH, 1, 1, FIXED, NONE, R_AB);
  put([...range(52, 58), ...range(124, 130)], MEM, 1, 1, FIXED, R_A, R_B);
  put([...range(59, 62), ...range(120, 123)], MEM, 1, 1, FIXED, NONE, R_AB);
  put(range(30, 33), MEM, 1, 1, FIXED, NONE, NONE);
  put(range(70, 73), MEM, 1, 1, FIXED, NONE, R_A);
  put([51], 1, 1, 1, FIXED, R_A, NONE);
  put([20], 1, 2, 2, FIXED, R_A, NONE);
  rows[100] = { cycles: 0, slotsIf: 1, slots: 1, rule: FIXED, dst: R_A, src: R_B, move: true };
  put([200, 201, 210, 211, 212], 1, 1, 2, OV3, R_A, R_BD);
  put([190, 191], 2, 2, 3, OV3, R_A, R_BD);
  put([132, 133, 134, 149, 151, 152, 153, 158, 110], 1, 1, 2, OV2, R_A, R_B);
  put([131, 138, 139, 140, 160], 2, 2, 3, OV2, R_A, R_B);
  put([102, 103, 104, 105, 108, 109], 1, 1, 1, FIXED, R_A, R_B);
  put([106, 107], 2, 1, 1, FIXED, R_A, R_B);
  put([207, 208, 209, 220, 222], 1, 2, 3, OV2, R_A, R_BD); // "sh": B = A, clamped (spec-notes/0013)
  put([197, 198, 199, 221, 223], 2, 3, 4, OV2, R_A, R_BD);
  put([155, 156, 157, 159], 1, 3, 3, FIXED, R_A, R_B);
  put([144, 145, 146, 161], 2, 4, 4, FIXED, R_A, R_B);
  put([216, 217], 3, 3, 3, FIXED, R_A, R_BD);
  put([136, 137, 142, 143], 3, 3, 3, FIXED, R_A, R_B);
  put([218, 219], 2, 2, 2, FIXED, R_A, R_BD);
  put([147, 148], 2, 3, 3, FIXED, R_A, R_B);
  put([227, 228, 229, 230], 3, 2, 3, OV3, R_A, R_BD);
  put([224, 225], 2, 3, 3, FIXED, R_A, R_BD);
  put([226], 2, 2, 3, OV3, R_A, R_BD);
  put([154], 2, 3, 3, FIXED, R_A, R_B);
  put([141], 3, 4, 4, FIXED, R_A, R_B);
  put([202], 3, 1, 2, OV3, R_A, R_BD);
  put([150], 3, 1, 2, OV2, R_A, R_B);
  put([192], 4, 2, 3, OV3, R_A, R_BD);
  put([135], 4, 2, 3, OV2, R_A, R_B);
  put([213, 214], 4, 4, 4, FIXED, R_A, R_BD);
  put([215], 6, 4, 4, FIXED, R_A, R_BD);
  put([193, 194, 195, 196, 203, 204, 205, 206], 60, 4, 4, FIXED, R_A, R_BD);
  return rows;
})();

/** Sign-extended little-endian immediate of n ≤ 4 code bytes at i (zeros past the end). */
function immAt(c: CodeFacts, i: number, n: number): number {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) v = v * 256 + byteAt(c, i + k);
  return n === 0 ? 0 : v >= 2 ** (8 * n - 1) ? v - 2 ** (8 * n) : v;
}

/** The static target of a branch at p (81-90: OneRegImmOffset; 170-175: TwoRegOneOffset), as a plain number. */
function branchTarget(c: CodeFacts, p: number, op: number): number {
  const l = c.skip[p]!;
  if (op <= 90) {
    const lx = Math.min(4, (byteAt(c, p + 1) >> 4) & 7);
    const ly = Math.min(4, Math.max(0, l - lx - 1));
    return p + immAt(c, p + 2 + lx, ly);
  }
  return p + immAt(c, p + 2, Math.min(4, Math.max(0, l - 1)));
}

/** 1 when the target is an instruction start holding trap or unlikely, else 20 (Lean `branchCost`). */
function branchCycles(c: CodeFacts, target: number): number {
  if (target < 0 || target >= c.code.length) return 20;
  const op = byteAt(c, target);
  return startAt(c, target) && (op === 0 || op === 2) ? 1 : 20;
}

const regDone = new Float64Array(13);

/** jar1 block cost at `start`: max(maxDone − 3, 1) of the single-pass simulation. */
export function singlePassCost(c: CodeFacts, start: number, memCycles: number): number {
  regDone.fill(0);
  let cycle = 0;
  let used = 0;
  let maxDone = 0;
  let p = start;
  for (;;) {
    const op = byteAt(c, p);
    const row = ROWS[op]!;
    const a = Math.min(12, byteAt(c, p + 1) & 15);
    const b = Math.min(12, byteAt(c, p + 1) >> 4);
    const d = Math.min(12, byteAt(c, p + 2) & 15);
    const hit = row.rule === OV3 ? a === b || a === d : row.rule === OV2 ? a === b : true;
    const slots = hit ? row.slotsIf : row.slots;
    if (used >= 4) {
      cycle += 1;
      used = slots;
    } else used += slots;
    if (row.move) regDone[a] = regDone[b]!;
    else {
      const cycles = row.cycles === MEM ? memCycles : row.cycles === BRANCH ? branchCycles(c, branchTarget(c, p, op)) : row.cycles;
      let begin = cycle;
      if (row.src === R_A || row.src === R_AB) begin = Math.max(begin, regDone[a]!);
      if (row.src === R_B || row.src === R_AB || row.src === R_BD) begin = Math.max(begin, regDone[b]!);
      if (row.src === R_BD) begin = Math.max(begin, regDone[d]!);
      const done = begin + cycles;
      if (row.dst === R_A) regDone[a] = done;
      maxDone = Math.max(maxDone, done);
    }
    if (p >= c.code.length || endsBlock(op)) break;
    const n = p + 1 + c.skip[p]!;
    if (n >= c.code.length) break;
    p = n;
  }
  return maxDone > 3 ? maxDone - 3 : 1;
}

/** gp block cost at `start`: instructions up to the terminator, or to a non-start or the end (counted). */
export function gpCost(c: CodeFacts, start: number): number {
  let n = 0;
  let p = start;
  for (;;) {
    n += 1;
    if (p >= c.code.length || endsBlock(byteAt(c, p)) || !startAt(c, p)) return n;
    p += 1 + c.skip[p]!;
  }
}
