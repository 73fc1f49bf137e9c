/**
 * Decode a CODE cap into flat typed arrays indexed by pc: opcode (OP_PANIC where execution panics),
 * register fields, immediates as 32-bit halves, resolved static targets, next pc, and the gas of
 * every basic block. Spec: pvm-core.md 2.1-2.3 (skip, formats), spec-notes/0003 (ThreeReg rD),
 * 0005/0006 (targets must be in ϖ), 0024 (skip ≤ 24), 0028 (ϖ).
 *
 * Code up to EAGER_MAX bytes is decoded at once into whole-length arrays (about 50 bytes per code
 * byte). Longer code keeps only compact whole-code facts (the code, K, a one-byte skip per pc and a
 * ϖ bitmap: about 3 bytes per code byte) and decodes a region of REGION pcs the first time execution
 * enters it, into the same arrays indexed by the pc local to the region; at most a few dozen regions
 * stay decoded (least recently used first out). A region view is a Decoded as well, so the
 * interpreter and the second tier run on either. Local pcs from `limit` on leave the view:
 * [limit, STUB_BASE) is base + local (a fall off the end, up to 24 bytes past it), [STUB_BASE, dj) a
 * static target in another region (stubs), and from dj on a dynamic-jump target (absolute + dj).
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

/** Code longer than this is decoded region by region on first entry (lazy); shorter code at once (eager). */
export const EAGER_MAX = 256 * 1024;
/** Pcs per lazily decoded region (a power of two, a multiple of the second tier's window). */
export const REGION = 4096;

/** Lazy-decoding sizes (capacity 0: the default, see decodeLazy); tests shrink them to put region edges and evictions inside small programs. */
export interface LazySizes {
  readonly eagerMax: number;
  readonly region: number;
  readonly capacity: number;
}
let sizes: LazySizes = { eagerMax: EAGER_MAX, region: REGION, capacity: 0 };

/** Sets the sizes later decode() calls use (tests only); returns the previous ones. */
export function configureLazyDecode(next: LazySizes): LazySizes {
  const prev = sizes;
  sizes = { ...next };
  return prev;
}

/**
 * The decoded program (eager), or one decoded region of a lazy program (a view: base > 0 or lazy's
 * region). Arrays have `limit` entries indexed by local pc = pc − base; eager: limit = |c| + 1, the
 * last entry the trap past the end.
 */
export interface Decoded extends CompiledCode {
  readonly profile: Profile;
  readonly memCycles: number;
  /** The local pc of the end of the code (|c| − base): its trap, or past the view when ≥ limit. */
  readonly length: number;
  /** Absolute pc of local pc 0. */
  readonly base: number;
  /** Local pcs from here on are outside the arrays (see the file comment). */
  readonly limit: number;
  /** A dynamic-jump target t continues at local pc t + dj (eager: 0; a view: past its stubs). */
  readonly dj: number;
  /** Absolute targets of the stubs at local pcs STUB_BASE + k. */
  readonly stubs: Int32Array;
  /** The whole code's facts for block-cost walks (gas.ts). */
  readonly facts: CodeFacts;
  /** Set on a lazily decoded program (its own arrays are empty; run() goes through its regions). */
  readonly lazy: LazyCode | null;
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
  /** Static target (local pc, or a stub) if it is in ϖ, else -1 (jumping there panics). */
  readonly target: Int32Array;
  /** Local pc of the next instruction. */
  readonly next: Int32Array;
  /** ϖ membership (0 and every position right after a terminator). */
  readonly blockStart: Uint8Array;
  /** Gas of the block at pc; NaN where not computed yet (only ϖ is computed eagerly). */
  readonly cost: Float64Array;
  /** Absolute targets of the jump table (-1 where not in ϖ). */
  readonly jumpTable: Int32Array;
  /** Second-tier state: entry counts and compiled blocks by pc. */
  readonly hits: Uint32Array;
  readonly blocks: (BlockFn | null | undefined)[];
  /** Second tier: functions entered at a paid pc inside a large block (its later segments). */
  readonly paidBlocks: Map<number, BlockFn>;
}

/** First local pc of the stubs (above any fall off a region's end: region + 24; regions stay below 2^19 pcs). */
export const STUB_BASE = 1 << 20;

