/**
 * Comparisons that set 0/1, conditional moves, and min/max.
 * Spec: GP A.5.10/A.5.13, Lean opcodes 136, 137, 142, 143, 147, 148, 216-219, 227-230.
 */
import { toSigned64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont, regImm, threeReg, type Handler } from './common.js';

const bit = (c: boolean): bigint => (c ? 1n : 0n);

export const setLtU = threeReg((a, b) => bit(a < b));
export const setLtS = threeReg((a, b) => bit(toSigned64(a) < toSigned64(b)));
export const setLtUImm = regImm((v, x) => bit(v < x));
export const setLtSImm = regImm((v, x) => bit(toSigned64(v) < toSigned64(x)));
export const setGtUImm = regImm((v, x) => bit(v > x));
export const setGtSImm = regImm((v, x) => bit(toSigned64(v) > toSigned64(x)));

/** cmov_iz (218): φ[rD] := φ[rA] if φ[rB] = 0. */
export const cmovIz: Handler = (s, i) => (reg(s, i.ops.rb) === 0n ? cont(withReg(s, i.ops.rd, reg(s, i.ops.ra)), i) : cont(s, i));
/** cmov_nz (219): φ[rD] := φ[rA] if φ[rB] ≠ 0. */
export const cmovNz: Handler = (s, i) => (reg(s, i.ops.rb) !== 0n ? cont(withReg(s, i.ops.rd, reg(s, i.ops.ra)), i) : cont(s, i));
/** cmov_iz_imm (147): φ[rA] := x if φ[rB] = 0. */
export const cmovIzImm: Handler = (s, i) => (reg(s, i.ops.rb) === 0n ? cont(withReg(s, i.ops.ra, i.ops.x), i) : cont(s, i));
/** cmov_nz_imm (148): φ[rA] := x if φ[rB] ≠ 0. */
export const cmovNzImm: Handler = (s, i) => (reg(s, i.ops.rb) !== 0n ? cont(withReg(s, i.ops.ra, i.ops.x), i) : cont(s, i));

export const max = threeReg((a, b) => (toSigned64(a) >= toSigned64(b) ? a : b));
export const maxU = threeReg((a, b) => (a >= b ? a : b));
export const min = threeReg((a, b) => (toSigned64(a) <= toSigned64(b) ? a : b));
export const minU = threeReg((a, b) => (a <= b ? a : b));
