/**
 * Bitwise logic: and, xor, or (register and immediate forms), and_inv, or_inv, xnor.
 * Spec: GP A.5.10/A.5.13, Lean opcodes 132-134, 210-212, 224-226.
 */
import { wrap64 } from '../numeric.js';
import { regImm, threeReg } from './common.js';

const and = (a: bigint, b: bigint): bigint => a & b;
const xor = (a: bigint, b: bigint): bigint => a ^ b;
const or = (a: bigint, b: bigint): bigint => a | b;

export const andOp = threeReg(and);
export const xorOp = threeReg(xor);
export const orOp = threeReg(or);
/** and_inv (224): a & ¬b. */
export const andInv = threeReg((a, b) => a & wrap64(~b));
/** or_inv (225): a | ¬b. */
export const orInv = threeReg((a, b) => wrap64(a | wrap64(~b)));
/** xnor (226): ¬(a ^ b). */
export const xnor = threeReg((a, b) => wrap64(~(a ^ b)));

export const andImm = regImm(and);
export const xorImm = regImm(xor);
export const orImm = regImm(or);
