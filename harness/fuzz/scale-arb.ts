/**
 * Scale cases: jar1 blobs at the sizes the other generators never reach, in three families.
 *  - chain: every VM CREATEs a child from its own CODE cap (slot 2) and CALLs it, down to a depth of
 *    up to DEPTH_MAX VMs; the innermost computes, faults, runs out of gas, makes protocol calls, uses
 *    an ecalli immediate over 127 (or traps, panics, halts, replies), and the REPLYs unwind, folding
 *    each child's φ7 and status into φ7. Optionally a SET_MAX_GAS ceiling at one depth, too little
 *    gas for the whole chain (out of gas at some depth, cascading up), and a DATA cap passed down the
 *    chain as the IPC cap (and back up) that the innermost MAPs and writes.
 *  - data: one DATA cap of up to PAGES_MAX pages (from the manifest, or RETYPEd from UNTYPED and
 *    MAPped), at a low base or ending at the top of the 4 GB address space, maybe with a 1-page
 *    neighbour right after it; MAP/UNMAP/SPLIT of sub-ranges, CALL-on-DATA copies between its ends,
 *    a strided walk over its pages, and loads/stores at its first byte, its last byte and just past it.
 *  - code: a CODE cap of CODE_MIN..CODE_MAX bytes: a prologue, thousands of identical straight-line
 *    blocks (up to one block of the whole code) and a jump table with an entry per block (up to
 *    ~100,000); the program walks a few blocks through the table (random, the same block again, or
 *    the next one) and REPLYs, or faults inside a block too long to run, or runs out of gas at entry.
 * Spec fields are raw numbers, resolved (clamped into range) when the case is built, so every shrunk
 * spec is still a valid case. Every case ends within a bounded number of instructions by its shape,
 * whatever its gas: chains are finite, the one loop without a counter (the "spin" innermost VM) runs
 * under a SET_MAX_GAS ceiling, CODE walks stop after at most EXEC_MAX instructions.
 */
import fc from 'fast-check';
import { assembleOrThrow, jarBlob, type JarCapSpec } from '../asm/index.js';
import { PAGE_SIZE, type CodeImage } from '../../vectors/lib/types.js';
import type { KernelCase } from './cases.js';
import { hostSeed } from './values.js';

/** The deepest chain: VMs below the root. The model's VM map is copied per kernel step, so its time grows with depth²: ~2-3 s at 2,500 (~12 s at 4,000). */
export const DEPTH_MAX = 2500;
/** The largest DATA cap, in pages. */
export const PAGES_MAX = 5000;
/** CODE cap sizes, in bytes. */
export const CODE_MIN = 1 << 20;
export const CODE_MAX = 4 << 20;
/** The most instructions a CODE case runs (the model runs about 1 M/s, slower on div/rem). */
export const EXEC_MAX = 250_000;
/** The most gas the spinning innermost VM gets (its loop runs until out of gas). */
export const SPIN_GAS_MAX = 20_000;
/** The instruction budget of a scale case (every case ends well within it). */
export const SCALE_MAX_STEPS = 5_000_000;

const ADDRESS_PAGES = 1 << 20;

// ---------------------------------------------------------------------------------------------------
// specs

export type LeafKind = 'compute' | 'fault' | 'spin' | 'protocol' | 'bad-ecalli' | 'trap' | 'panic' | 'halt' | 'reply';

export interface ChainSpec {
  readonly t: 'chain';
  /** VMs below the root (clamped to 0..DEPTH_MAX). */
  readonly depth: number;
  readonly leaf: LeafKind;
  /** The innermost VM's operand: loop count, fault address index, protocol slot and call count, ecalli immediate index, reply value. */
  readonly leafArg: number;
  /** [remaining depth, max gas]: the VM with that many VMs below it sets a gas ceiling on its child (SET_MAX_GAS). */
  readonly ceiling: readonly [number, number] | null;
  /** 0: no IPC cap; 1: a DATA cap passed down the chain as the IPC cap; 2: passed down and handed back up. */
  readonly ipc: number;
  /** Further CREATE bitmask slots (the CODE slot 2 and the protocol slot are always in). */
  readonly mask: readonly number[];
  readonly gas: bigint;
  readonly host: number;
}

/** A page (or byte) position relative to a cap of P units: [0, r] from the start (r mod P+1), [1, r] back from the end, [2, r] past the end (r mod 3). */
export type Edge = readonly [number, number];

