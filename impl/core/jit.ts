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
import { regImm, threeReg, twoReg } from './ops.js';
import { endsBlock, OP_PANIC } from './opcodes.js';
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
    /** φ[dst] := rotr64(src, s) for a constant s (sources read into t, u first: dst may be a source). */
    const rotr = (dl: string, dh: string, sl: string, sh: string, amount: number): string => {
      const [lo, hi] = amount >= 32 ? ['u', 't'] : ['t', 'u'];
      const r = amount & 31;
      return r === 0 ? `t=${sl};u=${sh};${dl}=${lo};${dh}=${hi};`
        : `t=${sl};u=${sh};${dl}=(${lo}>>>${r})|(${hi}<<${32 - r});${dh}=(${hi}>>>${r})|(${lo}<<${32 - r});`;
    };
    const branch = (cond: string): string => `if(${cond})${staticJump(i, p)}${goTo(d.next[p]!)}`;
    switch (true) {
      case o === 0: body.push(exit(i, EXIT_TRAP, p, p, '0')); break;
      case o === 1 || o === 2: body.push(goTo(d.next[p]!)); break;
      case o === 3: body.push(exit(i, EXIT_ECALL, d.next[p]!, p, '0')); break;
      case o === 10: body.push(exit(i, EXIT_ECALLI, d.next[p]!, p, String(xl >>> 0))); break;
      case o === 20 || o === 51: body.push(`${la}=${xl};${ha}=${xh};`); break;
      case o >= 30 && o <= 33: body.push(store(String(xl >>> 0), 1 << (o - 30), String(yl), String(yh))); break;
      case o === 40: body.push(staticJump(i, p)); break;
      case o === 50: body.push(dynJump(i, p, `(${la}+${xl})>>>0`)); break;
      case o >= 52 && o <= 58: body.push(load(String(xl >>> 0), o - 52)); break;
      case o >= 59 && o <= 62: body.push(store(String(xl >>> 0), 1 << (o - 59), la, ha)); break;
      case o >= 70 && o <= 73: body.push(store(`(${la}+${xl})>>>0`, 1 << (o - 70), String(yl), String(yh))); break;
      case o === 80: body.push(`${la}=${xl};${ha}=${xh};${staticJump(i, p)}`); break;
      case o >= 81 && o <= 90: {
        const x = [String(xl), String(xh)] as const;
        const conds = [
          `(${la}===${x[0]}&&${ha}===${x[1]})`, `(${la}!==${x[0]}||${ha}!==${x[1]})`,
          ltu(la, ha, x[0], x[1]), `!${ltu(x[0], x[1], la, ha)}`, `!${ltu(la, ha, x[0], x[1])}`, ltu(x[0], x[1], la, ha),
          lts(la, ha, x[0], x[1]), `!${lts(x[0], x[1], la, ha)}`, `!${lts(la, ha, x[0], x[1])}`, lts(x[0], x[1], la, ha),
        ];
        body.push(branch(conds[o - 81]!));
        break;
      }
      case o === 100: body.push(`${la}=${lb};${ha}=${hb};`); break;
      case o >= 102 && o <= 111: body.push(`L[${b}]=${lb};H[${b}]=${hb};twoReg(L,H,${o},${a},${b});${la}=L[${a}];${ha}=H[${a}];`); break;
      case o >= 120 && o <= 123: body.push(store(`(${lb}+${xl})>>>0`, 1 << (o - 120), la, ha)); break;
      case o >= 124 && o <= 130: body.push(load(`(${lb}+${xl})>>>0`, o - 124)); break;
      case o === 131: body.push(`${la}=(${lb}+${xl})|0;${ha}=${la}>>31;`); break;
      case o === 132: body.push(`${la}=${lb}&${xl};${ha}=${hb}&${xh};`); break;
      case o === 133: body.push(`${la}=${lb}^${xl};${ha}=${hb}^${xh};`); break;
      case o === 134: body.push(`${la}=${lb}|${xl};${ha}=${hb}|${xh};`); break;
      case o === 149: body.push(`t=(${lb}+${xl})|0;${ha}=(${hb}+${xh}+((t>>>0)<(${lb}>>>0)?1:0))|0;${la}=t;`); break;
      case o === 158: body.push(rotr(la, ha, lb, hb, xl & 63)); break;
      case o >= 131 && o <= 161:
        body.push(`L[${a}]=${la};H[${a}]=${ha};L[${b}]=${lb};H[${b}]=${hb};regImm(L,H,${o},${a},${b},${xl},${xh});${la}=L[${a}];${ha}=H[${a}];`);
        break;
      case o >= 170 && o <= 175: {
        const conds = [
          `(${la}===${lb}&&${ha}===${hb})`, `(${la}!==${lb}||${ha}!==${hb})`, ltu(la, ha, lb, hb), lts(la, ha, lb, hb),
          `!${ltu(la, ha, lb, hb)}`, `!${lts(la, ha, lb, hb)}`,
        ];
        body.push(branch(conds[o - 170]!));
        break;
      }
      case o === 180: body.push(`u=(${lb}+${yl})>>>0;${la}=${xl};${ha}=${xh};${dynJump(i, p, 'u')}`); break;
      case o === 190: body.push(`${lr}=(${la}+${lb})|0;${hr}=${lr}>>31;`); break;
      case o === 191: body.push(`${lr}=(${la}-${lb})|0;${hr}=${lr}>>31;`); break;
      case o === 200: body.push(`t=(${la}+${lb})|0;${hr}=(${ha}+${hb}+((t>>>0)<(${la}>>>0)?1:0))|0;${lr}=t;`); break;
      case o === 201: body.push(`t=(${la}-${lb})|0;${hr}=(${ha}-${hb}-((${la}>>>0)<(${lb}>>>0)?1:0))|0;${lr}=t;`); break;
      case o === 202: body.push(`mul64(${la},${ha},${lb},${hb});${lr}=OUT[0];${hr}=OUT[1];`); break;
      case o === 210: body.push(`${lr}=${la}&${lb};${hr}=${ha}&${hb};`); break;
      case o === 211: body.push(`${lr}=${la}^${lb};${hr}=${ha}^${hb};`); break;
      case o === 212: body.push(`${lr}=${la}|${lb};${hr}=${ha}|${hb};`); break;
      case o === 224: body.push(`t=${la}&~${lb};${hr}=${ha}&~${hb};${lr}=t;`); break;
      case o === 225: body.push(`t=${la}|~${lb};${hr}=${ha}|~${hb};${lr}=t;`); break;
      case o === 226: body.push(`t=~(${la}^${lb});${hr}=~(${ha}^${hb});${lr}=t;`); break;
      case o >= 190 && o <= 230:
        body.push(`L[${a}]=${la};H[${a}]=${ha};L[${b}]=${lb};H[${b}]=${hb};L[${r}]=${lr};H[${r}]=${hr};threeReg(L,H,${o},${a},${b},${r});${lr}=L[${r}];${hr}=H[${r}];`);
        break;
      default: body.push(exit(i, EXIT_PANIC, p, p, '0')); // OP_PANIC: K = 0 or an invalid opcode
    }
  });

  if (tail !== null) body.push(`st+=${n};res=${paidAt(tail)};break out;`);
  const head = entryPaid ? `if(st+${n}>max){res=${paidAt(s)};break out;}` : `if(st+${n}>max||g<${d.cost[s]!}){res=${s};break out;}g-=${d.cost[s]!};`;
  return `case ${s}:${head}\n${body.join('\n')}`;
}
