/**
 * The second tier: the basic blocks around a hot block start become one JavaScript function (new
 * Function) with a switch on pc, so the JS engine compiles them and the jumps between them stay
 * inside with the registers in local int32 pairs; gas and steps are local numbers. Same semantics as
 * interp.ts (ALU ops outside the inline set call the same shared functions in ops.ts), differential-tested.
 *
 * Protocol: f(L, H, S, mem, pc) with S = [gas, steps, maxSteps, exit, pc, lastPc, arg], entered at an
 * unpaid block start of the region (or a segment's paid pc). It returns the unpaid block start where
 * it left the region or where the gas or the step budget did not cover the next block (the
 * interpreter then takes over), paidAt(pc) to continue inside a paid block, or -1 after writing an
 * exit into S.
 */
import { EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_PANIC, EXIT_TRAP } from './api.js';
import type { BlockFn, Decoded } from './decode.js';
import { djumpTarget, DJ_HALT } from './interp.js';
import { REG_IMM_JIT, regImm, THREE_REG_JIT, threeReg, twoReg } from './ops.js';
import { endsBlock, Op, OP_PANIC } from './opcodes.js';
import { mul64, OUT } from './u64.js';

/** Slots of the shared state array S (gas, steps, step budget, then the exit a region reports). */
export const S_GAS = 0;
export const S_STEPS = 1;
export const S_MAX = 2;
export const S_EXIT = 3;
export const S_PC = 4;
export const S_LASTPC = 5;
export const S_ARG = 6;

/** A region: the block starts in one aligned window of this many code bytes. */
const WINDOW = 2048;
/**
 * Source size budget of a region function: V8's optimizing compiler takes time superlinear in the
 * function size (a 30 KB region took ~1 s), so regions stay small and larger blocks are segmented.
 */
const MAX_SOURCE = 12_000;

/** The empty page cache (rp = wp = -1 never match a page, so it is never read or written). */
const Z = new Uint8Array(4096);

type Factory = (h: typeof HELPERS, jt: Int32Array) => BlockFn;
/**
 * Region factories by source text: the same code compiled again (a CODE cap decoded anew, another
 * VM running it) reuses the function V8 already optimized instead of warming up a new one.
 */
const FACTORIES = new Map<string, Factory>();
const MAX_FACTORIES = 1024;

/** Writes an exit into S for the machine to read; returns -1. */
function X(S: Float64Array, code: number, pc: number, last: number, arg: number): number {
  S[S_EXIT] = code;
  S[S_PC] = pc;
  S[S_LASTPC] = last;
  S[S_ARG] = arg;
  return -1;
}
const R16 = (b: Uint8Array, q: number): number => b[q]! | (b[q + 1]! << 8);
const R32 = (b: Uint8Array, q: number): number => b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16) | (b[q + 3]! << 24);
const W16 = (b: Uint8Array, q: number, v: number): void => {
  b[q] = v;
  b[q + 1] = v >>> 8;
};
const W32 = (b: Uint8Array, q: number, v: number): void => {
  b[q] = v;
  b[q + 1] = v >>> 8;
  b[q + 2] = v >>> 16;
  b[q + 3] = v >>> 24;
};

const HELPERS = { OUT, mul64, regImm, twoReg, threeReg, djumpTarget, Z, X, R16, R32, W16, W32 };

/** The instructions of the block at s: up to its terminator, a panic, the trap past the end, or the end of d's region. */
function blockPcs(d: Decoded, s: number): number[] {
  const pcs: number[] = [];
  for (let p = s; ; p = d.next[p]!) {
    pcs.push(p);
    const o = d.op[p]!;
    if (p >= d.length || endsBlock(o) || o === OP_PANIC || d.next[p]! >= d.limit) return pcs;
  }
}

/** Where a block cut at the end of a lazily decoded region goes on (paid, in the next region), else null (decode.ts). */
function cutAt(d: Decoded, pcs: number[]): number | null {
  const p = pcs[pcs.length - 1]!;
  const o = d.op[p]!;
  return p >= d.length || endsBlock(o) || o === OP_PANIC ? null : d.next[p]!;
}