export type DataOp =
  /** MAP pages [lo, hi) of the big cap (hi: false) or of the half a SPLIT gave away (hi: true). */
  | { readonly t: 'map'; readonly a: Edge; readonly b: Edge; readonly access: number; readonly hi: boolean }
  | { readonly t: 'unmap'; readonly a: Edge; readonly b: Edge }
  /** SPLIT at a page into slot 42, after an UNMAP of the whole cap when `unmap`. */
  | { readonly t: 'split'; readonly at: Edge; readonly unmap: boolean }
  /** A load or store of 1, 2, 4 or 8 bytes at a byte edge of the cap's address range. */
  | { readonly t: 'touch'; readonly at: Edge; readonly width: number; readonly store: boolean; readonly value: bigint }
  /** CALL on DATA: copy within the cap from one byte edge to another; len [0, r] small, [1, _] to the end, [2, _] the whole cap. */
  | { readonly t: 'copy'; readonly from: Edge; readonly to: Edge; readonly len: readonly [number, number] }
  /** A loop over n pages spread across the cap, one byte each at a page's last byte. */
  | { readonly t: 'stride'; readonly n: number; readonly store: boolean };

export interface DataFamilySpec {
  readonly t: 'data';
  /** Pages of the big cap (clamped to 1..PAGES_MAX). */
  readonly pages: number;
  /** RETYPEd from UNTYPED and MAPped by the program, instead of a manifest DATA cap (mapped at load). */
  readonly retype: boolean;
  /** [0, r]: base page 16 + r mod 1024; [1, r]: ending at the top of the address space (r mod 4 = 3: one page over); [2, r]: page r mod 2^20. */
  readonly base: readonly [number, number];
  readonly access: number;
  /** A second, 1-page RW cap mapped right after the big one (so "just past" is mapped). */
  readonly neighbour: boolean;
  /** UNTYPED pages beyond the caps (memory_pages, which also sets the memory-cycle tier). */
  readonly extraPages: number;
  readonly ops: readonly DataOp[];
  /** Loads at the first byte, the last byte and just past the end, after the ops. */
  readonly probe: boolean;
  /** Gas beyond the 1500 per page the cap costs. */
  readonly slack: number;
  readonly host: number;
}

export interface CodeFamilySpec {
  readonly t: 'code';
  /** Code size in bytes (clamped to CODE_MIN..CODE_MAX). */
  readonly bytes: number;
  /** Straight-line instructions per block (clamped to 1..as many as fit). */
  readonly block: number;
  /** Blocks run before the exit (clamped so that at most EXEC_MAX instructions run). */
  readonly hops: number;
  /** The first jump-table entry: [0] first, [1] last block, [2] middle, [3, r] r mod blocks, [4] past the table (a panic). */
  readonly start: readonly [number, number];
  /** The straight-line instruction mix (index into PATTERNS). */
  readonly pattern: number;
  /** How each block picks the next: 0 a pseudo-random entry, 1 the same block again (a loop), 2 the next block. */
  readonly walk: number;
  /** A faulting load after this many instructions of the first block (forced into every block that is too long to run). */
  readonly faultAt: number | null;
  readonly gas: bigint;
  readonly host: number;
}

export type ScaleSpec = ChainSpec | DataFamilySpec | CodeFamilySpec;

// ---------------------------------------------------------------------------------------------------
// resolving raw numbers

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.trunc(Number.isFinite(v) ? v : lo)));
const mod = (v: number, m: number): number => (m <= 0 ? 0 : ((Math.trunc(v) % m) + m) % m);

/** A position of an Edge within 0..P (P + 0..2 past the end). */
export function edgeOf(e: Edge, p: number): number {
  const [mode, raw] = e;
  if (mode === 1) return p - mod(raw, p + 1);
  if (mode === 2) return p + mod(raw, 3);
  return mod(raw, p + 1);
}

/** The chain depth of a spec. */
export const chainDepth = (s: Pick<ChainSpec, 'depth'>): number => clamp(s.depth, 0, DEPTH_MAX);
/** The DATA cap pages of a spec. */
export const dataPages = (s: Pick<DataFamilySpec, 'pages'>): number => clamp(s.pages, 1, PAGES_MAX);
/** The code size of a spec: CODE_MIN for the one-instruction blocks of `fallthrough` (a megabyte of block starts is the model's slowest load: ~1.5 s). */
export const codeBytes = (s: Pick<CodeFamilySpec, 'bytes' | 'pattern'>): number =>
  (PATTERNS[mod(s.pattern, PATTERNS.length)]?.[0] === 'fallthrough' ? CODE_MIN : clamp(s.bytes, CODE_MIN, CODE_MAX));

const hex = (v: bigint | number): string => `0x${BigInt(v).toString(16)}`;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

// ---------------------------------------------------------------------------------------------------
// chain

const CODE_SLOT = 2;
const HANDLE_SLOT = 31;
const IPC_DATA_SLOT = 30;
const IPC_PAGE = 32;
/** Addresses the faulting innermost VM loads from (it has no memory unless it MAPs the IPC cap). */
const FAULT_ADDRESSES: readonly bigint[] = [0n, 0xfffn, 0x1000n, 0x1fff8n, 0x20000n, 0x20ff9n, 0xfffffff8n, 0xffffffffn, 0x100000000n];
const BAD_ECALLI: readonly number[] = [128, 129, 200, 255, 256, 0x7fff, 0x8000, 0xffff, -1];

