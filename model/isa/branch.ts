/**
 * Conditional branches against an immediate (81-90) and between registers (170-175).
 * Spec: GP A.5.7/A.5.11, Lean opcodes 81-90/170-175; the target rule is spec-notes/0006.
 */
import { toSigned64 } from '../numeric.js';
import { reg } from '../state.js';
import { cont, staticJump, type Handler } from './common.js';

type Cond = (a: bigint, b: bigint) => boolean;

const eq: Cond = (a, b) => a === b;
const ne: Cond = (a, b) => a !== b;
const ltU: Cond = (a, b) => a < b;
const leU: Cond = (a, b) => a <= b;
const geU: Cond = (a, b) => a >= b;
const gtU: Cond = (a, b) => a > b;
const ltS: Cond = (a, b) => toSigned64(a) < toSigned64(b);
const leS: Cond = (a, b) => toSigned64(a) <= toSigned64(b);
const geS: Cond = (a, b) => toSigned64(a) >= toSigned64(b);
const gtS: Cond = (a, b) => toSigned64(a) > toSigned64(b);

/** branch_*_imm: if cond(φ[rA], x) goto target, else next. */
const branchImm = (c: Cond): Handler => (s, i, p) => (c(reg(s, i.ops.ra), i.ops.x) ? staticJump(s, p, i.ops.target) : cont(s, i));

/** branch_*: if cond(φ[rA], φ[rB]) goto target, else next. */
const branchReg = (c: Cond): Handler => (s, i, p) =>
  c(reg(s, i.ops.ra), reg(s, i.ops.rb)) ? staticJump(s, p, i.ops.target) : cont(s, i);

export const branchEqImm = branchImm(eq);
export const branchNeImm = branchImm(ne);
export const branchLtUImm = branchImm(ltU);
export const branchLeUImm = branchImm(leU);
export const branchGeUImm = branchImm(geU);
export const branchGtUImm = branchImm(gtU);
export const branchLtSImm = branchImm(ltS);
export const branchLeSImm = branchImm(leS);
export const branchGeSImm = branchImm(geS);
export const branchGtSImm = branchImm(gtS);
export const branchEq = branchReg(eq);
export const branchNe = branchReg(ne);
export const branchLtU = branchReg(ltU);
export const branchLtS = branchReg(ltS);
export const branchGeU = branchReg(geU);
export const branchGeS = branchReg(geS);