/**
 * Compiles the region holding block start s: every block start of s's window (s first, then in
 * order) while the source budget lasts, as one function with a switch on pc, so that the
 * transitions between its blocks stay inside with the registers in locals. A block too large for
 * the budget is split into segments instead.
 */
export interface Region {
  /** Entered at an unpaid block start (null: leave it to the interpreter). */
  readonly fn: BlockFn | null;
  readonly starts: number[];
  /** Functions entered at a paid pc inside a block (the later segments of a large block). */
  readonly paid: [number, BlockFn][];
}

export function compileRegion(d: Decoded, s: number): Region {
  const lo = s - (s % WINDOW);
  const starts = [s];
  const first = blockPcs(d, s);
  const cases = [compileCase(d, s, first, false, cutAt(d, first))];
  let total = cases[0]!.length;
  if (total > MAX_SOURCE) return segmented(d, s, first);
  for (let p = lo; p < lo + WINDOW && p <= d.length; p++) {
    if (p === s || d.blockStart[p] !== 1) continue;
    const pcs = blockPcs(d, p);
    const c = compileCase(d, p, pcs, false, cutAt(d, pcs));
    if (total + c.length > MAX_SOURCE) continue;
    total += c.length;
    starts.push(p);
    cases.push(c);
  }
  return { fn: build(`region_${s}`, cases, d.jumpTable), starts, paid: [] };
}

/** Instructions per segment of a block too large for one region. */
const SEGMENT = 40;

/**
 * A block too large for one function (an unrolled hash round): one function per run of SEGMENT
 * instructions. The first is entered at the block start and charges the block; the others are
 * entered at a paid pc inside the block (machine.blockPaid), and each hands over to the next.
 */
function segmented(d: Decoded, s: number, pcs: number[]): Region {
  const paid: [number, BlockFn][] = [];
  let fn: BlockFn | null = null;
  for (let k = 0; k < pcs.length; k += SEGMENT) {
    const part = pcs.slice(k, k + SEGMENT);
    const tail = k + SEGMENT < pcs.length ? pcs[k + SEGMENT]! : cutAt(d, pcs);
    const f = build(`segment_${part[0]}`, [compileCase(d, part[0]!, part, k > 0, tail)], d.jumpTable);
    if (k === 0) fn = f;
    else paid.push([part[0]!, f]);
  }
  return { fn, starts: [s], paid };
}

/** Encodes "continue at pc, inside a paid block" as a return value of a compiled function. */
export const paidAt = (pc: number): number => -10 - pc;

/** The function of a region or segment: registers in locals, a switch on pc over its cases. */
function build(name: string, cases: string[], jumpTable: Int32Array): BlockFn {
  const regs = Array.from({ length: 13 }, (_, r) => r);
  const src = `"use strict";const {OUT,mul64,regImm,twoReg,threeReg,djumpTarget,Z,X,R16,R32,W16,W32}=h;
return function ${name}(L,H,S,mem,pc){
let g=S[0],st=S[1],t=0,u=0,v=0,q=0,res=0,rp=-1,rb=Z,wp=-1,wb=Z;const max=S[2];
${regs.map((r) => `let l${r}=L[${r}],h${r}=H[${r}];`).join('')}
out:for(;;){switch(pc){
${cases.join('\n')}
default:res=pc;break out;
}}
${regs.map((r) => `L[${r}]=l${r};H[${r}]=h${r};`).join('')}S[0]=g;S[1]=st;return res;}`;
  let make = FACTORIES.get(src);
  if (make === undefined) {
    if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.clear();
    make = new Function('h', 'JT', src) as Factory;
    FACTORIES.set(src, make);
  }
  return make(HELPERS, jumpTable);
}

/**
 * One case of the switch: the instructions pcs from s, charged on entry (or, for a later segment of a
 * large block, entered paid); `tail` is the next segment's pc when pcs stop before the block's end.
 */