/** The protocol slot of the innermost VM's calls: 1 or 3..28 (slot 2 holds the CODE cap). */
const protocolSlot = (arg: number): number => {
  const p = 1 + mod(arg, 27);
  return p >= 2 ? p + 1 : p;
};

/** The innermost VM's instructions (it ends by REPLY unless it stops first). */
function leafSource(s: ChainSpec): string[] {
  const a = s.leafArg;
  const out: string[] = [];
  if (s.ipc > 0) {
    // MAP the IPC cap (slot 0) where the root has it, write through it: a fault when the MAP fails
    out.push('load_imm r11, 2', `load_imm r7, ${IPC_PAGE}`, 'load_imm r8, 0', 'load_imm r9, 1', 'load_imm r10, 1', 'load_imm r12, 0', 'ecall',
      `load_imm r1, ${IPC_PAGE * PAGE_SIZE}`, 'store_ind_u64 r7, r1, 8', 'load_ind_u64 r10, r1, 0');
  }
  switch (s.leaf) {
    case 'compute':
      out.push(`load_imm r9, ${1 + mod(a, 4000)}`, 'fallthrough', 'leaf_loop:', 'mul_imm_64 r7, r7, -1640531535', 'xor r7, r7, r9',
        'add_imm_64 r9, r9, -1', 'branch_ne_imm r9, 0, @leaf_loop');
      break;
    case 'fault':
      out.push(`load_imm_64 r1, ${hex(FAULT_ADDRESSES[mod(a, FAULT_ADDRESSES.length)] ?? 0n)}`, 'load_ind_u64 r7, r1, 0');
      break;
    case 'spin':
      out.push('fallthrough', 'leaf_spin:', 'add_imm_64 r9, r9, 1', 'jump @leaf_spin');
      break;
    case 'protocol': {
      const calls = 1 + mod(Math.floor(a / 32), 3);
      for (let k = 0; k < calls; k++) out.push(`load_imm r7, ${k}`, `ecalli ${protocolSlot(a)}`, 'add_64 r10, r10, r7', 'add_64 r10, r10, r8');
      out.push('move_reg r7, r10');
      break;
    }
    case 'bad-ecalli':
      out.push(`ecalli ${BAD_ECALLI[mod(a, BAD_ECALLI.length)] ?? 128}`);
      break;
    case 'trap':
      out.push('trap');
      break;
    case 'panic':
      out.push('load_imm r1, 3', 'jump_ind r1, 0'); // a djump to an odd address
      break;
    case 'halt':
      out.push('load_imm r1, -65536', 'jump_ind r1, 0');
      break;
    case 'reply':
      out.push(`load_imm r7, ${mod(a, 0x7fffffff)}`);
      break;
  }
  out.push('ecalli 0', 'trap');
  return out;
}

/** The ceilings a chain VM applies: the spec's, then the spinning leaf's (last, so it wins at depth 1). */
function ceilings(s: ChainSpec, depth: number): [number, number][] {
  const out: [number, number][] = [];
  if (s.ceiling !== null && depth > 0) out.push([clamp(s.ceiling[0], 1, depth), clamp(s.ceiling[1], 0, 0xffffffff)]);
  if (s.leaf === 'spin' && depth > 0) out.push([1, clamp(s.leafArg, 0, SPIN_GAS_MAX)]);
  return out;
}

/** The code every chain VM runs (the root runs it after loading the depth into φ7). */
function chainSource(s: ChainSpec, depth: number): string[] {
  const mask = [CODE_SLOT, ...(s.leaf === 'protocol' ? [protocolSlot(s.leafArg)] : []), ...s.mask.map((b) => mod(b, 64))]
    .reduce((m, b) => m | (1n << BigInt(b)), 0n);
  const out = [
    'branch_eq_imm r7, 0, @leaf',
    'move_reg s0, r7', // s0: VMs still below this one
    `load_imm_64 r7, ${hex(mask)}`, `load_imm r12, ${HANDLE_SLOT}`, `ecalli ${CODE_SLOT}`, // CREATE a child from our own CODE cap
  ];
  ceilings(s, depth).forEach(([at, gas], k) => out.push(
    `branch_ne_imm s0, ${at}, @ceiling${k}`, 'load_imm r11, 11', `load_imm_64 r7, ${hex(gas)}`, `load_imm_64 r12, ${hex(BigInt(HANDLE_SLOT) << 32n)}`, 'ecall', `ceiling${k}:`,
  ));
  // the IPC cap: whatever arrived in slot 0 is moved to slot 30 and passed on from there (the root's is there already)
  if (s.ipc > 0) out.push('load_imm r11, 6', `load_imm r12, ${IPC_DATA_SLOT}`, 'ecall');
  out.push('add_imm_64 r7, s0, -1', `load_imm r12, ${s.ipc > 0 ? IPC_DATA_SLOT : 0}`, `ecalli ${HANDLE_SLOT}`); // CALL it with one VM fewer below
  out.push('mul_imm_64 s1, r7, 31', 'add_64 s1, s1, s0', 'add_64 s1, s1, r8'); // fold in the child's φ7 and status
  if (s.ipc > 1) out.push('load_imm r11, 6', `load_imm_64 r12, ${hex(BigInt(IPC_DATA_SLOT) << 32n)}`, 'ecall'); // slot 30 back to 0: REPLY hands it up
  out.push('move_reg r7, s1', 'ecalli 0', 'trap', 'leaf:', ...leafSource(s));
  return out;
}

