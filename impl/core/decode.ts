/**
 * Decode a CODE cap once into flat typed arrays indexed by pc: opcode (OP_PANIC where execution
 * panics), register fields, immediates as 32-bit halves, resolved static targets, next pc, and the
 * gas of every basic block. Spec: pvm-core.md 2.1-2.3 (skip, formats), spec-notes/0003 (ThreeReg rD),
 * 0005/0006 (targets must be in ϖ), 0024 (skip ≤ 24), 0028 (ϖ).
 */
import type { CodeImage, Profile } from '../../vectors/lib/types.js';
import type { CompiledCode } from './api.js';
import { gpCost, singlePassCost, type CodeFacts } from './gas.js';
import {
  endsBlock, FORMAT, F_EXT_IMM, F_INVALID, F_NONE, F_ONE_IMM, F_ONE_OFFSET, F_REG_IMM, F_REG_IMM_OFFSET, F_REG_TWO_IMM,
  F_THREE_REG, F_TWO_IMM, F_TWO_REG, F_TWO_REG_IMM, F_TWO_REG_OFFSET, F_TWO_REG_TWO_IMM, OP_PANIC,
} from './opcodes.js';

/** A compiled region of the second tier (jit.ts): entered at a block start, returns the next pc or a negative signal. */
export type BlockFn = (...args: never[]) => number;

/** The decoded program. Arrays have |c| + 1 entries; the last one is the trap past the end. */
export interface Decoded extends CompiledCode, CodeFacts {
  readonly profile: Profile;
  readonly memCycles: number;
  readonly length: number;
  readonly op: Uint8Array;
  /** Register fields: ra = min(12, B1 & 15), rb = min(12, B1 >> 4), rd = min(12, B2) (ThreeReg). */
  readonly ra: Uint8Array;
  readonly rb: Uint8Array;
  readonly rd: Uint8Array;
  /** First immediate x as halves (load_imm_64: the 8 raw bytes). */
  readonly xLo: Int32Array;
  readonly xHi: Int32Array;
  /** Second immediate y as halves. */
  readonly yLo: Int32Array;
  readonly yHi: Int32Array;
  /** Static target if it is in ϖ, else -1 (jumping there panics). */
  readonly target: Int32Array;
  /** ϖ membership (0 and every position right after a terminator). */
  readonly blockStart: Uint8Array;
  /** Gas of the block at pc; NaN where not computed yet (only ϖ is computed eagerly). */
  readonly cost: Float64Array;
  readonly jumpTable: Int32Array;
  /** Second-tier state: entry counts and compiled blocks by pc. */
  readonly hits: Uint32Array;
  readonly blocks: (BlockFn | null | undefined)[];
  /** Second tier: functions entered at a paid pc inside a large block (its later segments). */
  readonly paidBlocks: Map<number, BlockFn>;
}

/** Little-endian u32 of n ≤ 4 bytes at i, zeros past the end. */
function leU32(code: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) v = v * 256 + (i + k < code.length ? code[i + k]! : 0);
  return v;
}

/** X(n, ·) of n ≤ 4 bytes at i, as an int32 low half (the high half is lo >> 31). */
function immLo(code: Uint8Array, i: number, n: number): number {
  if (n === 0) return 0;
  const shift = 32 - 8 * n;
  return (leU32(code, i, n) << shift) >> shift;
}

