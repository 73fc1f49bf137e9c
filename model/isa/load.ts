/**
 * Loads: absolute (52-58, address x) and indirect (124-130, address φ[rB] + x).
 * Spec: GP A.5.6/A.5.10, Lean `Memory.readMemBytes`; spec-notes/0007, 0008, 0009.
 */
import { wrap64 } from '../numeric.js';
import { reg } from '../state.js';
import { load, type Handler } from './common.js';

/** An absolute load of n bytes into φ[rA]. */
const loadAbs = (n: number, signed: boolean): Handler => (s, i, _p, cfg) => load(s, i, cfg, i.ops.ra, i.ops.x, n, signed);

/** An indirect load of n bytes at φ[rB] + x into φ[rA]. */
const loadInd = (n: number, signed: boolean): Handler => (s, i, _p, cfg) =>
  load(s, i, cfg, i.ops.ra, wrap64(reg(s, i.ops.rb) + i.ops.x), n, signed);

export const loadU8 = loadAbs(1, false);
export const loadI8 = loadAbs(1, true);
export const loadU16 = loadAbs(2, false);
export const loadI16 = loadAbs(2, true);
export const loadU32 = loadAbs(4, false);
export const loadI32 = loadAbs(4, true);
export const loadU64 = loadAbs(8, false);

export const loadIndU8 = loadInd(1, false);
export const loadIndI8 = loadInd(1, true);
export const loadIndU16 = loadInd(2, false);
export const loadIndI16 = loadInd(2, true);
export const loadIndU32 = loadInd(4, false);
export const loadIndI32 = loadInd(4, true);
export const loadIndU64 = loadInd(8, false);