/** The concrete case of a chain spec. */
export function chainCase(s: ChainSpec): KernelCase {
  const depth = chainDepth(s);
  const body = chainSource(s, depth);
  const root = assembleOrThrow([`load_imm r7, ${depth}`, ...body].join('\n'));
  const child = assembleOrThrow(body.join('\n'));
  const caps: JarCapSpec[] = [{ slot: 64, type: 'code', image: root }, { slot: CODE_SLOT, type: 'code', image: child }];
  if (s.ipc > 0) caps.push({ slot: IPC_DATA_SLOT, type: 'data', basePage: IPC_PAGE, pageCount: 1, access: 'W', data: Uint8Array.of(0x5a, 0xa5, depth & 0xff) });
  // a spinning root (depth 0) has no ceiling above it: its gas is its bound
  const gas = s.leaf === 'spin' && depth === 0 ? (s.gas < BigInt(SPIN_GAS_MAX) ? s.gas : BigInt(SPIN_GAS_MAX)) : s.gas;
  const c = ceilings(s, depth);
  const text = [
    `scale chain: ${depth} VMs below the root, innermost ${s.leaf} (${s.leafArg})${c.map(([at, g]) => `, SET_MAX_GAS ${g} at ${at} VMs from the bottom`).join('')}` +
      `${s.ipc > 0 ? `, a DATA cap passed down as the IPC cap${s.ipc > 1 ? ' and back up' : ''}` : ''}, gas ${gas}`,
    ...body.filter((l) => !l.endsWith(':')),
  ];
  return { focus: 'scale', blob: jarBlob({ invokeCap: 64, caps }), gas, args: new Uint8Array(), host: s.host, maxSteps: SCALE_MAX_STEPS, text };
}

// ---------------------------------------------------------------------------------------------------
// data

const BIG_SLOT = 40;
const NEIGHBOUR_SLOT = 41;
const SPLIT_SLOT = 42;
const UNTYPED_COPY_SLOT = 35;
const LOAD_OPS: Readonly<Record<number, string>> = { 1: 'load_ind_u8', 2: 'load_ind_u16', 4: 'load_ind_u32', 8: 'load_ind_u64' };
const STORE_OPS: Readonly<Record<number, string>> = { 1: 'store_ind_u8', 2: 'store_ind_u16', 4: 'store_ind_u32', 8: 'store_ind_u64' };
const WIDTHS = [1, 2, 4, 8];

/** The base page of the big cap. */
function basePage(s: DataFamilySpec, pages: number): number {
  const [mode, raw] = s.base;
  const n = s.neighbour ? 1 : 0;
  if (mode === 1) return Math.max(0, ADDRESS_PAGES - pages - n + (mod(raw, 4) === 3 ? 1 : 0));
  if (mode === 2) return mod(raw, ADDRESS_PAGES);
  return 16 + mod(raw, 1024);
}

/** One ecall: registers, then `ecall` (subject/object in φ12 as a raw u64). */
const ecall = (op: number, regs: readonly (readonly [number, bigint])[], subject: number, object = 0): string[] => [
  `load_imm r11, ${op}`, ...regs.map(([r, v]) => `load_imm_64 r${r}, ${hex(v)}`), `load_imm_64 r12, ${hex((BigInt(subject) << 32n) | BigInt(object))}`, 'ecall',
];