function compileCase(d: Decoded, s: number, pcs: number[], entryPaid = false, tail: number | null = null): string {
  const n = pcs.length;
  const exit = (i: number, code: number, pc: number, last: number, arg: string): string =>
    `{st+=${i};res=X(S,${code},${pc},${last},${arg});break out;}`;
  const goTo = (t: number): string => `{st+=${n};pc=${t};continue;}`;
  const staticJump = (i: number, p: number): string => {
    const t = d.target[p]!;
    return t < 0 ? exit(i, EXIT_PANIC, p, p, '0') : goTo(t);
  };
  const dynJump = (i: number, p: number, addr: string): string =>
    `t=djumpTarget(JT,${addr});if(t<0){if(t===${DJ_HALT})${exit(i, EXIT_HALT, p, p, '0')}${exit(i, EXIT_PANIC, p, p, '0')}}` +
    `st+=${n};pc=t${d.dj === 0 ? '' : `+${d.dj}`};continue;`;

  const body: string[] = [];
  pcs.forEach((p, k) => {
    const i = k + 1;
    const o = d.op[p]!;
    const a = d.ra[p]!;
    const b = d.rb[p]!;
    const r = d.rd[p]!;
    const xl = d.xLo[p]!;
    const xh = d.xHi[p]!;
    const yl = d.yLo[p]!;
    const yh = d.yHi[p]!;
    const la = `l${a}`, ha = `h${a}`, lb = `l${b}`, hb = `h${b}`, lr = `l${r}`, hr = `h${r}`;
    const fault = exit(i, EXIT_FAULT, p, p, 'mem.faultAddress');
    const ltu = (al: string, ah: string, bl: string, bh: string): string => `(${ah}===${bh}?(${al}>>>0)<(${bl}>>>0):(${ah}>>>0)<(${bh}>>>0))`;
    const lts = (al: string, ah: string, bl: string, bh: string): string => `(${ah}===${bh}?(${al}>>>0)<(${bl}>>>0):${ah}<${bh})`;
    // Loads and stores go through a one-page cache per region call (rp/rb readable, wp/wb writable),
    // then through the address space (checks, straddles, faults) when the access is elsewhere.
    const load = (addr: string, kind: number): string => {
      const size = kind === 6 ? 8 : 1 << (kind >> 1);
      const fast = kind <= 1 ? 'rb[q]' : kind <= 3 ? 'R16(rb,q)' : 'R32(rb,q)';
      const set = (v: string, hi: string): string => kind === 1 ? `${la}=(${v}<<24)>>24;${ha}=${la}>>31;`
        : kind === 3 ? `${la}=(${v}<<16)>>16;${ha}=${la}>>31;`
          : kind === 5 ? `${la}=${v};${ha}=${la}>>31;`
            : kind === 6 ? `${la}=${v};${ha}=${hi};` : `${la}=${v};${ha}=0;`;
      return `v=${addr};if(v>>>12===rp&&(v&4095)<=${4096 - size}){q=v&4095;${set(fast, 'R32(rb,q+4)')}}` +
        `else{if(!mem.read(v,${size}))${fault}${set('mem.rl', 'mem.rh')}rb=mem.page(rp=v>>>12);}`;
    };
    const store = (addr: string, size: number, lo: string, hi: string): string => {
      const fast = size === 1 ? `wb[q]=${lo};` : size === 2 ? `W16(wb,q,${lo});` : size === 4 ? `W32(wb,q,${lo});` : `W32(wb,q,${lo});W32(wb,q+4,${hi});`;
      return `v=${addr};if(v>>>12===wp&&(v&4095)<=${4096 - size}){q=v&4095;${fast}}` +
        `else{if(!mem.write(v,${size},${lo},${hi}))${fault}wb=mem.writablePage(wp=v>>>12);}`;
    };
    const branch = (cond: string): string => `if(${cond})${staticJump(i, p)}${goTo(d.next[p]!)}`;
    switch (o) {
      case Op.trap: body.push(exit(i, EXIT_TRAP, p, p, '0')); break;
      case Op.fallthrough: case Op.unlikely: body.push(goTo(d.next[p]!)); break;
      case Op.ecall: body.push(exit(i, EXIT_ECALL, d.next[p]!, p, '0')); break;
      case Op.ecalli: body.push(exit(i, EXIT_ECALLI, d.next[p]!, p, String(xl >>> 0))); break;
      case Op.load_imm_64: case Op.load_imm: body.push(`${la}=${xl};${ha}=${xh};`); break;
      case Op.store_imm_u8: case Op.store_imm_u16: case Op.store_imm_u32: case Op.store_imm_u64:
        body.push(store(String(xl >>> 0), 1 << (o - Op.store_imm_u8), String(yl), String(yh))); break;
      case Op.jump: body.push(staticJump(i, p)); break;
      case Op.jump_ind: body.push(dynJump(i, p, `(${la}+${xl})>>>0`)); break;
      case Op.load_u8: case Op.load_i8: case Op.load_u16: case Op.load_i16: case Op.load_u32: case Op.load_i32:
      case Op.load_u64: body.push(load(String(xl >>> 0), o - Op.load_u8)); break;
      case Op.store_u8: case Op.store_u16: case Op.store_u32: case Op.store_u64:
        body.push(store(String(xl >>> 0), 1 << (o - Op.store_u8), la, ha)); break;
      case Op.store_imm_ind_u8: case Op.store_imm_ind_u16: case Op.store_imm_ind_u32: case Op.store_imm_ind_u64:
        body.push(store(`(${la}+${xl})>>>0`, 1 << (o - Op.store_imm_ind_u8), String(yl), String(yh))); break;
      case Op.load_imm_jump: body.push(`${la}=${xl};${ha}=${xh};${staticJump(i, p)}`); break;
      case Op.branch_eq_imm: case Op.branch_ne_imm: case Op.branch_lt_u_imm: case Op.branch_le_u_imm:
      case Op.branch_ge_u_imm: case Op.branch_gt_u_imm: case Op.branch_lt_s_imm: case Op.branch_le_s_imm:
      case Op.branch_ge_s_imm: case Op.branch_gt_s_imm: {
        const x = [String(xl), String(xh)] as const;
        const conds = [
          `(${la}===${x[0]}&&${ha}===${x[1]})`, `(${la}!==${x[0]}||${ha}!==${x[1]})`,
          ltu(la, ha, x[0], x[1]), `!${ltu(x[0], x[1], la, ha)}`, `!${ltu(la, ha, x[0], x[1])}`, ltu(x[0], x[1], la, ha),
          lts(la, ha, x[0], x[1]), `!${lts(x[0], x[1], la, ha)}`, `!${lts(la, ha, x[0], x[1])}`, lts(x[0], x[1], la, ha),
        ];
        body.push(branch(conds[o - Op.branch_eq_imm]!));
        break;
      }
      case Op.move_reg: body.push(`${la}=${lb};${ha}=${hb};`); break;
      case Op.count_set_bits_64: case Op.count_set_bits_32: case Op.leading_zero_bits_64: case Op.leading_zero_bits_32:
      case Op.trailing_zero_bits_64: case Op.trailing_zero_bits_32: case Op.sign_extend_8: case Op.sign_extend_16:
      case Op.zero_extend_16: case Op.reverse_bytes:
        body.push(`L[${b}]=${lb};H[${b}]=${hb};twoReg(L,H,${o},${a},${b});${la}=L[${a}];${ha}=H[${a}];`); break;
      case Op.store_ind_u8: case Op.store_ind_u16: case Op.store_ind_u32: case Op.store_ind_u64:
        body.push(store(`(${lb}+${xl})>>>0`, 1 << (o - Op.store_ind_u8), la, ha)); break;
      case Op.load_ind_u8: case Op.load_ind_i8: case Op.load_ind_u16: case Op.load_ind_i16: case Op.load_ind_u32:
      case Op.load_ind_i32: case Op.load_ind_u64: body.push(load(`(${lb}+${xl})>>>0`, o - Op.load_ind_u8)); break;
      case Op.add_imm_32: case Op.and_imm: case Op.xor_imm: case Op.or_imm: case Op.mul_imm_32: case Op.set_lt_u_imm:
      case Op.set_lt_s_imm: case Op.shlo_l_imm_32: case Op.shlo_r_imm_32: case Op.shar_r_imm_32: case Op.neg_add_imm_32:
      case Op.set_gt_u_imm: case Op.set_gt_s_imm: case Op.shlo_l_imm_alt_32: case Op.shlo_r_imm_alt_32:
      case Op.shar_r_imm_alt_32: case Op.cmov_iz_imm: case Op.cmov_nz_imm: case Op.add_imm_64: case Op.mul_imm_64:
      case Op.shlo_l_imm_64: case Op.shlo_r_imm_64: case Op.shar_r_imm_64: case Op.neg_add_imm_64:
      case Op.shlo_l_imm_alt_64: case Op.shlo_r_imm_alt_64: case Op.shar_r_imm_alt_64: case Op.rot_r_64_imm:
      case Op.rot_r_64_imm_alt: case Op.rot_r_32_imm: case Op.rot_r_32_imm_alt: {
        const inline = REG_IMM_JIT[o]; // else the interpreter's own function (ops.ts regImm)
        body.push(inline !== undefined ? inline(la, ha, lb, hb, String(xl), String(xh))
          : `L[${a}]=${la};H[${a}]=${ha};L[${b}]=${lb};H[${b}]=${hb};regImm(L,H,${o},${a},${b},${xl},${xh});${la}=L[${a}];${ha}=H[${a}];`);
        break;
      }
      case Op.branch_eq: case Op.branch_ne: case Op.branch_lt_u: case Op.branch_lt_s: case Op.branch_ge_u:
      case Op.branch_ge_s: {
        const conds = [
          `(${la}===${lb}&&${ha}===${hb})`, `(${la}!==${lb}||${ha}!==${hb})`, ltu(la, ha, lb, hb), lts(la, ha, lb, hb),
          `!${ltu(la, ha, lb, hb)}`, `!${lts(la, ha, lb, hb)}`,
        ];
        body.push(branch(conds[o - Op.branch_eq]!));
        break;
      }
      case Op.load_imm_jump_ind: body.push(`u=(${lb}+${yl})>>>0;${la}=${xl};${ha}=${xh};${dynJump(i, p, 'u')}`); break;
      case Op.add_32: case Op.sub_32: case Op.mul_32: case Op.div_u_32: case Op.div_s_32: case Op.rem_u_32:
      case Op.rem_s_32: case Op.shlo_l_32: case Op.shlo_r_32: case Op.shar_r_32: case Op.add_64: case Op.sub_64:
      case Op.mul_64: case Op.div_u_64: case Op.div_s_64: case Op.rem_u_64: case Op.rem_s_64: case Op.shlo_l_64:
      case Op.shlo_r_64: case Op.shar_r_64: case Op.and: case Op.xor: case Op.or: case Op.mul_upper_s_s:
      case Op.mul_upper_u_u: case Op.mul_upper_s_u: case Op.set_lt_u: case Op.set_lt_s: case Op.cmov_iz:
      case Op.cmov_nz: case Op.rot_l_64: case Op.rot_l_32: case Op.rot_r_64: case Op.rot_r_32: case Op.and_inv:
      case Op.or_inv: case Op.xnor: case Op.max: case Op.max_u: case Op.min: case Op.min_u: {
        const inline = THREE_REG_JIT[o]; // else the interpreter's own function (ops.ts threeReg)
        body.push(inline !== undefined ? inline(lr, hr, la, ha, lb, hb)
          : `L[${a}]=${la};H[${a}]=${ha};L[${b}]=${lb};H[${b}]=${hb};L[${r}]=${lr};H[${r}]=${hr};threeReg(L,H,${o},${a},${b},${r});${lr}=L[${r}];${hr}=H[${r}];`);
        break;
      }
      default: body.push(exit(i, EXIT_PANIC, p, p, '0')); // OP_PANIC: K = 0 or an invalid opcode
    }
  });

  if (tail !== null) body.push(`st+=${n};res=${paidAt(tail)};break out;`);
  const head = entryPaid ? `if(st+${n}>max){res=${paidAt(s)};break out;}` : `if(st+${n}>max||g<${d.cost[s]!}){res=${s};break out;}g-=${d.cost[s]!};`;
  return `case ${s}:${head}\n${body.join('\n')}`;
}
