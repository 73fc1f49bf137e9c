/**
 * Operand decoding for each format: register fields, immediate lengths and sign extension, offsets.
 * Spec: GP A.5.x, Lean `Decode.lean` (`extract*`), pvm-core.md 2.3; spec-notes/0003 (ThreeReg rD).
 */
import { sext, wrap64 } from '../numeric.js';
import { skip, zeta, type Program } from './code.js';
import type { Format } from './format.js';

export interface Operands {
  /** Low nibble of byte 1 (clamped to 12): the destination of TwoReg, the first source of ThreeReg. */
  readonly ra: number;
  /** High nibble of byte 1 (clamped to 12). */
  readonly rb: number;
  /** ThreeReg destination: byte 2 clamped to 12. */
  readonly rd: number;
  /** First immediate, sign-extended to 64 bits (load_imm_64: 8 raw bytes). */
  readonly x: bigint;
  /** Second immediate, sign-extended to 64 bits. */
  readonly y: bigint;
  /** Static target ı + offset mod 2^64, for the offset formats. */
  readonly target: bigint;
}

const reg = (b: number): number => Math.min(12, b);

/** LE(i, n): the little-endian value of n code bytes at i (zeros past the end). */
function le(p: Program, i: number, n: number): bigint {
  let v = 0n;
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(zeta(p, i + k));
  return v;
}

/** X(n, LE(i, n)): a sign-extended immediate of n bytes at i. */
const imm = (p: Program, i: number, n: number): bigint => sext(n, le(p, i, n));

/** Decodes the operands of the instruction at pc for its format (every field, unused ones 0). */
export function decodeOperands(p: Program, pc: number, format: Format): Operands {
  const l = skip(p, pc);
  const b1 = zeta(p, pc + 1);
  const b2 = zeta(p, pc + 2);
  const ra = reg(b1 & 15);
  const rb = reg(b1 >> 4);
  const at = BigInt(pc);
  const none = { ra: 0, rb: 0, rd: 0, x: 0n, y: 0n, target: 0n };
  switch (format) {
    case 'NoArgs':
      return none;
    case 'OneImm':
      return { ...none, x: imm(p, pc + 1, Math.min(4, l)) };
    case 'OneRegExtImm':
      return { ...none, ra, x: le(p, pc + 2, 8) };
    case 'TwoImm': {
      const lx = Math.min(4, b1 & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 1));
      return { ...none, x: imm(p, pc + 2, lx), y: imm(p, pc + 2 + lx, ly) };
    }
    case 'OneOffset':
      return { ...none, target: wrap64(at + imm(p, pc + 1, Math.min(4, l))) };
    case 'OneRegOneImm':
      return { ...none, ra, x: imm(p, pc + 2, Math.min(4, Math.max(0, l - 1))) };
    case 'OneRegTwoImm':
    case 'OneRegImmOffset': {
      const lx = Math.min(4, (b1 >> 4) & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 1));
      const y = imm(p, pc + 2 + lx, ly);
      return { ...none, ra, x: imm(p, pc + 2, lx), y, target: wrap64(at + y) };
    }
    case 'TwoReg':
      return { ...none, ra, rb };
    case 'TwoRegOneImm':
      return { ...none, ra, rb, x: imm(p, pc + 2, Math.min(4, Math.max(0, l - 1))) };
    case 'TwoRegOneOffset':
      return { ...none, ra, rb, target: wrap64(at + imm(p, pc + 2, Math.min(4, Math.max(0, l - 1)))) };
    case 'TwoRegTwoImm': {
      const lx = Math.min(4, b2 & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 2));
      return { ...none, ra, rb, x: imm(p, pc + 3, lx), y: imm(p, pc + 3 + lx, ly) };
    }
    case 'ThreeReg':
      return { ...none, ra, rb, rd: reg(b2) };
  }
}