/** The instructions of one DATA op. */
function dataOpSource(op: DataOp, pages: number, base: number, out: string[], text: string[]): void {
  const bytes = pages * PAGE_SIZE;
  const addr = (off: number): bigint => u64(BigInt(base) * BigInt(PAGE_SIZE) + BigInt(off));
  switch (op.t) {
    case 'map': case 'unmap': {
      const [x, y] = [edgeOf(op.a, pages), edgeOf(op.b, pages)];
      const [first, count] = [Math.min(x, y), Math.abs(x - y)];
      if (op.t === 'map') {
        out.push(...ecall(2, [[7, BigInt(base)], [8, BigInt(first)], [9, BigInt(count)], [10, BigInt(op.access & 1)]], op.hi ? SPLIT_SLOT : BIG_SLOT));
        text.push(`MAP ${op.hi ? 'upper half' : 'cap'} pages ${first}+${count} at base ${base} ${op.access & 1 ? 'RW' : 'RO'}`);
      } else {
        out.push(...ecall(3, [[7, BigInt(first)], [8, BigInt(count)]], BIG_SLOT));
        text.push(`UNMAP pages ${first}+${count}`);
      }
      return;
    }
    case 'split': {
      const at = edgeOf(op.at, pages);
      if (op.unmap) out.push(...ecall(3, [[7, 0n], [8, BigInt(pages)]], BIG_SLOT));
      out.push(...ecall(4, [[7, BigInt(at)]], BIG_SLOT, SPLIT_SLOT));
      text.push(`${op.unmap ? 'UNMAP all, ' : ''}SPLIT at page ${at} into slot ${SPLIT_SLOT}`);
      return;
    }
    case 'touch': {
      const w = WIDTHS[mod(op.width, WIDTHS.length)] ?? 1;
      // an edge from the end names the byte before it: [1, 0] is the last byte, [1, w - 1] the last w bytes
      const off = edgeOf(op.at, bytes);
      const at = op.at[0] === 1 ? Math.max(0, off - 1) : off;
      out.push(`load_imm_64 r1, ${hex(addr(at))}`, `load_imm_64 r2, ${hex(op.value)}`, op.store ? `${STORE_OPS[w]} r2, r1, 0` : `${LOAD_OPS[w]} r2, r1, 0`);
      text.push(`${op.store ? 'store' : 'load'} ${w} bytes at cap byte ${at} of ${bytes} (${hex(addr(at))})`);
      return;
    }
    case 'copy': {
      const [from, to] = [edgeOf(op.from, bytes), edgeOf(op.to, bytes)];
      const [mode, raw] = op.len;
      const len = mode === 1 ? bytes - Math.max(from, to) : mode === 2 ? bytes : 1 + mod(raw, 2 * PAGE_SIZE);
      out.push(`load_imm_64 r7, ${hex(from)}`, `load_imm_64 r8, ${hex(u64(BigInt(len)))}`, `load_imm_64 r9, ${hex(to)}`, `load_imm r12, ${BIG_SLOT}`, `ecalli ${BIG_SLOT}`);
      text.push(`CALL on DATA: copy ${len} bytes from ${from} to ${to}`);
      return;
    }
    case 'stride': {
      const n = clamp(op.n, 1, Math.min(256, pages));
      const step = Math.max(1, Math.floor(pages / n));
      const label = `stride${out.length}`;
      out.push(`load_imm_64 r1, ${hex(addr(PAGE_SIZE - 1))}`, `load_imm r2, ${n}`, 'fallthrough', `${label}:`,
        op.store ? 'store_ind_u8 r2, r1, 0' : 'load_ind_u8 r3, r1, 0', `add_imm_64 r1, r1, ${step * PAGE_SIZE}`, 'add_imm_64 r2, r2, -1', `branch_ne_imm r2, 0, @${label}`);
      text.push(`${op.store ? 'store' : 'load'} the last byte of ${n} pages, every ${step}th`);
    }
  }
}

