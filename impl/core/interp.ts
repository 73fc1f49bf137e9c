/**
 * The first tier: a switch over the decoded opcode in one loop, registers as int32 halves, gas as a
 * number. Allocates nothing and throws nothing. Semantics: pvm-core.md 3 and spec-notes 0001-0028;
 * charging: a block is paid on entry (Lean `runBlockGasWith`), out of gas leaves gas 0 (0010).
 */
import { EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP } from './api.js';
import { blockCostAt, type Decoded } from './decode.js';
import type { ImplMachine } from './machine.js';
import type { ImplAddressSpace } from './memory.js';
import { ltS, ltU, regImm, threeReg, twoReg } from './ops.js';

/** interpret() stopped at an unpaid block start (only when asked to, for the second tier). */
export const AT_BOUNDARY = -1;
/** interpret() left a lazily decoded region (decode.ts): m.pc is a local pc at or past d.limit. */
export const AT_EDGE = -3;

const HALT_ADDRESS = 0xffff0000;

/**
 * Runs from m.pc until an exit, maxSteps instructions, or (atBoundary) an unpaid block start reached
 * after at least one instruction. Returns an ExitCode or AT_BOUNDARY; the machine holds the state.
 */
export function interpret(m: ImplMachine, d: Decoded, maxSteps: number, atBoundary: boolean): number {
  const L = m.L;
  const H = m.H;
  const mem = m.mem as ImplAddressSpace;
  const { op, ra, rb, rd, xLo, xHi, yLo, yHi, target, next, cost, jumpTable, limit, dj } = d;
  let pc = m.pc;
  let g = m.g;
  let steps = m.steps;
  let paid = m.blockPaid;
  let lastPc = pc;
  let exit = EXIT_BUDGET;
  let fa = 0; // fault address of a failed access
  const first = steps;
  run: for (;;) {
    if (steps >= maxSteps) { exit = EXIT_BUDGET; break; }
    if (pc >= limit) { exit = AT_EDGE; break; } // pcs are local to d (decode.ts): only a region view has pcs past its arrays
    if (!paid) {
      if (atBoundary && steps !== first) { exit = AT_BOUNDARY; break; }
      let c = cost[pc]!;
      if (c !== c) c = blockCostAt(d, pc);
      if (g < c) {
        m.g = g;
        g = m.refill(c);
        if (g < c) { g = 0; lastPc = pc; exit = EXIT_OOG; break; }
      }
      g -= c;
      paid = true;
    }
    lastPc = pc;
    steps++;
    const a = ra[pc]!;
    const b = rb[pc]!;
    switch (op[pc]!) {
      case 0: exit = EXIT_TRAP; break run;
      case 1: case 2: pc = next[pc]!; paid = false; continue;
      case 3: pc = next[pc]!; paid = false; exit = EXIT_ECALL; break run;
      case 10: m.exitArg = xLo[pc]! >>> 0; pc = next[pc]!; paid = false; exit = EXIT_ECALLI; break run;
      case 20: case 51: L[a] = xLo[pc]!; H[a] = xHi[pc]!; break;
      case 30: case 31: case 32: case 33: {
        const n = 1 << (op[pc]! - 30);
        if (!mem.write(xLo[pc]! >>> 0, n, yLo[pc]!, yHi[pc]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      }
      case 40: {
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case 50: {
        const t = djumpTarget(jumpTable, (L[a]! + xLo[pc]!) >>> 0);
        if (t < 0) { exit = t === DJ_HALT ? EXIT_HALT : EXIT_PANIC; break run; }
        pc = t + dj; paid = false; continue;
      }
      case 52: case 53: case 54: case 55: case 56: case 57: case 58:
        if (!load(mem, L, H, a, xLo[pc]! >>> 0, op[pc]! - 52)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case 59: case 60: case 61: case 62:
        if (!mem.write(xLo[pc]! >>> 0, 1 << (op[pc]! - 59), L[a]!, H[a]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case 70: case 71: case 72: case 73:
        if (!mem.write((L[a]! + xLo[pc]!) >>> 0, 1 << (op[pc]! - 70), yLo[pc]!, yHi[pc]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case 80: {
        L[a] = xLo[pc]!; H[a] = xHi[pc]!; // kept even if the target panics (spec-notes/0004)
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case 81: case 82: case 83: case 84: case 85: case 86: case 87: case 88: case 89: case 90: {
        const al = L[a]!, ah = H[a]!, bl = xLo[pc]!, bh = xHi[pc]!;
        let taken: boolean;
        switch (op[pc]!) {
          case 81: taken = al === bl && ah === bh; break;
          case 82: taken = al !== bl || ah !== bh; break;
          case 83: taken = ltU(al, ah, bl, bh); break;
          case 84: taken = !ltU(bl, bh, al, ah); break;
          case 85: taken = !ltU(al, ah, bl, bh); break;
          case 86: taken = ltU(bl, bh, al, ah); break;
          case 87: taken = ltS(al, ah, bl, bh); break;
          case 88: taken = !ltS(bl, bh, al, ah); break;
          case 89: taken = !ltS(al, ah, bl, bh); break;
          default: taken = ltS(bl, bh, al, ah); break;
        }
        if (!taken) { pc = next[pc]!; paid = false; continue; }
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case 100: L[a] = L[b]!; H[a] = H[b]!; break;
      case 102: case 103: case 104: case 105: case 106: case 107: case 108: case 109: case 110: case 111:
        twoReg(L, H, op[pc]!, a, b);
        break;
      case 120: case 121: case 122: case 123:
        if (!mem.write((L[b]! + xLo[pc]!) >>> 0, 1 << (op[pc]! - 120), L[a]!, H[a]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case 124: case 125: case 126: case 127: case 128: case 129: case 130:
        if (!load(mem, L, H, a, (L[b]! + xLo[pc]!) >>> 0, op[pc]! - 124)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case 131: { const r = (L[b]! + xLo[pc]!) | 0; L[a] = r; H[a] = r >> 31; break; }
      case 132: L[a] = L[b]! & xLo[pc]!; H[a] = H[b]! & xHi[pc]!; break;
      case 133: L[a] = L[b]! ^ xLo[pc]!; H[a] = H[b]! ^ xHi[pc]!; break;
      case 134: L[a] = L[b]! | xLo[pc]!; H[a] = H[b]! | xHi[pc]!; break;
      case 149: { const l = L[b]!, x = xLo[pc]!; const r = (l + x) | 0; L[a] = r; H[a] = (H[b]! + xHi[pc]! + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; break; }
      case 135: case 136: case 137: case 138: case 139: case 140: case 141: case 142: case 143: case 144: case 145: case 146:
      case 147: case 148: case 150: case 151: case 152: case 153: case 154: case 155: case 156: case 157: case 158: case 159:
      case 160: case 161:
        regImm(L, H, op[pc]!, a, b, xLo[pc]!, xHi[pc]!);
        break;
      case 170: case 171: case 172: case 173: case 174: case 175: {
        const al = L[a]!, ah = H[a]!, bl = L[b]!, bh = H[b]!;
        let taken: boolean;
        switch (op[pc]!) {
          case 170: taken = al === bl && ah === bh; break;
          case 171: taken = al !== bl || ah !== bh; break;
          case 172: taken = ltU(al, ah, bl, bh); break;
          case 173: taken = ltS(al, ah, bl, bh); break;
          case 174: taken = !ltU(al, ah, bl, bh); break;
          default: taken = !ltS(al, ah, bl, bh); break;
        }
        if (!taken) { pc = next[pc]!; paid = false; continue; }
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case 180: {
        const t = djumpTarget(jumpTable, (L[b]! + yLo[pc]!) >>> 0); // from the old φ[rB] (spec-notes/0004)
        L[a] = xLo[pc]!; H[a] = xHi[pc]!; // kept whatever the jump does
        if (t < 0) { exit = t === DJ_HALT ? EXIT_HALT : EXIT_PANIC; break run; }
        pc = t + dj; paid = false; continue;
      }
      case 200: { const l = L[a]!; const r = (l + L[b]!) | 0; const d3 = rd[pc]!; H[d3] = (H[a]! + H[b]! + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; L[d3] = r; break; }
      default: {
        const o = op[pc]!;
        if (o < 190 || o > 230) { exit = EXIT_PANIC; break run; }
        threeReg(L, H, o, a, b, rd[pc]!);
        break;
      }
    }
    pc = next[pc]!;
  }
  if (exit === EXIT_FAULT && fa < m.guard) exit = EXIT_PANIC; // gp guard zone (spec-notes/0027)
  else if (exit === EXIT_FAULT) m.exitArg = (fa & ~4095) >>> 0; // page base (spec-notes/0007)
  m.pc = pc;
  m.g = g;
  m.steps = steps;
  m.blockPaid = exit === EXIT_BUDGET || exit === AT_BOUNDARY || exit === AT_EDGE ? paid : false;
  m.lastPc = exit === EXIT_BUDGET ? pc : lastPc;
  return exit;
}

/** djumpTarget results other than a target pc. */
export const DJ_HALT = -2;
export const DJ_PANIC = -1;

/** djump (spec-notes/0005): DJ_HALT at the halt address; DJ_PANIC for 0, odd, beyond the table, or not a block start; else the target. */
export function djumpTarget(jumpTable: Int32Array, a: number): number {
  if (a === HALT_ADDRESS) return DJ_HALT;
  const idx = a >>> 1;
  if (a === 0 || (a & 1) !== 0 || idx > jumpTable.length) return DJ_PANIC;
  return jumpTable[idx - 1]!; // -1 (DJ_PANIC) where the entry is not in ϖ
}

/** Loads into φ[r]: kind 0..6 = u8, i8, u16, i16, u32, i32, u64. */
function load(mem: ImplAddressSpace, L: Int32Array, H: Int32Array, r: number, addr: number, kind: number): boolean {
  const n = kind === 6 ? 8 : 1 << (kind >> 1);
  if (!mem.read(addr, n)) return false;
  let lo = mem.rl;
  let hi = mem.rh;
  if (kind === 1) { lo = (lo << 24) >> 24; hi = lo >> 31; }
  else if (kind === 3) { lo = (lo << 16) >> 16; hi = lo >> 31; }
  else if (kind === 5) hi = lo >> 31;
  L[r] = lo;
  H[r] = hi;
  return true;
}