/** Decodes the image for a profile and gas tier (memCycles is ignored by gp). */
export function decode(profile: Profile, image: CodeImage, memCycles: number): Decoded {
  const code = image.code;
  const len = code.length;
  const starts = new Uint8Array(len);
  for (let i = 0; i < len; i++) starts[i] = image.bitmask[i] === 0 || image.bitmask[i] === undefined ? 0 : 1;
  // nearest[i] = least j >= i with K(j) = 1 (K = 1 from |c| on).
  const nearest = new Int32Array(len + 1);
  nearest[len] = len;
  for (let i = len - 1; i >= 0; i--) nearest[i] = starts[i] === 1 ? i : nearest[i + 1]!;
  const next = new Int32Array(len + 1);
  for (let i = 0; i < len; i++) next[i] = i + 1 + Math.min(24, nearest[i + 1]! - (i + 1));
  next[len] = len + 1;

  const blockStart = new Uint8Array(len + 1);
  blockStart[0] = 1;
  for (let i = 0; i < len; i++) if (starts[i] === 1 && endsBlock(code[i]!)) blockStart[next[i]!] = 1;

  const op = new Uint8Array(len + 1);
  const ra = new Uint8Array(len + 1);
  const rb = new Uint8Array(len + 1);
  const rd = new Uint8Array(len + 1);
  const xLo = new Int32Array(len + 1);
  const xHi = new Int32Array(len + 1);
  const yLo = new Int32Array(len + 1);
  const yHi = new Int32Array(len + 1);
  const target = new Int32Array(len + 1).fill(-1);
  const resolve = (t: number): number => (t >= 0 && t <= len && blockStart[t] === 1 ? t : -1);

  for (let pc = 0; pc < len; pc++) {
    const o = code[pc]!;
    const fmt = FORMAT[o]!;
    if (starts[pc] === 0 || fmt === F_INVALID) {
      op[pc] = OP_PANIC;
      continue;
    }
    op[pc] = o;
    const l = next[pc]! - pc - 1;
    const b1 = pc + 1 < len ? code[pc + 1]! : 0;
    const b2 = pc + 2 < len ? code[pc + 2]! : 0;
    ra[pc] = Math.min(12, b1 & 15);
    rb[pc] = Math.min(12, b1 >> 4);
    let x = 0;
    let y = 0;
    switch (fmt) {
      case F_NONE:
      case F_TWO_REG:
        break;
      case F_ONE_IMM:
        x = immLo(code, pc + 1, Math.min(4, l));
        break;
      case F_EXT_IMM:
        xLo[pc] = leU32(code, pc + 2, 4) | 0;
        xHi[pc] = leU32(code, pc + 6, 4) | 0;
        continue;
      case F_TWO_IMM: {
        const lx = Math.min(4, b1 & 7);
        x = immLo(code, pc + 2, lx);
        y = immLo(code, pc + 2 + lx, Math.min(4, Math.max(0, l - lx - 1)));
        break;
      }
      case F_ONE_OFFSET:
        target[pc] = resolve(pc + immLo(code, pc + 1, Math.min(4, l)));
        break;
      case F_REG_IMM:
      case F_TWO_REG_IMM:
        x = immLo(code, pc + 2, Math.min(4, Math.max(0, l - 1)));
        break;
      case F_REG_TWO_IMM:
      case F_REG_IMM_OFFSET: {
        const lx = Math.min(4, (b1 >> 4) & 7);
        x = immLo(code, pc + 2, lx);
        y = immLo(code, pc + 2 + lx, Math.min(4, Math.max(0, l - lx - 1)));
        if (fmt === F_REG_IMM_OFFSET) target[pc] = resolve(pc + y);
        break;
      }
      case F_TWO_REG_OFFSET:
        target[pc] = resolve(pc + immLo(code, pc + 2, Math.min(4, Math.max(0, l - 1))));
        break;
      case F_TWO_REG_TWO_IMM: {
        const lx = Math.min(4, b2 & 7);
        x = immLo(code, pc + 3, lx);
        y = immLo(code, pc + 3 + lx, Math.min(4, Math.max(0, l - lx - 2)));
        break;
      }
      case F_THREE_REG:
        rd[pc] = Math.min(12, b2);
        break;
    }
    xLo[pc] = x;
    xHi[pc] = x >> 31;
    yLo[pc] = y;
    yHi[pc] = y >> 31;
  }
  op[len] = 0; // ζ = 0 and K = 1 past the end: a trap (spec-notes/0016)

  const jumpTable = Int32Array.from(image.jumpTable, (t) => (t >= 0 && t <= len && blockStart[t] === 1 ? t : -1));
  const d: Decoded = {
    image, profile, memCycles, length: len, code, starts, next, op, ra, rb, rd, xLo, xHi, yLo, yHi, target, blockStart,
    cost: new Float64Array(len + 1).fill(NaN), jumpTable, hits: new Uint32Array(len + 1), blocks: new Array(len + 1), paidBlocks: new Map(),
  };
  for (let pc = 0; pc <= len; pc++) if (blockStart[pc] === 1) d.cost[pc] = blockCostAt(d, pc);
  return d;
}

/** Gas of the block entered at pc (any pc: an entry may be outside ϖ, spec-notes/0018). */
export function blockCostAt(d: Decoded, pc: number): number {
  if (pc <= d.length) {
    const known = d.cost[pc]!;
    if (known === known) return known;
  }
  const c = d.profile === 'gp' ? gpCost(d, pc) : singlePassCost(d, pc, d.memCycles);
  if (pc <= d.length) d.cost[pc] = c;
  return c;
}