/** The concrete case of a DATA spec. */
export function dataCase(s: DataFamilySpec): KernelCase {
  const pages = dataPages(s);
  const base = basePage(s, pages);
  const access = s.access & 1;
  const n = s.neighbour ? 1 : 0;
  const extra = clamp(s.extraPages, 0, ADDRESS_PAGES);
  const out: string[] = [];
  const text: string[] = [];
  const caps: JarCapSpec[] = [];
  if (s.retype) {
    // ecalli reaches slots 0..127: COPY the UNTYPED at 254 to 35, RETYPE from there, MAP the whole cap
    out.push(...ecall(7, [], 254, UNTYPED_COPY_SLOT), `load_imm r7, ${pages}`, `load_imm r12, ${BIG_SLOT}`, `ecalli ${UNTYPED_COPY_SLOT}`);
    out.push(...ecall(2, [[7, BigInt(base)], [8, 0n], [9, BigInt(pages)], [10, BigInt(access)]], BIG_SLOT));
    if (n > 0) out.push('load_imm r7, 1', `load_imm r12, ${NEIGHBOUR_SLOT}`, `ecalli ${UNTYPED_COPY_SLOT}`, ...ecall(2, [[7, BigInt(base + pages)], [8, 0n], [9, 1n], [10, 1n]], NEIGHBOUR_SLOT));
    text.push(`RETYPE ${pages} pages into slot ${BIG_SLOT}, MAP at page ${base}${n > 0 ? `, RETYPE 1 page into slot ${NEIGHBOUR_SLOT} mapped at ${base + pages}` : ''}`);
  } else {
    caps.push({ slot: BIG_SLOT, type: 'data', basePage: base, pageCount: pages, access: access ? 'W' : 'R', data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
    if (n > 0) caps.push({ slot: NEIGHBOUR_SLOT, type: 'data', basePage: base + pages, pageCount: 1, access: 'W', data: Uint8Array.of(0xee) });
  }
  for (const op of s.ops) dataOpSource(op, pages, base, out, text);
  if (s.probe) {
    const bytes = pages * PAGE_SIZE;
    for (const at of [0, bytes - 1, bytes]) dataOpSource({ t: 'touch', at: [0, at], width: 0, store: false, value: 0n }, pages, base, out, text);
  }
  out.push('ecalli 0', 'trap');
  const image = assembleOrThrow(out.join('\n'));
  caps.unshift({ slot: 64, type: 'code', image });
  const memoryPages = pages + n + extra;
  const gas = BigInt(1500 * (pages + n) + 100 + clamp(s.slack, 0, 1e12));
  text.unshift(`scale data: a ${pages}-page ${access ? 'RW' : 'RO'} DATA cap at page ${base} (${s.retype ? 'RETYPEd' : 'in the manifest'})${n > 0 ? ' with a 1-page neighbour after it' : ''}, memory_pages ${memoryPages}, gas ${gas}`);
  return { focus: 'scale', blob: jarBlob({ memoryPages, invokeCap: 64, caps }), gas, args: new Uint8Array(), host: s.host, maxSteps: SCALE_MAX_STEPS, text };
}

// ---------------------------------------------------------------------------------------------------
// code

/** Straight-line instruction mixes (none ends a block, except the one-instruction blocks of `fallthrough`). */
export const PATTERNS: readonly (readonly string[])[] = [
  ['add_imm_64 r7, r7, 1'],
  ['xor r8, r8, r7', 'add_64 r9, r9, r8', 'rot_r_64_imm r10, r9, 7'],
  ['mul_imm_64 r7, r7, -1640531535', 'add_imm_64 r8, r7, 3'],
  ['load_imm_64 r9, 0x123456789abcdef0', 'xor r10, r10, r9'],
  ['fallthrough'], // a block per instruction
  ['div_u_64 r8, r7, r9', 'rem_u_64 r10, r7, r9', 'add_imm_64 r9, r9, 1'],
  ['move_reg r8, r7', 'count_set_bits_64 r9, r8', 'sign_extend_8 r10, r9', 'add_64 r7, r7, r10'],
];

/** The end of every block: count a hop, pick the next entry (φ6), jump to it through the table, or to the exit after the last hop. */
const WALK_TAILS: readonly (readonly string[])[] = [
  ['mul_imm_64 r2, r2, 1103515245', 'add_imm_64 r2, r2, 12345', 'shlo_r_imm_64 r6, r2, 16', 'rem_u_64 r6, r6, r4'],
  [],
  ['add_imm_64 r6, r6, 1', 'rem_u_64 r6, r6, r4'],
];

/** Bytes and bitmask of straight-line source (position-independent: no static targets). */
function piece(lines: readonly string[]): CodeImage {
  return lines.length === 0 ? { code: new Uint8Array(), bitmask: new Uint8Array(), jumpTable: [] } : assembleOrThrow(lines.join('\n'));
}

/** The concrete case of a CODE spec. */
export function codeCase(s: CodeFamilySpec): KernelCase {
  const size = codeBytes(s);
  const pattern = PATTERNS[mod(s.pattern, PATTERNS.length)] ?? ['add_imm_64 r7, r7, 1'];
  const walk = mod(s.walk, WALK_TAILS.length);
  const tailLines = [...(WALK_TAILS[walk] ?? []), 'add_imm_64 r1, r1, -1', 'add_imm_64 r3, r6, 1', 'add_64 r3, r3, r3', 'cmov_iz r3, r5, r1', 'jump_ind r3, 0'];
  const tail = piece(tailLines);
  const unit = piece(pattern);
  const prologueBytes = 64;
  const exit = piece(['xor r7, r7, r8', 'xor r7, r7, r9', 'xor r7, r7, r10', 'xor r7, r7, r6', 'ecalli 0', 'trap']);
  const fault = piece(['load_ind_u64 r7, r0, 0']); // r0 = 0: address 0 is never mapped
  // instructions per block: whole units of the pattern, as many as fit at most
  const room = size - prologueBytes - exit.code.length - tail.code.length - fault.code.length;
  const units = clamp(Math.ceil(clamp(s.block, 1, 1e9) / pattern.length), 1, Math.max(1, Math.floor(room / unit.code.length)));
  const k = units * pattern.length;
  const perBlock = k + tailLines.length;
  const tooLong = perBlock > EXEC_MAX;
  const faultAt = tooLong ? mod(s.faultAt ?? 0, Math.min(units, Math.floor(EXEC_MAX / pattern.length))) : s.faultAt === null ? null : mod(s.faultAt, units);
  const hops = tooLong ? 1 : clamp(s.hops, 1, Math.max(1, Math.floor(EXEC_MAX / perBlock)));
  const block = (withFault: boolean): Uint8Array[] => {
    const parts: Uint8Array[] = [];
    const fillerBytes = new Uint8Array(unit.code.length * units);
    for (let u = 0; u < units; u++) fillerBytes.set(unit.code, u * unit.code.length);
    const fillerMask = new Uint8Array(fillerBytes.length);
    for (let u = 0; u < units; u++) fillerMask.set(unit.bitmask, u * unit.code.length);
    if (withFault && faultAt !== null) {
      const cut = faultAt * unit.code.length;
      parts.push(fillerBytes.subarray(0, cut), fault.code, fillerBytes.subarray(cut), tail.code);
      parts.push(fillerMask.subarray(0, cut), fault.bitmask, fillerMask.subarray(cut), tail.bitmask);
    } else {
      parts.push(fillerBytes, tail.code, fillerMask, tail.bitmask);
    }
    return parts;
  };
  const plain = block(tooLong);
  const first = block(true);
  const plainLen = plain.slice(0, plain.length / 2).reduce((n, p) => n + p.length, 0);
  const firstLen = first.slice(0, first.length / 2).reduce((n, p) => n + p.length, 0);
  const blocks = Math.max(1, 1 + Math.floor((size - prologueBytes - exit.code.length - firstLen) / plainLen));
  const startMode = mod(s.start[0], 5);
  const startIndex = startMode === 1 ? blocks - 1 : startMode === 2 ? Math.floor(blocks / 2) : startMode === 3 ? mod(s.start[1], blocks) : startMode === 4 ? blocks + 1 : 0;
  const prologue = piece([
    `load_imm r1, ${hops}`, `load_imm_64 r2, ${hex(0x2545f491n + BigInt(mod(s.start[1], 0x7fffffff)))}`, `load_imm r4, ${blocks}`,
    `load_imm r5, ${2 * (blocks + 1)}`, `load_imm r6, ${startIndex}`, 'add_imm_64 r3, r6, 1', 'add_64 r3, r3, r3', 'jump_ind r3, 0',
  ]);
  // lay out: prologue, traps up to prologueBytes (so the first block starts a block), the blocks, the exit, traps up to `size`
  const total = Math.max(size, prologueBytes + firstLen + (blocks - 1) * plainLen + exit.code.length);
  const code = new Uint8Array(total);
  const bitmask = new Uint8Array(total).fill(1); // every byte not overwritten below is a trap (opcode 0)
  code.set(prologue.code, 0);
  bitmask.set(prologue.bitmask, 0);
  const jumpTable: number[] = [];
  let at = prologueBytes;
  for (let b = 0; b < blocks; b++) {
    const parts = b === 0 ? first : plain;
    const half = parts.length / 2;
    jumpTable.push(at);
    let c = at;
    for (let q = 0; q < half; q++) {
      const bytes = parts[q] as Uint8Array;
      code.set(bytes, c);
      bitmask.set(parts[half + q] as Uint8Array, c);
      c += bytes.length;
    }
    at = c;
  }
  jumpTable.push(at);
  code.set(exit.code, at);
  bitmask.set(exit.bitmask, at);
  const image: CodeImage = { code, bitmask, jumpTable };
  const text = [
    `scale code: ${total} bytes, ${blocks} blocks of ${k} straight-line instructions (${pattern.join('; ')}) + ${tailLines.length} to walk, ` +
      `${blocks + 1} jump-table entries; start at entry ${startIndex}, ${hops} hop(s) ${['at random', 'on the same block', 'to the next block'][walk]}` +
      `${faultAt === null ? '' : `, a faulting load after ${faultAt * pattern.length} instructions of ${tooLong ? 'every' : 'the first'} block`}, gas ${s.gas}`,
  ];
  return { focus: 'scale', blob: jarBlob({ memoryPages: 0, invokeCap: 64, caps: [{ slot: 64, type: 'code', image }] }), gas: s.gas, args: new Uint8Array(), host: s.host, maxSteps: SCALE_MAX_STEPS, text };
}

// ---------------------------------------------------------------------------------------------------
// arbitraries

/** oneof constraints that let a value of a later (larger) branch shrink into the first (small) one: a deep chain's divergence shrinks to a short chain. */
const SHRINK_SMALL = { withCrossShrink: true } as const;
const host = hostSeed; // sometimes a host that writes memory and charges gas (values.FULL_HOST)
/** An edge: from the start or back from the end, mostly a few units in; past the end 1 time in `past`. */
const edge = (past = 4): fc.Arbitrary<Edge> => fc.tuple(fc.oneof({ weight: past - 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constant(2) }), fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.nat() },
));

