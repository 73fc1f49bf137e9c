/**
 * The jit's inline ALU emitters (impl/core/ops.ts REG_IMM_JIT, THREE_REG_JIT) against the interpreter's
 * case for the same opcode (regImm, threeReg in the same file): each emitter's source runs on local
 * halves as a region would run it, on edge values and with the destination equal to an operand, and
 * must leave what the interpreter's function leaves. A few results are derived by hand first.
 */
import { describe, expect, test } from 'vitest';
import { Op } from '../core/opcodes.js';
import { REG_IMM_JIT, regImm, THREE_REG_JIT, threeReg, type JitEmitter } from '../core/ops.js';
import { mul64, OUT } from '../core/u64.js';

type Regs = [number, number, number, number, number, number];

/**
 * Runs an emitter as a region runs it: registers 0..2 in locals l0/h0..l2/h2, temporaries t and u,
 * mul64 and OUT in scope; d names the destination register, a and b the operands (register numbers,
 * or for b a [lo, hi] literal pair). Returns the three registers afterwards as [l0, h0, l1, h1, l2, h2].
 */
function runEmitter(e: JitEmitter, regs: Regs, d: number, a: number, b: number | [number, number]): Regs {
  const [bl, bh] = typeof b === 'number' ? [`l${b}`, `h${b}`] : [String(b[0]), String(b[1])];
  const src = e(`l${d}`, `h${d}`, `l${a}`, `h${a}`, bl, bh);
  const f = new Function('mul64', 'OUT', 'R', `"use strict";let t=0,u=0;let l0=R[0],h0=R[1],l1=R[2],h1=R[3],l2=R[4],h2=R[5];
${src}
return [l0,h0,l1,h1,l2,h2];`) as (m: typeof mul64, o: typeof OUT, r: Regs) => Regs;
  return f(mul64, OUT, regs);
}

/** The same registers after the interpreter's function. */
function runInterp(call: (L: Int32Array, H: Int32Array) => void, regs: Regs): Regs {
  const L = Int32Array.of(regs[0], regs[2], regs[4]);
  const H = Int32Array.of(regs[1], regs[3], regs[5]);
  call(L, H);
  return [L[0]!, H[0]!, L[1]!, H[1]!, L[2]!, H[2]!];
}

/** 64-bit edge values as [lo, hi] int32 halves. */
const VALUES: [number, number][] = [
  [0, 0], [1, 0], [-1, -1], [-1, 0], [0, 1], [0x7fffffff, 0], [-0x80000000, -1], [0, -0x80000000], [-1, 0x7fffffff],
  [0x12345678, -0x6543210f], [-0x0fedcba9, 0x01234567], [31, 0], [32, 0], [33, 0], [63, 0], [64 + 5, 0], [8, 0],
];

/** Register contents for operands x and y (and 0x5555.. in the third register). */
const regsOf = (x: [number, number], y: [number, number]): Regs => [x[0], x[1], y[0], y[1], 0x55555555, 0x55555555];

const entries = (t: { readonly [o: number]: JitEmitter | undefined }): [number, JitEmitter][] =>
  Object.entries(t).map(([o, e]) => [Number(o), e!]);

describe('jit inline emitters, by hand', () => {
  test('add_64: 0xffffffff + 1 carries into the high half', () => {
    expect(runEmitter(THREE_REG_JIT[Op.add_64]!, regsOf([-1, 0], [1, 0]), 2, 0, 1).slice(4)).toEqual([0, 1]);
  });
  test('sub_64: 0 - 1 borrows to all ones', () => {
    expect(runEmitter(THREE_REG_JIT[Op.sub_64]!, regsOf([0, 0], [1, 0]), 2, 0, 1).slice(4)).toEqual([-1, -1]);
  });
  test('xnor of 0 and 0 is all ones; and_inv(0xff, 0x0f) = 0xf0', () => {
    expect(runEmitter(THREE_REG_JIT[Op.xnor]!, regsOf([0, 0], [0, 0]), 2, 0, 1).slice(4)).toEqual([-1, -1]);
    expect(runEmitter(THREE_REG_JIT[Op.and_inv]!, regsOf([0xff, 0], [0x0f, 0]), 2, 0, 1).slice(4)).toEqual([0xf0, 0]);
  });
  test('rot_r_64_imm by 8: 0x0123456789abcdef -> 0xef0123456789abcd', () => {
    const r = runEmitter(REG_IMM_JIT[Op.rot_r_64_imm]!, regsOf([0, 0], [0x89abcdef | 0, 0x01234567]), 0, 1, [8, 0]);
    expect([r[0] >>> 0, r[1] >>> 0]).toEqual([0x6789abcd, 0xef012345]);
  });
  test('add_imm_32: 0x7fffffff + 1 wraps to -2^31, sign-extended', () => {
    expect(runEmitter(REG_IMM_JIT[Op.add_imm_32]!, regsOf([0, 0], [0x7fffffff, 0]), 0, 1, [1, 0]).slice(0, 2)).toEqual([-0x80000000, -1]);
  });
});

describe('jit inline emitters equal the interpreter case', () => {
  test.each(entries(THREE_REG_JIT))('three-reg opcode %i', (o, e) => {
    const bad: string[] = [];
    for (const x of VALUES) for (const y of VALUES) {
      const regs = regsOf(x, y);
      // [d, a, b]: distinct, d = a, d = b, a = b
      for (const [d, a, b] of [[2, 0, 1], [0, 0, 1], [1, 0, 1], [2, 1, 1]] as const) {
        const got = runEmitter(e, regs, d, a, b);
        const want = runInterp((L, H) => threeReg(L, H, o, a, b, d), regs);
        if (got.join() !== want.join()) bad.push(`${x} ${y} d${d} a${a} b${b}: ${got} != ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test.each(entries(REG_IMM_JIT))('two-reg-imm opcode %i', (o, e) => {
    const bad: string[] = [];
    for (const x of VALUES) for (const imm of VALUES) {
      const regs = regsOf(x, x);
      // [d, s]: distinct, d = s
      for (const [d, s] of [[1, 0], [0, 0]] as const) {
        const got = runEmitter(e, regs, d, s, imm);
        const want = runInterp((L, H) => regImm(L, H, o, d, s, imm[0], imm[1]), regs);
        if (got.join() !== want.join()) bad.push(`${x} ${imm} d${d} s${s}: ${got} != ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('the tables cover the ops the jit emitted inline before they moved (6 + 11)', () => {
    expect(entries(REG_IMM_JIT).map(([o]) => o)).toEqual([Op.add_imm_32, Op.and_imm, Op.xor_imm, Op.or_imm, Op.add_imm_64, Op.rot_r_64_imm]);
    expect(entries(THREE_REG_JIT).map(([o]) => o)).toEqual([
      Op.add_32, Op.sub_32, Op.add_64, Op.sub_64, Op.mul_64, Op.and, Op.xor, Op.or, Op.and_inv, Op.or_inv, Op.xnor,
    ]);
  });
});
