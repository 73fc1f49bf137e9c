/**
 * The first tier: a switch over the decoded opcode in one loop, registers as int32 halves, gas as a
 * number. Allocates nothing and throws nothing. Semantics: pvm-core.md 3 and spec-notes 0001-0028;
 * charging: a block is paid on entry (Lean `runBlockGasWith`), out of gas leaves gas 0 (0010).
 */
import { EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP } from './api.js';
import { blockCostAt, type Decoded } from './decode.js';
import type { ImplAddressSpace } from './memory.js';
import { ltS, ltU, regImm, threeReg, twoReg } from './ops.js';
import { Op } from './opcodes.js';

/** interpret() stopped at an unpaid block start (only when asked to, for the second tier). */
export const AT_BOUNDARY = -1;
/** interpret() left a lazily decoded region (decode.ts): m.pc is a local pc at or past d.limit. */
export const AT_EDGE = -3;

const HALT_ADDRESS = 0xffff0000;

/**
 * What the interpreter reads and writes of its machine (machine.ts ImplMachine, which calls it): the
 * registers as int32 halves, pc, the hot gas and its refill from the reserve, the block-paid flag, the
 * exit argument, the step count, the address space and the guard zone.
 */
export interface InterpMachine {
  readonly L: Int32Array;
  readonly H: Int32Array;
  pc: number;
  g: number;
  blockPaid: boolean;
  exitArg: number;
  lastPc: number;
  steps: number;
  readonly guard: number;
  readonly mem: ImplAddressSpace;
  /** Moves gas from the reserve so that at least `cost` is in g if the VM has it; returns g. */
  refill(cost: number): number;
}

/**
 * Runs from m.pc until an exit, maxSteps instructions, or (atBoundary) an unpaid block start reached
 * after at least one instruction. Returns an ExitCode or AT_BOUNDARY; the machine holds the state.
 */