/** Depth: mostly small, sometimes 1,000 up to DEPTH_MAX. */
export const depthArb = (): fc.Arbitrary<number> => fc.oneof(
  SHRINK_SMALL,
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 41, max: 999 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1000, max: DEPTH_MAX }) },
  { weight: 1, arbitrary: fc.constant(DEPTH_MAX) },
);

export const chainSpec = (): fc.Arbitrary<ChainSpec> => fc.record({
  t: fc.constant('chain' as const),
  depth: depthArb(),
  leaf: fc.constantFrom<LeafKind>('compute', 'fault', 'spin', 'protocol', 'bad-ecalli', 'trap', 'panic', 'halt', 'reply'),
  leafArg: fc.oneof(SHRINK_SMALL, fc.integer({ min: 0, max: 100 }), fc.nat({ max: 100_000 })),
  ceiling: fc.option(fc.tuple(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.nat({ max: DEPTH_MAX })), fc.oneof(fc.constantFrom(0, 10, 100, 1000), fc.nat({ max: 200_000 }))), { freq: 3 }),
  ipc: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) }),
  mask: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([0, 1, 3, 4, 5, 30, 31, 63]) }),
  gas: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(10n ** 9n, 2n ** 64n - 1n) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 400_000n }) }, // runs out somewhere down a long chain
  ),
  host: host(),
});