/** The compact whole-code structures of a lazily decoded program and its decoded regions. */
export interface LazyCode {
  readonly program: Decoded;
  readonly region: number;
  /** ϖ as a bitmap over 0..|c|. */
  readonly starts: Uint8Array;
  /** Decoded regions by index, least recently used first; at most `capacity`. */
  readonly views: Map<number, Decoded>;
  readonly capacity: number;
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

/** K as 0/1 bytes: the image's bitmask itself when it already is one (no copy), else a normalized copy. */
function startsOf(image: CodeImage): Uint8Array {
  const len = image.code.length;
  const m = image.bitmask;
  let clean = m instanceof Uint8Array && m.length === len;
  for (let i = 0; clean && i < len; i++) if (m[i]! > 1) clean = false;
  if (clean) return m;
  const starts = new Uint8Array(len);
  for (let i = 0; i < len; i++) starts[i] = m[i] === 0 || m[i] === undefined ? 0 : 1;
  return starts;
}

/** skip(i) = min(24, distance from i + 1 to the next K = 1, which holds from |c| on) for every i < |c| (pvm-core.md 2.1). */
function skipsOf(starts: Uint8Array): Uint8Array {
  const len = starts.length;
  const skip = new Uint8Array(len);
  let nearest = len; // least j > i with K(j) = 1
  for (let i = len - 1; i >= 0; i--) {
    skip[i] = Math.min(24, nearest - (i + 1));
    if (starts[i] === 1) nearest = i;
  }
  return skip;
}

/** The arrays a decoded program or region fills, `n` entries each. */
function arrays(n: number) {
  return {
    op: new Uint8Array(n), ra: new Uint8Array(n), rb: new Uint8Array(n), rd: new Uint8Array(n),
    xLo: new Int32Array(n), xHi: new Int32Array(n), yLo: new Int32Array(n), yHi: new Int32Array(n),
    target: new Int32Array(n).fill(-1), next: new Int32Array(n),
  };
}
type Arrays = ReturnType<typeof arrays>;

/** Decodes the instruction at absolute pc into entry i; `resolve` maps an absolute target to its entry (or -1). */
function decodeAt(f: CodeFacts, pc: number, out: Arrays, i: number, resolve: (t: number) => number): void {
  const code = f.code;
  const len = code.length;
  const o = code[pc]!;
  const fmt = FORMAT[o]!;
  if (f.starts[pc] === 0 || fmt === F_INVALID) {
    out.op[i] = OP_PANIC;
    return;
  }
  out.op[i] = o;
  const l = f.skip[pc]!;
  const b1 = pc + 1 < len ? code[pc + 1]! : 0;
  const b2 = pc + 2 < len ? code[pc + 2]! : 0;
  out.ra[i] = Math.min(12, b1 & 15);
  out.rb[i] = Math.min(12, b1 >> 4);
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
      out.xLo[i] = leU32(code, pc + 2, 4) | 0;
      out.xHi[i] = leU32(code, pc + 6, 4) | 0;
      return;
    case F_TWO_IMM: {
      const lx = Math.min(4, b1 & 7);
      x = immLo(code, pc + 2, lx);
      y = immLo(code, pc + 2 + lx, Math.min(4, Math.max(0, l - lx - 1)));
      break;
    }
    case F_ONE_OFFSET:
      out.target[i] = resolve(pc + immLo(code, pc + 1, Math.min(4, l)));
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
      if (fmt === F_REG_IMM_OFFSET) out.target[i] = resolve(pc + y);
      break;
    }
    case F_TWO_REG_OFFSET:
      out.target[i] = resolve(pc + immLo(code, pc + 2, Math.min(4, Math.max(0, l - 1))));
      break;
    case F_TWO_REG_TWO_IMM: {
      const lx = Math.min(4, b2 & 7);
      x = immLo(code, pc + 3, lx);
      y = immLo(code, pc + 3 + lx, Math.min(4, Math.max(0, l - lx - 2)));
      break;
    }
    case F_THREE_REG:
      out.rd[i] = Math.min(12, b2);
      break;
  }
  out.xLo[i] = x;
  out.xHi[i] = x >> 31;
  out.yLo[i] = y;
  out.yHi[i] = y >> 31;
}