export function interpret(m: InterpMachine, d: Decoded, maxSteps: number, atBoundary: boolean): number {
  const L = m.L;
  const H = m.H;
  const mem = m.mem;
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
      case Op.trap: exit = EXIT_TRAP; break run;
      case Op.fallthrough: case Op.unlikely: pc = next[pc]!; paid = false; continue;
      case Op.ecall: pc = next[pc]!; paid = false; exit = EXIT_ECALL; break run;
      case Op.ecalli: m.exitArg = xLo[pc]! >>> 0; pc = next[pc]!; paid = false; exit = EXIT_ECALLI; break run;
      case Op.load_imm_64: case Op.load_imm: L[a] = xLo[pc]!; H[a] = xHi[pc]!; break;
      case Op.store_imm_u8: case Op.store_imm_u16: case Op.store_imm_u32: case Op.store_imm_u64: {
        const n = 1 << (op[pc]! - Op.store_imm_u8);
        if (!mem.write(xLo[pc]! >>> 0, n, yLo[pc]!, yHi[pc]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      }
      case Op.jump: {
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case Op.jump_ind: {
        const t = djumpTarget(jumpTable, (L[a]! + xLo[pc]!) >>> 0);
        if (t < 0) { exit = t === DJ_HALT ? EXIT_HALT : EXIT_PANIC; break run; }
        pc = t + dj; paid = false; continue;
      }
      case Op.load_u8: case Op.load_i8: case Op.load_u16: case Op.load_i16: case Op.load_u32: case Op.load_i32:
      case Op.load_u64:
        if (!load(mem, L, H, a, xLo[pc]! >>> 0, op[pc]! - Op.load_u8)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case Op.store_u8: case Op.store_u16: case Op.store_u32: case Op.store_u64:
        if (!mem.write(xLo[pc]! >>> 0, 1 << (op[pc]! - Op.store_u8), L[a]!, H[a]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case Op.store_imm_ind_u8: case Op.store_imm_ind_u16: case Op.store_imm_ind_u32: case Op.store_imm_ind_u64:
        if (!mem.write((L[a]! + xLo[pc]!) >>> 0, 1 << (op[pc]! - Op.store_imm_ind_u8), yLo[pc]!, yHi[pc]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case Op.load_imm_jump: {
        L[a] = xLo[pc]!; H[a] = xHi[pc]!; // kept even if the target panics (spec-notes/0004)
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case Op.branch_eq_imm: case Op.branch_ne_imm: case Op.branch_lt_u_imm: case Op.branch_le_u_imm:
      case Op.branch_ge_u_imm: case Op.branch_gt_u_imm: case Op.branch_lt_s_imm: case Op.branch_le_s_imm:
      case Op.branch_ge_s_imm: case Op.branch_gt_s_imm: {
        const al = L[a]!, ah = H[a]!, bl = xLo[pc]!, bh = xHi[pc]!;
        let taken: boolean;
        switch (op[pc]!) {
          case Op.branch_eq_imm: taken = al === bl && ah === bh; break;
          case Op.branch_ne_imm: taken = al !== bl || ah !== bh; break;
          case Op.branch_lt_u_imm: taken = ltU(al, ah, bl, bh); break;
          case Op.branch_le_u_imm: taken = !ltU(bl, bh, al, ah); break;
          case Op.branch_ge_u_imm: taken = !ltU(al, ah, bl, bh); break;
          case Op.branch_gt_u_imm: taken = ltU(bl, bh, al, ah); break;
          case Op.branch_lt_s_imm: taken = ltS(al, ah, bl, bh); break;
          case Op.branch_le_s_imm: taken = !ltS(bl, bh, al, ah); break;
          case Op.branch_ge_s_imm: taken = !ltS(al, ah, bl, bh); break;
          default: taken = ltS(bl, bh, al, ah); break; // Op.branch_gt_s_imm
        }
        if (!taken) { pc = next[pc]!; paid = false; continue; }
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case Op.move_reg: L[a] = L[b]!; H[a] = H[b]!; break;
      case Op.count_set_bits_64: case Op.count_set_bits_32: case Op.leading_zero_bits_64: case Op.leading_zero_bits_32:
      case Op.trailing_zero_bits_64: case Op.trailing_zero_bits_32: case Op.sign_extend_8: case Op.sign_extend_16:
      case Op.zero_extend_16: case Op.reverse_bytes:
        twoReg(L, H, op[pc]!, a, b);
        break;
      case Op.store_ind_u8: case Op.store_ind_u16: case Op.store_ind_u32: case Op.store_ind_u64:
        if (!mem.write((L[b]! + xLo[pc]!) >>> 0, 1 << (op[pc]! - Op.store_ind_u8), L[a]!, H[a]!)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case Op.load_ind_u8: case Op.load_ind_i8: case Op.load_ind_u16: case Op.load_ind_i16: case Op.load_ind_u32:
      case Op.load_ind_i32: case Op.load_ind_u64:
        if (!load(mem, L, H, a, (L[b]! + xLo[pc]!) >>> 0, op[pc]! - Op.load_ind_u8)) { fa = mem.faultAddress; exit = EXIT_FAULT; break run; }
        break;
      case Op.add_imm_32: { const r = (L[b]! + xLo[pc]!) | 0; L[a] = r; H[a] = r >> 31; break; }
      case Op.and_imm: L[a] = L[b]! & xLo[pc]!; H[a] = H[b]! & xHi[pc]!; break;
      case Op.xor_imm: L[a] = L[b]! ^ xLo[pc]!; H[a] = H[b]! ^ xHi[pc]!; break;
      case Op.or_imm: L[a] = L[b]! | xLo[pc]!; H[a] = H[b]! | xHi[pc]!; break;
      case Op.add_imm_64: { const l = L[b]!, x = xLo[pc]!; const r = (l + x) | 0; L[a] = r; H[a] = (H[b]! + xHi[pc]! + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; break; }
      case Op.mul_imm_32: case Op.set_lt_u_imm: case Op.set_lt_s_imm: case Op.shlo_l_imm_32: case Op.shlo_r_imm_32:
      case Op.shar_r_imm_32: case Op.neg_add_imm_32: case Op.set_gt_u_imm: case Op.set_gt_s_imm:
      case Op.shlo_l_imm_alt_32: case Op.shlo_r_imm_alt_32: case Op.shar_r_imm_alt_32: case Op.cmov_iz_imm:
      case Op.cmov_nz_imm: case Op.mul_imm_64: case Op.shlo_l_imm_64: case Op.shlo_r_imm_64: case Op.shar_r_imm_64:
      case Op.neg_add_imm_64: case Op.shlo_l_imm_alt_64: case Op.shlo_r_imm_alt_64: case Op.shar_r_imm_alt_64:
      case Op.rot_r_64_imm: case Op.rot_r_64_imm_alt: case Op.rot_r_32_imm: case Op.rot_r_32_imm_alt:
        regImm(L, H, op[pc]!, a, b, xLo[pc]!, xHi[pc]!);
        break;
      case Op.branch_eq: case Op.branch_ne: case Op.branch_lt_u: case Op.branch_lt_s: case Op.branch_ge_u:
      case Op.branch_ge_s: {
        const al = L[a]!, ah = H[a]!, bl = L[b]!, bh = H[b]!;
        let taken: boolean;
        switch (op[pc]!) {
          case Op.branch_eq: taken = al === bl && ah === bh; break;
          case Op.branch_ne: taken = al !== bl || ah !== bh; break;
          case Op.branch_lt_u: taken = ltU(al, ah, bl, bh); break;
          case Op.branch_lt_s: taken = ltS(al, ah, bl, bh); break;
          case Op.branch_ge_u: taken = !ltU(al, ah, bl, bh); break;
          default: taken = !ltS(al, ah, bl, bh); break; // Op.branch_ge_s
        }
        if (!taken) { pc = next[pc]!; paid = false; continue; }
        const t = target[pc]!;
        if (t < 0) { exit = EXIT_PANIC; break run; }
        pc = t; paid = false; continue;
      }
      case Op.load_imm_jump_ind: {
        const t = djumpTarget(jumpTable, (L[b]! + yLo[pc]!) >>> 0); // from the old φ[rB] (spec-notes/0004)
        L[a] = xLo[pc]!; H[a] = xHi[pc]!; // kept whatever the jump does
        if (t < 0) { exit = t === DJ_HALT ? EXIT_HALT : EXIT_PANIC; break run; }
        pc = t + dj; paid = false; continue;
      }
      case Op.add_64: { const l = L[a]!; const r = (l + L[b]!) | 0; const d3 = rd[pc]!; H[d3] = (H[a]! + H[b]! + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; L[d3] = r; break; }
      default: {
        const o = op[pc]!;
        if (o < Op.add_32 || o > Op.min_u) { exit = EXIT_PANIC; break run; }
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