const dataOp = (): fc.Arbitrary<DataOp> => fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('map' as const), a: edge(), b: edge(), access: fc.constantFrom(0, 1), hi: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('unmap' as const), a: edge(), b: edge() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('split' as const), at: edge(), unmap: fc.boolean() }) },
  // accesses past the end fault and end the case: mostly inside, the probe after the ops goes past
  { weight: 5, arbitrary: fc.record({ t: fc.constant('touch' as const), at: edge(12), width: fc.nat({ max: 3 }), store: fc.boolean(), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('copy' as const), from: edge(), to: edge(), len: fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 10_000 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('stride' as const), n: fc.integer({ min: 1, max: 256 }), store: fc.boolean() }) },
);

/** Pages: small, around the 4,096 boundary, or 1,000 up to PAGES_MAX. */
export const pagesArb = (): fc.Arbitrary<number> => fc.oneof(
  SHRINK_SMALL,
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 16 }) },
  { weight: 2, arbitrary: fc.constantFrom(255, 256, 1024, 2048, 4095, 4096, 4097, PAGES_MAX) },
  { weight: 3, arbitrary: fc.integer({ min: 1000, max: PAGES_MAX }) },
);

export const dataSpec = (): fc.Arbitrary<DataFamilySpec> => fc.record({
  t: fc.constant('data' as const),
  pages: pagesArb(),
  retype: fc.boolean(),
  base: fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }), fc.nat()),
  access: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(0) }),
  neighbour: fc.boolean(),
  extraPages: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.constantFrom(2048, 8192, 65536, 100_000) }),
  ops: fc.array(dataOp(), { maxLength: 10 }),
  probe: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  slack: fc.oneof({ weight: 4, arbitrary: fc.constant(1_000_000) }, { weight: 1, arbitrary: fc.nat({ max: 3000 }) }),
  host: host(),
});

export const codeSpec = (): fc.Arbitrary<CodeFamilySpec> => fc.record({
  t: fc.constant('code' as const),
  bytes: fc.oneof(SHRINK_SMALL, { weight: 2, arbitrary: fc.constant(CODE_MIN) }, { weight: 3, arbitrary: fc.integer({ min: CODE_MIN, max: CODE_MAX }) }, { weight: 1, arbitrary: fc.constant(CODE_MAX) }),
  block: fc.oneof(
    SHRINK_SMALL,
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 16 }) },
    { weight: 2, arbitrary: fc.integer({ min: 17, max: 5000 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5000, max: 400_000 }) },
    { weight: 1, arbitrary: fc.constant(1e9) }, // one block of the whole code
  ),
  hops: fc.oneof(SHRINK_SMALL, fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 5000 })),
  start: fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }), fc.nat()),
  pattern: fc.nat({ max: PATTERNS.length - 1 }),
  walk: fc.nat({ max: WALK_TAILS.length - 1 }),
  faultAt: fc.option(fc.nat({ max: 100_000 }), { freq: 4 }),
  gas: fc.oneof(
    { weight: 4, arbitrary: fc.constant(10n ** 12n) },
    { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 5000n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: 5000n, max: 2_000_000n }) },
  ),
  host: host(),
});

export const scaleSpec = (): fc.Arbitrary<ScaleSpec> => fc.oneof(
  { weight: 2, arbitrary: chainSpec() },
  { weight: 1, arbitrary: dataSpec() },
  { weight: 1, arbitrary: codeSpec() },
);

/** The concrete case of a scale spec. */
export function scaleCase(s: ScaleSpec): KernelCase {
  return s.t === 'chain' ? chainCase(s) : s.t === 'data' ? dataCase(s) : codeCase(s);
}

/** Scale cases as an arbitrary. */
export const scaleCases = (): fc.Arbitrary<KernelCase> => scaleSpec().map(scaleCase);
