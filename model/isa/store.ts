/**
 * Stores: immediate to absolute (30-33), register to absolute (59-62), immediate to indirect (70-73),
 * register to indirect (120-123). Spec: GP A.5.5-A.5.10, Lean `Memory.writeMemBytes`; spec-notes/0007-0009.
 */
import { wrap64 } from '../numeric.js';
import { reg } from '../state.js';
import { store, type Handler } from './common.js';

/** store_imm_uN: mem[x, n] := y. */
const storeImm = (n: number): Handler => (s, i, _p, cfg) => store(s, i, cfg, i.ops.x, n, i.ops.y);

/** store_uN: mem[x, n] := φ[rA]. */
const storeAbs = (n: number): Handler => (s, i, _p, cfg) => store(s, i, cfg, i.ops.x, n, reg(s, i.ops.ra));

/** store_imm_ind_uN: mem[φ[rA] + x, n] := y. */
const storeImmInd = (n: number): Handler => (s, i, _p, cfg) => store(s, i, cfg, wrap64(reg(s, i.ops.ra) + i.ops.x), n, i.ops.y);

/** store_ind_uN: mem[φ[rB] + x, n] := φ[rA]. */
const storeInd = (n: number): Handler => (s, i, _p, cfg) =>
  store(s, i, cfg, wrap64(reg(s, i.ops.rb) + i.ops.x), n, reg(s, i.ops.ra));

export const storeImmU8 = storeImm(1);
export const storeImmU16 = storeImm(2);
export const storeImmU32 = storeImm(4);
export const storeImmU64 = storeImm(8);
export const storeU8 = storeAbs(1);
export const storeU16 = storeAbs(2);
export const storeU32 = storeAbs(4);
export const storeU64 = storeAbs(8);
export const storeImmIndU8 = storeImmInd(1);
export const storeImmIndU16 = storeImmInd(2);
export const storeImmIndU32 = storeImmInd(4);
export const storeImmIndU64 = storeImmInd(8);
export const storeIndU8 = storeInd(1);
export const storeIndU16 = storeInd(2);
export const storeIndU32 = storeInd(4);
export const storeIndU64 = storeInd(8);