/** Decodes the image for a profile and gas tier (memCycles is ignored by gp): eagerly, or lazily when longer than the eager limit. */
export function decode(profile: Profile, image: CodeImage, memCycles: number): Decoded {
  const code = image.code;
  const len = code.length;
  const starts = startsOf(image);
  const facts: CodeFacts = { code, starts, skip: skipsOf(starts) };
  if (len > sizes.eagerMax) return decodeLazy(profile, image, memCycles, facts);

  const blockStart = new Uint8Array(len + 1);
  blockStart[0] = 1;
  for (let i = 0; i < len; i++) if (starts[i] === 1 && endsBlock(code[i]!)) blockStart[i + 1 + facts.skip[i]!] = 1;
  const a = arrays(len + 1);
  const resolve = (t: number): number => (t >= 0 && t <= len && blockStart[t] === 1 ? t : -1);
  for (let pc = 0; pc < len; pc++) {
    a.next[pc] = pc + 1 + facts.skip[pc]!;
    decodeAt(facts, pc, a, pc, resolve);
  }
  a.op[len] = 0; // ζ = 0 and K = 1 past the end: a trap (spec-notes/0016)
  a.next[len] = len + 1;

  const jumpTable = Int32Array.from(image.jumpTable, resolve);
  const d: Decoded = {
    image, profile, memCycles, length: len, base: 0, limit: len + 1, dj: 0, stubs: new Int32Array(0), facts, lazy: null, ...a, blockStart,
    cost: new Float64Array(len + 1).fill(NaN), jumpTable, hits: new Uint32Array(len + 1), blocks: new Array(len + 1), paidBlocks: new Map(),
  };
  for (let pc = 0; pc <= len; pc++) if (blockStart[pc] === 1) d.cost[pc] = blockCostAt(d, pc);
  return d;
}

const bitAt = (bits: Uint8Array, i: number): boolean => ((bits[i >>> 3]! >>> (i & 7)) & 1) === 1;

/** A lazy program: the whole-code facts, ϖ as a bitmap and the jump table now; regions on first entry. */
function decodeLazy(profile: Profile, image: CodeImage, memCycles: number, facts: CodeFacts): Decoded {
  const { code, starts, skip } = facts;
  const len = code.length;
  const bits = new Uint8Array((len >>> 3) + 1);
  bits[0] = 1;
  for (let i = 0; i < len; i++) {
    if (starts[i] === 1 && endsBlock(code[i]!)) {
      const n = i + 1 + skip[i]!;
      bits[n >>> 3]! |= 1 << (n & 7);
    }
  }
  const jumpTable = Int32Array.from(image.jumpTable, (t) => (t >= 0 && t <= len && bitAt(bits, t) ? t : -1));
  const empty = arrays(0);
  const regions = Math.ceil((len + 1) / sizes.region);
  // Up to 1/16 of the regions (the hot code of a program rarely spans more), between 16 and 64.
  const capacity = sizes.capacity > 0 ? sizes.capacity : Math.max(16, Math.min(64, Math.ceil(regions / 16)));
  const lazy = { region: sizes.region, starts: bits, views: new Map<number, Decoded>(), capacity } as { program: Decoded } & Omit<LazyCode, 'program'>;
  const program: Decoded = {
    image, profile, memCycles, length: len, base: 0, limit: 0, dj: 0, stubs: new Int32Array(0), facts, lazy: lazy as LazyCode, ...empty,
    blockStart: new Uint8Array(0), cost: new Float64Array(0), jumpTable, hits: new Uint32Array(0), blocks: [], paidBlocks: new Map(),
  };
  lazy.program = program;
  return program;
}

/** The decoded region holding absolute pc (≤ |c|): from the cache, else decoded now (evicting the least recently used). */
export function regionAt(lazy: LazyCode, pc: number): Decoded {
  const k = Math.floor(pc / lazy.region);
  const hit = lazy.views.get(k);
  if (hit !== undefined) {
    if (lazy.views.size > 1) {
      lazy.views.delete(k);
      lazy.views.set(k, hit);
    }
    return hit;
  }
  const view = decodeRegion(lazy, k);
  if (lazy.views.size >= lazy.capacity) lazy.views.delete(lazy.views.keys().next().value!);
  lazy.views.set(k, view);
  return view;
}

/** Region k of a lazy program: its pcs decoded into local arrays, static targets elsewhere as stubs, block costs of its ϖ. */
function decodeRegion(lazy: LazyCode, k: number): Decoded {
  const p = lazy.program;
  const len = p.length;
  const base = k * lazy.region;
  const limit = Math.min(lazy.region, len + 1 - base);
  const a = arrays(limit);
  const stubs: number[] = [];
  const stubOf = new Map<number, number>();
  const resolve = (t: number): number => {
    if (t < 0 || t > len || !bitAt(lazy.starts, t)) return -1;
    if (t >= base && t < base + limit) return t - base;
    let s = stubOf.get(t);
    if (s === undefined) {
      s = STUB_BASE + stubs.length;
      stubs.push(t);
      stubOf.set(t, s);
    }
    return s;
  };
  const blockStart = new Uint8Array(limit);
  for (let i = 0; i < limit; i++) {
    const pc = base + i;
    if (bitAt(lazy.starts, pc)) blockStart[i] = 1;
    if (pc === len) {
      a.op[i] = 0; // the trap past the end (spec-notes/0016)
      a.next[i] = i + 1;
      continue;
    }
    a.next[i] = i + 1 + p.facts.skip[pc]!;
    decodeAt(p.facts, pc, a, i, resolve);
  }
  const view: Decoded = {
    image: p.image, profile: p.profile, memCycles: p.memCycles, length: len - base, base, limit, dj: STUB_BASE + stubs.length,
    stubs: Int32Array.from(stubs), facts: p.facts, lazy: null, ...a, blockStart, cost: new Float64Array(limit).fill(NaN),
    jumpTable: p.jumpTable, hits: new Uint32Array(limit), blocks: new Array(limit), paidBlocks: new Map(),
  };
  for (let i = 0; i < limit; i++) if (blockStart[i] === 1) view.cost[i] = blockCostAt(view, i);
  return view;
}

/** The absolute pc of a local pc of a view (any local pc the interpreter or the second tier reports). */
export function absolutePc(d: Decoded, local: number): number {
  if (local < STUB_BASE) return d.base + local;
  if (local < d.dj) return d.stubs[local - STUB_BASE]!;
  return local - d.dj;
}

/** Gas of the block entered at local pc (any pc: an entry may be outside ϖ, spec-notes/0018). */
export function blockCostAt(d: Decoded, pc: number): number {
  if (pc < d.limit) {
    const known = d.cost[pc]!;
    if (known === known) return known;
  }
  const at = d.base + pc;
  const c = d.profile === 'gp' ? gpCost(d.facts, at) : singlePassCost(d.facts, at, d.memCycles);
  if (pc < d.limit) d.cost[pc] = c;
  return c;
}

/**
 * Bytes the decoded program holds: every typed array it keeps (the image's code and bitmask, the
 * whole-code facts, the decoded arrays of the program or of each cached region; each buffer once)
 * plus 8 per slot of the compiled-block arrays. Compiled functions and small objects are not counted.
 */
export function decodedBytes(d: Decoded): number {
  const seen = new Set<ArrayBufferLike>();
  let total = 0;
  const add = (x: ArrayBufferView): void => {
    if (seen.has(x.buffer)) return;
    seen.add(x.buffer);
    total += x.buffer.byteLength;
  };
  const addView = (v: Decoded): void => {
    for (const x of [v.op, v.ra, v.rb, v.rd, v.xLo, v.xHi, v.yLo, v.yHi, v.target, v.next, v.blockStart, v.cost, v.hits, v.stubs]) add(x);
    total += 8 * v.blocks.length;
  };
  add(d.image.code);
  add(d.image.bitmask);
  add(d.facts.code);
  add(d.facts.starts);
  add(d.facts.skip);
  add(d.jumpTable);
  addView(d);
  if (d.lazy !== null) {
    add(d.lazy.starts);
    for (const v of d.lazy.views.values()) addView(v);
  }
  return total;
}
