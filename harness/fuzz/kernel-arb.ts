/**
 * Kernel cases: a JAR v2 blob whose root program (slot 64) and child programs (CODE caps in slots
 * 2..4, shared with children through CREATE bitmasks) are random sequences of kernel operations
 * (RETYPE, CREATE, CALL with IPC caps, REPLY, MAP/UNMAP/SPLIT, MOVE/COPY/DROP/DOWNGRADE/SET_MAX_GAS,
 * RESUME, protocol calls, CALL on DATA) with raw-number operands that resolve against whatever cap
 * graph exists when they run, plus memory accesses near page edges, spin loops that burn gas, and
 * endings that make a child REPLY, halt, trap, panic, run out of gas or fault. Macro steps build the
 * states single operations rarely reach: call trees (spawn, deep), caps given to children (give, also a
 * child's own HANDLE), fresh DATA caps mapped, copied and split (grow, pages), a DATA cap lent to a child
 * that exits to the host while holding it (lend), a fresh DATA cap split in two halves, one mapped,
 * with copies into both at drawn offsets read back through the mapping (halves), and loops creating
 * more VMs than the kernel's first table sizes (many). Children may exit to the host first, and then
 * do an operation through a HANDLE slot of their own (hopStep: their own HANDLE when `give` handed it);
 * DATA caps may carry init data longer than a page, and rarely keep overlapping pages (a load error).
 * Shrinking removes steps and lowers numbers; every shrunk case is still a valid blob.
 */
import fc from 'fast-check';
import type { KernelCase } from './cases.js';
import { assemble, codeBlob, I, jarBlob, type ManifestCap } from './encode.js';
import { bitmask, capRef, edgeAddress, hostSeed, kernelValue, refPair, slot, u64 } from './values.js';

/** One step of a generated program. */
export type Step =
  /**
   * Set registers, then `ecall` (call = 'ecall') or `ecalli call`; with `observe`, then `ecalli 1` (the
   * root's protocol cap): an exit to the host that shows every register right after the operation, so
   * its result is observable to a black-box comparison (javm fuzz --target), not only in kernel events.
   */
  | { readonly t: 'op'; readonly call: 'ecall' | number; readonly regs: readonly (readonly [number, bigint])[]; readonly observe?: boolean }
  /** A load or store (TwoRegOneImm opcode 120..130) at an address. */
  | { readonly t: 'mem'; readonly opcode: number; readonly addr: bigint; readonly value: bigint }
  /** A counted loop of n iterations. */
  | { readonly t: 'spin'; readonly n: number }
  /** Arbitrary instruction bytes (valid or not). */
  | { readonly t: 'raw'; readonly bytes: readonly number[] }
  /** A loop that CREATEs n VMs from CODE slot `code` into slots first, first+1, ... (more VMs than the kernel's first table sizes). */
  | { readonly t: 'many'; readonly n: number; readonly code: number; readonly first: number };

export type Ending = 'reply' | 'trap' | 'halt' | 'panic' | 'fault' | 'loop' | 'fall' | 'bad-ecalli';

export interface ProgramSpec {
  readonly steps: readonly Step[];
  readonly end: Ending;
}

export interface DataSpec {
  readonly slot: number;
  readonly basePage: number;
  readonly pageCount: number;
  readonly access: number;
  readonly fill: readonly number[];
  /** When set, the initial bytes are `fill` repeated to this length (init data longer than a page). */
  readonly repeat?: number;
}

export interface KernelSpec {
  readonly programs: readonly ProgramSpec[];
  readonly data: readonly DataSpec[];
  readonly extraPages: number;
  readonly gas: bigint;
  readonly host: number;
  readonly args: readonly number[];
  /** Keep the DATA caps' base pages as drawn, even where they overlap (a load error), instead of moving them up (blob cases only: kernelCases clears it). */
  readonly overlap?: boolean;
}

export const ROOT_SLOT = 64;
/** Gas the kernel charges per DATA page at load (spec-notes/0021). */
export const PAGE_GAS = 1500n;
export const CHILD_CODE_SLOTS: readonly number[] = [2, 3, 4];
export const OP_NAMES: Readonly<Record<number, string>> = {
  0: 'CALL', 2: 'MAP', 3: 'UNMAP', 4: 'SPLIT', 5: 'DROP', 6: 'MOVE', 7: 'COPY', 10: 'DOWNGRADE', 11: 'SET_MAX_GAS', 12: 'DIRTY', 13: 'RESUME',
};

const memOpcodes = [120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130];

const regs = (...rs: [number, fc.Arbitrary<bigint>][]): fc.Arbitrary<(readonly [number, bigint])[]> =>
  fc.tuple(...rs.map(([r, a]) => fc.option(a, { freq: 12 }).map((v) => (v === null ? null : ([r, v] as const)))))
    .map((xs) => xs.filter((x): x is readonly [number, bigint] => x !== null));

const op = (call: fc.Arbitrary<'ecall' | number>, r: fc.Arbitrary<(readonly [number, bigint])[]>): fc.Arbitrary<Step> =>
  fc.tuple(call, r).map(([c, rr]) => ({ t: 'op', call: c, regs: rr }));

/** ecalli slots; the root never REPLYs (0 becomes 30) nor uses an immediate above 127 before its ending. */
const callSlot = (root: boolean, a: fc.Arbitrary<number>): fc.Arbitrary<number> => (root ? a.map((x) => (x === 0 ? 30 : x & 127)) : a);

const ecallOp = (ops: readonly number[], r: [number, fc.Arbitrary<bigint>][]): fc.Arbitrary<Step> =>
  op(fc.constant('ecall' as const), fc.tuple(fc.constantFrom(...ops).map(BigInt), regs(...r, [12, refPair()])).map(([o, rr]) => [[11, o] as const, ...rr]));

/** The kernel operations, each with operands biased to what it reads. */
const kernelStep = (root: boolean): fc.Arbitrary<Step> => fc.oneof(
  // RETYPE: φ7 pages, φ12 destination
  { weight: 4, arbitrary: op(callSlot(root, fc.oneof(fc.constant(35), slot())), regs([7, fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }).map(BigInt) }, { weight: 1, arbitrary: kernelValue() })], [12, capRef()])) },
  // CREATE: φ7 bitmask, φ12 destination
  { weight: 5, arbitrary: op(fc.constantFrom(2, 3, 4), regs([7, bitmask()], [12, fc.oneof(fc.constantFrom(31n, 32n, 33n), capRef())])) },
  // CALL a HANDLE/CALLABLE: φ7..φ10 arguments, φ12 IPC slot
  { weight: 6, arbitrary: op(callSlot(root, fc.oneof(fc.constantFrom(31, 32, 33), slot())), regs([7, u64()], [8, u64()], [12, fc.oneof(fc.constantFrom(0n, 30n, 31n, 254n, 2n), u64())])) },
  // protocol call (the host answers)
  { weight: 2, arbitrary: op(fc.oneof(fc.constant(1), fc.integer({ min: 5, max: 28 })), regs([7, u64()])) },
  // CALL on DATA: copy φ8 bytes from φ7 to φ9 of the DATA cap at φ12
  { weight: 2, arbitrary: op(callSlot(root, fc.constantFrom(0, 30, 31)), regs([7, kernelValue()], [8, kernelValue()], [9, kernelValue()], [12, capRef()])) },
  // REPLY in the middle (a child returns early; the root halts)
  { weight: root ? 0 : 1, arbitrary: op(fc.constant(0), regs([7, u64()])) },
  // ecalli with an immediate above 127 (status 5) or a random one, or one whose bits above 12 name a mapped page
  { weight: root ? 0 : 1, arbitrary: op(fc.oneof(fc.constantFrom(128, 200, 255, -1), fc.integer({ min: 1, max: 300 }), fc.constantFrom(16, 17, 32, 33, 64, 65, 80).map((p) => p * 4096 + 5)), regs()) },
  // MAP φ7 base, φ8 first, φ9 count, φ10 access
  { weight: 5, arbitrary: ecallOp([2], [[7, kernelValue()], [8, fc.integer({ min: 0, max: 3 }).map(BigInt)], [9, kernelValue()], [10, fc.integer({ min: 0, max: 2 }).map(BigInt)]]) },
  // UNMAP φ7 first, φ8 count
  { weight: 2, arbitrary: ecallOp([3], [[7, kernelValue()], [8, kernelValue()]]) },
  // SPLIT at φ7
  { weight: 2, arbitrary: ecallOp([4], [[7, kernelValue()]]) },
  // DROP, MOVE, COPY, DOWNGRADE
  { weight: 6, arbitrary: ecallOp([5, 6, 7, 10], []) },
  // SET_MAX_GAS φ7
  { weight: 2, arbitrary: ecallOp([11], [[7, kernelValue()]]) },
  // RESUME, CALL by ecall, DIRTY, unknown ops
  { weight: 3, arbitrary: ecallOp([13, 0, 12], [[7, u64()]]) },
  { weight: 1, arbitrary: op(fc.constant('ecall' as const), regs([11, u64()], [12, u64()])) },
  // ops without an operation (WHAT) on caps that resolve, so that only the op number decides
  { weight: 1, arbitrary: ecallOp([1, 8, 9, 14, 255], []) },
);


/** A program step: mostly kernel operations, then memory accesses, loops and raw bytes (rare in the root, whose fault ends the case). */
const step = (root: boolean): fc.Arbitrary<Step> => fc.oneof(
  { weight: 24, arbitrary: kernelStep(root) },
  { weight: root ? 2 : 3, arbitrary: fc.record({ t: fc.constant('mem' as const), opcode: fc.constantFrom(...memOpcodes), addr: edgeAddress(), value: u64() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('spin' as const), n: fc.constantFrom(1, 3, 20) }) },
  { weight: root ? 0 : 2, arbitrary: fc.record({ t: fc.constant('raw' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }) }) },
);

const ending = (root: boolean): fc.Arbitrary<Ending> => (root
  ? fc.oneof({ weight: 8, arbitrary: fc.constant('reply' as const) }, { weight: 1, arbitrary: fc.constantFrom<Ending>('trap', 'halt', 'panic', 'fault', 'fall', 'bad-ecalli') })
  : fc.oneof({ weight: 12, arbitrary: fc.constant('reply' as const) }, { weight: 6, arbitrary: fc.constantFrom<Ending>('trap', 'halt', 'panic', 'fault', 'fall', 'bad-ecalli') }, { weight: 1, arbitrary: fc.constant('loop' as const) }));

/** CREATE from a CODE slot into a HANDLE slot, maybe a gas ceiling on it, then CALL it (with an IPC slot), maybe RESUME it: a call tree grows. */
const spawn = (): fc.Arbitrary<Step[]> => fc.tuple(
  fc.constantFrom(2, 3, 4), bitmask(), fc.constantFrom(31, 32, 33), fc.option(fc.constantFrom(10n, 30n, 100n, 400n, 2000n), { freq: 3 }),
  u64(), u64(), fc.constantFrom(0n, 30n, 40n, 254n, 2n), fc.boolean(), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0n, 10n, 13n, 5n) }, { weight: 1, arbitrary: fc.constantFrom(1n, 8n, 9n, 12n, 14n, 255n) }),
).map(([code, mask, dst, ceiling, a7, a8, ipc, again, op2]): Step[] => [
  { t: 'op', call: code, regs: [[7, mask], [12, BigInt(dst)]] },
  ...(ceiling === null ? [] : [{ t: 'op' as const, call: 'ecall' as const, regs: [[11, 11n], [7, ceiling], [12, BigInt(dst) << 32n]] as const }]),
  { t: 'op', call: dst, regs: [[7, a7], [8, a8], [12, ipc]] },
  // again: RESUME it (if it faulted), CALL it by ecall, DOWNGRADE it into slot 34, or DROP it (its VM is destroyed unless on the call stack)
  ...(again ? [{ t: 'op' as const, call: 'ecall' as const, regs: [[11, op2], [12, (BigInt(dst) << 32n) | 34n]] as const }] : []),
]);

/** COPY the UNTYPED to 35, RETYPE a few pages into slot 40/41, MAP them (also at the last page of the address space, 0xFFFFF), touch them near an edge, and maybe UNMAP/SPLIT/MOVE them. */
const grow = (): fc.Arbitrary<Step[]> => fc.tuple(
  fc.integer({ min: 1, max: 3 }), fc.constantFrom(40, 41), fc.constantFrom(64, 65, 80, 32, 0xfffff), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 }),
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.constant(2) }), fc.constantFrom(...memOpcodes), fc.constantFrom(0, 8, 4088, 4092, 4095, 4096, 8190), u64(),
  fc.option(fc.tuple(fc.constantFrom(3n, 4n, 6n, 5n), fc.oneof(fc.constantFrom(1n, 2n), kernelValue()), fc.constantFrom(42n, 31n, 0x1f2an, 0x2000002an)), { freq: 2 }), fc.boolean(),
).map(([n, dst, base, first, count, access, opcode, off, value, after, touch]): Step[] => [
  // ecalli reaches slots 0..127 only (spec-notes/0037): the UNTYPED at 254 is copied to 35 first (WHAT if 35 is taken)
  { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
  { t: 'op', call: 35, regs: [[7, BigInt(n)], [12, BigInt(dst)]] },
  { t: 'op', call: 'ecall', regs: [[11, 2n], [7, BigInt(base)], [8, BigInt(first)], [9, BigInt(count)], [10, BigInt(access)], [12, BigInt(dst) << 32n]] },
  ...(touch ? [{ t: 'mem' as const, opcode, addr: BigInt(base * 4096 + off), value }] : []),
  ...(after === null ? [] : [{ t: 'op' as const, call: 'ecall' as const, regs: [[11, after[0]], [7, after[1]], [8, after[1]], [12, (BigInt(dst) << 32n) | after[2]]] as const }]),
]);

/**
 * A two-level tree reached by indirection: CREATE a child at 31, CREATE a grandchild into the child's
 * slot 32 (reference 31·2^8 + 32), then one op whose reference hops 31 then 32 (bytes 3 and 2).
 */
const deep = (): fc.Arbitrary<Step[]> => fc.tuple(
  fc.constantFrom(2, 3, 4), fc.constantFrom(2, 3, 4), fc.constantFrom(0n, 0x1cn, 0x04n), fc.constantFrom(5n, 6n, 7n, 10n, 11n),
  fc.constantFrom(0, 1, 2, 3, 4, 34), fc.constantFrom(34n, 35n, 36n, (31n << 8n) | 36n), u64(),
).map(([c1, c2, mask, op, s, obj, v]): Step[] => [
  { t: 'op', call: c1, regs: [[7, mask], [12, 31n]] },
  { t: 'op', call: c2, regs: [[7, mask], [12, (31n << 8n) | 32n]] },
  { t: 'op', call: 'ecall', regs: [[11, op], [7, v], [12, (((31n << 24n) | (32n << 16n) | BigInt(s)) << 32n) | obj]] },
]);

/**
 * CREATE a child at 31, MOVE or COPY a cap of ours (a mapped DATA cap, the UNTYPED, a CODE cap, or the
 * child's own HANDLE, kept callable as a CALLABLE in 34) into its CNode, maybe CALL it. A child holding
 * its own HANDLE reaches itself by indirection while it runs: such a hop must fail (Lean `resolveCapRef`).
 */
const give = (): fc.Arbitrary<Step[]> => fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(2, 3, 4), fc.constantFrom(6n, 7n), fc.constantFrom(30n, 40n, 0n, 254n, 2n, 31n), fc.constantFrom(36n, 0n, 30n, 31n, 32n), fc.boolean(), u64(), fc.boolean()) },
  // the child's own HANDLE MOVEd into its CNode at a slot hops name, then the child CALLed through the CALLABLE
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(2, 2, 3, 4), fc.constant(6n), fc.constant(31n), fc.constantFrom(31n, 32n, 33n), fc.constant(true), u64(), fc.constant(true)) },
).map(([code, op, from, to, call, v, callable]): Step[] => [
  { t: 'op', call: code, regs: [[7, from === 31n ? 2n : 0n], [12, 31n]] },
  ...(callable || from === 31n ? [{ t: 'op' as const, call: 'ecall' as const, regs: [[11, 10n], [12, (31n << 32n) | 34n]] as const }] : []),
  { t: 'op', call: 'ecall', regs: [[11, op], [12, (from << 32n) | (31n << 8n) | to]] },
  ...(call ? [{ t: 'op' as const, call: callable || from === 31n ? 34 : 31, regs: [[7, v], [12, 0n]] as const }] : []),
]);

/** A host exit (protocol cap 1): a child with the protocol cap exits while its caller waits (the call frame is in that snapshot); the registers show. */
const HOST_FIRST: Step = { t: 'op', call: 1, regs: [] };

/** One thing done to a fresh DATA cap in slot 40 (pages): see `pages`. */
export type PageOp =
  | { readonly t: 'map'; readonly first: number; readonly count: number; readonly access: number }
  | { readonly t: 'unmap'; readonly first: number; readonly count: number }
  | { readonly t: 'split'; readonly at: number }
  | { readonly t: 'drop' }
  | { readonly t: 'touch'; readonly opcode: number; readonly off: number; readonly value: bigint }
  /**
   * CALL on DATA: copy len bytes from byte src of cap `mine` (40, or 42: SPLIT's upper half; default 40)
   * to byte dst of `other` (30 or 42), or back from `other` to `mine`; 42 to 42 copies within one cap. With
   * `tail`, dst is instead the one that ends the copy at the destination's last byte when that is 40 (n pages).
   */
  | { readonly t: 'copy'; readonly back: boolean; readonly src: number; readonly len: number; readonly dst: number; readonly other?: number; readonly mine?: number; readonly tail?: boolean }
  /** CREATE a child at 31 (with the CREATE bitmask `mask`: 2 gives it the protocol cap) and CALL it with the cap as its IPC cap (mapped or not). */
  | { readonly t: 'pass'; readonly mask?: bigint }
  /** ecalli with an immediate whose page bits name the cap's base page (plus a page): a fault exit, not a page fault. */
  | { readonly t: 'ecalli'; readonly page: number };

const pageOp = (): fc.Arbitrary<PageOp> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('map' as const), first: fc.nat({ max: 3 }), count: fc.integer({ min: 1, max: 3 }), access: fc.constantFrom(0, 1, 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unmap' as const), first: fc.nat({ max: 3 }), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('split' as const), at: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'drop' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('touch' as const), opcode: fc.constantFrom(...memOpcodes), off: fc.constantFrom(0, 8, 4092, 4095, 4096, 5000, 8191, 8192, 12287), value: u64() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('copy' as const), back: fc.boolean(), src: fc.constantFrom(0, 1, 4000, 4095, 4096, 6000), len: fc.constantFrom(1, 8, 100, 4096, 4097, 5000, 8192), dst: fc.constantFrom(0, 3, 4090, 4096, 7000), other: fc.constantFrom(30, 30, 42), mine: fc.constantFrom(40, 40, 42), tail: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constantFrom(0n, 2n).map((mask) => ({ t: 'pass' as const, mask })) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2).map((page) => ({ t: 'ecalli' as const, page })) },
);

/**
 * A fresh DATA cap of n pages (UNTYPED copied to 35, RETYPE into 40) and a few things done to it in
 * any order: MAPs of overlapping or out-of-order page ranges, UNMAP, SPLIT (needs it unmapped), DROP
 * (a mapped cap: its pages leave the space), loads and stores, copies to and from the DATA cap in
 * slot 30 across page edges (CALL on DATA), passing it to a child as the IPC cap, an ecalli whose
 * immediate names one of its pages; maybe first a copy into it while it has never been mapped.
 */
const pages = (): fc.Arbitrary<Step[]> => fc.tuple(fc.integer({ min: 2, max: 4 }), fc.constantFrom(64, 80), fc.array(pageOp(), { minLength: 1, maxLength: 9 }), fc.constantFrom(2, 3, 4), fc.boolean())
  .map(([n, base, ops, code, early]): Step[] => [
    { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
    { t: 'op', call: 35, regs: [[7, BigInt(n)], [12, 40n]] },
    // early: bytes copied from slot 30 into the fresh cap before it was ever mapped (its pages then exist before the first MAP)
    ...(early ? [{ t: 'op' as const, call: 30, regs: [[7, 0n], [8, 8n], [9, 4092n], [12, 40n]] as const }] : []),
    ...ops.flatMap((o): Step[] => {
      switch (o.t) {
        case 'map': return [{ t: 'op', call: 'ecall', regs: [[11, 2n], [7, BigInt(base)], [8, BigInt(o.first)], [9, BigInt(o.count)], [10, BigInt(o.access)], [12, 40n << 32n]] }];
        case 'unmap': return [{ t: 'op', call: 'ecall', regs: [[11, 3n], [7, BigInt(o.first)], [8, BigInt(o.count)], [12, 40n << 32n]] }];
        case 'split': return [{ t: 'op', call: 'ecall', regs: [[11, 4n], [7, BigInt(o.at)], [12, (40n << 32n) | 42n]] }];
        case 'drop': return [{ t: 'op', call: 'ecall', regs: [[11, 5n], [12, 40n << 32n]] }];
        case 'touch': return [{ t: 'mem', opcode: o.opcode, addr: BigInt(base * 4096 + o.off), value: o.value }];
        case 'copy': {
          const [other, mine] = [o.other ?? 30, o.mine ?? 40];
          const dst = o.tail === true && o.back && mine === 40 ? Math.max(0, n * 4096 - o.len) : o.dst;
          return [{ t: 'op', call: o.back ? other : mine, regs: [[7, BigInt(o.src)], [8, BigInt(o.len)], [9, BigInt(dst)], [12, BigInt(o.back ? mine : other)]] }];
        }
        case 'pass': return [
          { t: 'op', call: code, regs: [[7, o.mask ?? 0n], [12, 31n]] },
          { t: 'op', call: 31, regs: [[7, 1n], [12, 40n]] },
        ];
        case 'ecalli': return [{ t: 'op', call: (base + o.page) * 4096 + 1, regs: [] }];
      }
    }),
  ]);

/**
 * Lend a DATA cap to a child that exits to the host while it holds it: RETYPE 3 pages into 40, MAP
 * single pages of it in a drawn order (e.g. 2 then 0), maybe store into one, CREATE a child at 31 that
 * gets the protocol cap (bitmask 2), CALL it passing 40 (or nothing) as its IPC cap. While the child
 * runs, the call frame (the passed cap, its mapped pages) shows in the snapshot at each of its host
 * exits and survives a session rebuilt from that snapshot; the child's REPLY maps the pages back.
 * With `alone`, the root first unmaps its manifest DATA caps (slots 0, 30): while the child holds the
 * cap the root maps no page at all. With `after`, bytes are copied into the cap once it is back, and read.
 * With `neighbour`, another DATA cap is mapped on the two pages right below the lent one.
 */
const lend = (): fc.Arbitrary<Step[]> => fc.tuple(
  fc.constantFrom(2, 2, 3, 4), fc.constantFrom(64, 80), fc.constantFrom(0, 1), fc.boolean(), u64(), fc.constantFrom(40n, 40n, 0n),
  fc.constantFrom([2, 0], [1, 0, 2], [0, 2], [2, 1]), u64(), fc.constantFrom(true, true, false), fc.boolean(), fc.boolean(),
).map(([code, base, access, store, value, ipc, order, a7, alone, after, neighbour]): Step[] => [
  ...(alone ? [0n, 30n].map((slot): Step => ({ t: 'op', call: 'ecall', regs: [[11, 3n], [7, 0n], [8, 0xffffffffn], [12, slot << 32n]] })) : []),
  { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
  { t: 'op', call: 35, regs: [[7, 3n], [12, 40n]] },
  ...order.map((first): Step => ({ t: 'op', call: 'ecall', regs: [[11, 2n], [7, BigInt(base)], [8, BigInt(first)], [9, 1n], [10, BigInt(access)], [12, 40n << 32n]] })),
  ...(store && access === 1 ? [{ t: 'mem' as const, opcode: 123, addr: BigInt((base + (order[0] ?? 0)) * 4096 + 8), value }] : []),
  // neighbour: 2 pages RETYPEd into 41 and mapped right below the lent cap (pages the REPLY's re-mapping must leave alone)
  ...(neighbour ? [{ t: 'op' as const, call: 35, regs: [[7, 2n], [12, 41n]] as const }, { t: 'op' as const, call: 'ecall' as const, regs: [[11, 2n], [7, BigInt(base - 2)], [8, 0n], [9, 2n], [10, 1n], [12, 41n << 32n]] as const }] : []),
  { t: 'op', call: code, regs: [[7, 2n], [12, 31n]] },
  { t: 'op', call: 31, regs: [[7, a7], [12, ipc]] },
  // after: bytes of slot 30 copied into the cap back from the child (its pages mapped again), then read through the mapping
  ...(after ? [{ t: 'op' as const, call: 30, regs: [[7, 0n], [8, 8n], [9, BigInt((order[0] ?? 0) * 4096 + 4)], [12, 40n]] as const }, { t: 'mem' as const, opcode: 130, addr: BigInt((base + (order[0] ?? 0)) * 4096), value: 0n }] : []),
]);

/**
 * A fresh DATA cap of n pages (RETYPE into 40) SPLIT in two halves of one backing run (40 below, 42
 * above), one half MAPped (read-only or not) before any bytes exist, then 2..4 copies (CALL on DATA)
 * into either half at drawn offsets, from slot 30 or from the other half, each copy into the mapped
 * half followed by a load where its bytes landed and a host exit that shows the register. A copy into
 * one half must change no page of the other, and bytes copied into a mapped page that was never
 * written must show through the mapping.
 */
export const halves = (): fc.Arbitrary<Step[]> => fc.tuple(
  // mostly: the lower half one page, mapped read-only (never-written pages then show shared zeros)
  fc.integer({ min: 2, max: 3 }), fc.constantFrom(1, 1, 2), fc.constantFrom(40, 40, 42), fc.constantFrom(0, 0, 1), fc.constantFrom(64, 80),
  fc.array(fc.record({
    into: fc.constantFrom(40, 42), other: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    src: fc.constantFrom(0, 0, 0, 1, 4095), dst: fc.constantFrom(0, 3, 8, 100, 4000), len: fc.constantFrom(8, 8, 16, 100, 4096),
  }), { minLength: 2, maxLength: 4 }),
).map(([n, at0, mapped, access, base, copies]): Step[] => {
  const at = Math.min(at0, n - 1);
  const pagesOf = (half: number): number => (half === 40 ? at : n - at);
  return [
    { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
    { t: 'op', call: 35, regs: [[7, BigInt(n)], [12, 40n]] },
    { t: 'op', call: 'ecall', regs: [[11, 4n], [7, BigInt(at)], [12, (40n << 32n) | 42n]] },
    { t: 'op', call: 'ecall', regs: [[11, 2n], [7, BigInt(base)], [8, 0n], [9, BigInt(pagesOf(mapped))], [10, BigInt(access)], [12, BigInt(mapped) << 32n]] },
    ...copies.flatMap((c): Step[] => [
      { t: 'op', call: c.other ? (c.into === 40 ? 42 : 40) : 30, regs: [[7, BigInt(c.src)], [8, BigInt(c.len)], [9, BigInt(c.dst)], [12, BigInt(c.into)]] },
      ...(c.into === mapped ? [{ t: 'mem' as const, opcode: 130, addr: BigInt(base * 4096 + c.dst), value: 0n }, HOST_FIRST] : []),
    ]),
  ];
});

/** A loop creating n VMs (many: more than the kernel's first table sizes) from a CODE slot into consecutive slots. */
const many = (): fc.Arbitrary<Step> => fc.record({ t: fc.constant('many' as const), n: fc.oneof({ weight: 2, arbitrary: fc.constant(8) }, { weight: 1, arbitrary: fc.constant(70) }), code: fc.constantFrom(2, 3, 4), first: fc.constantFrom(66, 100) });

/** A program's operations, each observed or not (a protocol exit after it: see Step). */
const observed = (ss: Step[], observe: readonly boolean[]): Step[] => ss.map((s, k) => (s.t === 'op' && observe[k] === true ? { ...s, observe: true } : s));

const steps = (root: boolean): fc.Arbitrary<Step[]> => fc.tuple(
  fc.array(fc.oneof(
    { weight: 12, arbitrary: step(root).map((x) => [x]) }, { weight: 2, arbitrary: spawn() }, { weight: 2, arbitrary: grow() }, { weight: root ? 2 : 0, arbitrary: deep() },
    { weight: root ? 2 : 0, arbitrary: give() }, { weight: root ? 2 : 0, arbitrary: pages() }, { weight: root ? 3 : 0, arbitrary: halves() }, { weight: root ? 4 : 0, arbitrary: lend() }, { weight: root ? 1 : 0, arbitrary: many().map((x) => [x]) },
  ), { maxLength: root ? 16 : 8 }),
  // children observe too: with the protocol cap (CREATE bitmask bit 1) a child's ecalli 1 exits to the host while its caller waits
  root ? fc.array(fc.boolean(), { maxLength: 48 }) : fc.array(fc.boolean(), { maxLength: 8 }),
).map(([g, observe]) => observed(g.flat(), observe));

/**
 * A child's early operation through a HANDLE slot of its own (31..33: where CREATE puts HANDLEs and
 * `give` puts a child's own HANDLE): MOVE, COPY, DOWNGRADE or DROP with both references hopping through
 * it (byte 1) to a slot there (the protocol cap at 1, ...). Through a child it created the hop works;
 * through its own HANDLE (its VM is RUNNING) it must fail (WHAT), whatever the rest of the program.
 */
export const hopStep = (): fc.Arbitrary<Step> => fc.tuple(fc.constantFrom(6n, 7n, 10n, 5n), fc.constantFrom(31n, 32n, 33n), fc.constantFrom(1n, 1n, 0n, 2n, 34n), fc.constantFrom(40n, 41n))
  .map(([o, h, from, to]) => ({ t: 'op', call: 'ecall', regs: [[11, o], [12, (((h << 8n) | from) << 32n) | (h << 8n) | to]] }));

/**
 * A program; half the roots lead with one macro step (halves, pages, lend, give, deep: run before any
 * random step can end the root); a child may first exit to the host, and then do an operation through
 * a HANDLE slot of its own (hopStep).
 */
const program = (root: boolean): fc.Arbitrary<ProgramSpec> => fc.record({
  steps: steps(root), end: ending(root), hostFirst: root ? fc.constant(false) : fc.boolean(),
  lead: root ? fc.option(fc.oneof(halves(), pages(), lend(), give(), deep()), { freq: 2 }) : fc.constant(null),
  hop: root ? fc.constant(null) : fc.option(hopStep(), { freq: 2 }),
}).map(({ steps: ss, end, hostFirst, lead, hop }) => ({ steps: [...(lead ?? []), ...(hostFirst ? [HOST_FIRST] : []), ...(hop === null ? [] : [hop]), ...ss], end }));

/** A DATA spec that sometimes has init data longer than a page (its fill repeated). */
const withRepeat = (d: fc.Arbitrary<DataSpec>): fc.Arbitrary<DataSpec> =>
  fc.tuple(d, fc.option(fc.constantFrom(4097, 6000, 8192, 12288), { freq: 4 })).map(([x, r]) => (r === null ? x : { ...x, repeat: r }));

/** A DATA spec's initial bytes: its fill, or (with `repeat`) the fill repeated to `repeat` bytes, at most its pages. */
export function dataBytes(d: DataSpec): Uint8Array {
  if (d.repeat === undefined) return Uint8Array.from(d.fill);
  const n = Math.min(d.repeat, d.pageCount * 4096);
  return Uint8Array.from({ length: n }, (_, i) => (d.fill.length > 0 ? (d.fill[i % d.fill.length] ?? 0) : (i * 7 + 1) & 0xff));
}

/** The whole kernel case spec. */
export const kernelSpec = (): fc.Arbitrary<KernelSpec> => fc.record({
  programs: fc.tuple(program(true), fc.array(program(false), { minLength: 1, maxLength: 3 })).map(([r, cs]) => [r, ...cs]),
  data: fc.tuple(
    fc.option(withRepeat(fc.record({ slot: fc.constant(0), basePage: fc.constantFrom(16, 17), pageCount: fc.integer({ min: 1, max: 2 }), access: fc.constantFrom(0, 1), fill: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }) }))),
    fc.option(withRepeat(fc.record({ slot: fc.constant(30), basePage: fc.constantFrom(32, 33, 17, 18), pageCount: fc.integer({ min: 1, max: 3 }), access: fc.constantFrom(0, 1), fill: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }) }))),
  ).map((ds) => ds.flatMap((d): DataSpec[] => (d === null ? [] : [d]))),
  // pages for the UNTYPED (RETYPE in grow, pages, halves, lend): mostly some
  extraPages: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }),
  gas: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom<bigint>(0n, 50n, 400n, 5_000n) },
    { weight: 8, arbitrary: fc.constantFrom<bigint>(30_000n, 100_000n) },
    { weight: 1, arbitrary: fc.constantFrom<bigint>(2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n) }, // above 2^53: gas kept as bigint
    { weight: 1, arbitrary: fc.constantFrom<bigint>(-1n, -2n, -3n) }, // the load's page charge + 1, exactly, - 1 (kernelCase)
  ),
  host: hostSeed(), // sometimes a host that writes memory and charges gas (values.FULL_HOST)
  args: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }),
  overlap: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Instructions of one step; `text` gets its assembly. */
function stepCode(s: Step, out: number[][], text: string[]): void {
  if (s.t === 'op') {
    for (const [r, v] of s.regs) out.push(I.loadImm64(r, v));
    const set = s.regs.map(([r, v]) => `r${r}=0x${v.toString(16)}`).join(' ');
    if (s.call === 'ecall') {
      out.push(I.ecall());
      const o = s.regs.find(([r]) => r === 11)?.[1];
      text.push(`ecall ${o !== undefined && o < 16n ? OP_NAMES[Number(o)] ?? `op ${o}` : 'op ?'} ${set}`);
    } else {
      out.push(I.ecalli(s.call));
      text.push(`ecalli ${s.call} ${set}`);
    }
    if (s.observe === true) {
      out.push(I.ecalli(1));
      text.push('ecalli 1 (observe: a protocol exit shows the registers)');
    }
  } else if (s.t === 'mem') {
    out.push(I.loadImm64(1, s.addr), I.loadImm64(2, s.value), I.memInd(s.opcode, 2, 1, 0));
    text.push(`${s.opcode <= 123 ? 'store' : 'load'} op ${s.opcode} at 0x${s.addr.toString(16)}`);
  } else if (s.t === 'spin') {
    // r3 = n; fallthrough; loop: r3 -= 1; branch_ne r3, 0 -> loop (the loop start is a block start)
    out.push(I.loadImm(3, s.n), I.fallthrough(), I.addImm64(3, 3, -1), I.branchNeImm(3, 0, -6));
    text.push(`spin ${s.n}`);
  } else if (s.t === 'many') {
    // r3 = first; fallthrough; loop: r7 = 0 (no caps shared); r12 = r3; ecalli code (CREATE); r3 += 1; branch_ne r3, first + n -> loop
    const body = [I.loadImm(7, 0), I.addImm64(12, 3, 0), I.ecalli(s.code), I.addImm64(3, 3, 1)];
    out.push(I.loadImm(3, s.first), I.fallthrough(), ...body, I.branchNeImm(3, s.first + s.n, -body.reduce((n, b) => n + b.length, 0)));
    text.push(`many: CREATE ${s.n} VMs from slot ${s.code} into slots ${s.first}..${s.first + s.n - 1}`);
  } else {
    out.push([...s.bytes]);
    text.push(`raw ${s.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
}

/** Instructions of an ending; a trap always follows so that the code ends in a terminator (spec-notes/0019). */
function endCode(e: Ending, out: number[][]): void {
  if (e === 'reply') out.push(I.ecalli(0));
  else if (e === 'halt') out.push(I.loadImm64(0, 0xffff0000n), I.jumpInd(0, 0));
  else if (e === 'panic') out.push([101]); // sbrk: invalid opcode (spec-notes/0015)
  else if (e === 'fault') out.push(I.loadImm64(1, 0xf0000000n), I.memInd(124, 2, 1, 0));
  else if (e === 'loop') out.push(I.fallthrough(), I.jump(0));
  else if (e === 'bad-ecalli') out.push(I.ecalli(128)); // the first immediate that faults (spec-notes/0037)
  out.push(I.trap());
}

/** Assembles one program spec. */
export function programImage(p: ProgramSpec, text: string[]): ReturnType<typeof assemble> {
  const out: number[][] = [];
  for (const s of p.steps) stepCode(s, out, text);
  endCode(p.end, out);
  text.push(`end ${p.end}`);
  return assemble(out);
}

/** The image with a jump table of its first `n` instruction starts below 256 (so that any entry size holds them). */
function withTable(image: ReturnType<typeof assemble>, n: number): ReturnType<typeof assemble> {
  const starts = [...image.bitmask.keys()].filter((i) => image.bitmask[i] === 1 && i < 256).slice(0, n);
  return { ...image, jumpTable: starts };
}

/** The manifest caps of a spec (root CODE at 64, children at 2..4, DATA caps). */
export function manifestOf(spec: KernelSpec, text: string[]): { memoryPages: number; caps: ManifestCap[] } {
  const caps: ManifestCap[] = [];
  spec.programs.forEach((p, k) => {
    const where = k === 0 ? ROOT_SLOT : (CHILD_CODE_SLOTS[k - 1] ?? 2);
    text.push(`-- CODE slot ${where}${k === 0 ? ' (root)' : ''}`);
    // a jump table and entry size that vary with the program (no draw of their own, so seeds keep their cases): the code after a table
    const n = p.steps.length + k;
    const image = withTable(programImage(p, text), n % 4);
    caps.push({ slot: where, type: 'code', blob: codeBlob(image, 1 + (n % 4)) });
    if (image.jumpTable.length > 0) text.push(`jump table [${image.jumpTable.join(', ')}], entry size ${1 + (n % 4)}`);
  });
  let free = 0; // the first page after the DATA caps placed so far: an overlapping base moves up to it (adjacent)
  for (const spec0 of spec.data) {
    const d = spec0.basePage < free && spec.overlap !== true ? { ...spec0, basePage: free } : spec0; // with `overlap`: a load error if they do
    free = Math.max(free, d.basePage + d.pageCount);
    caps.push({ slot: d.slot, type: 'data', basePage: d.basePage, pageCount: d.pageCount, access: d.access, data: dataBytes(d) });
    text.push(`-- DATA slot ${d.slot}: pages ${d.basePage}+${d.pageCount} ${d.access ? 'RW' : 'RO'}`);
  }
  const pages = spec.data.reduce((n, d) => n + d.pageCount, 0);
  return { memoryPages: pages + spec.extraPages, caps };
}

/** The concrete case of a spec. */
export function kernelCase(spec: KernelSpec, maxSteps = 3000, extraCodeCaps = 0): KernelCase {
  const text: string[] = [];
  const { memoryPages, caps } = manifestOf(spec, text);
  // more CODE caps than an invocation may have (spec-notes/0053), for blob cases: copies of the root at slots 5, 6, ...
  const root = caps[0];
  for (let k = 0; k < extraCodeCaps && root !== undefined; k++) caps.push({ ...root, slot: 5 + k });
  const slot0 = spec.data.find((d) => d.slot === 0);
  // args go to the DATA cap in slot 0; one case in 8 without one still passes them (a load error: no cap for the args)
  const args = slot0 || spec.host % 8 === 1 ? Uint8Array.from(spec.args) : new Uint8Array();
  // gas -1, -2, -3: the load's charge for the DATA pages (PAGE_GAS each, spec-notes/0021) plus 1, exactly, minus 1
  const dataPages = spec.data.reduce((n, d) => n + d.pageCount, 0);
  const gas = spec.gas < 0n ? BigInt.asUintN(64, PAGE_GAS * BigInt(dataPages) + spec.gas + 2n) : spec.gas;
  text.unshift(`gas ${gas}, memory_pages ${memoryPages}, host seed ${spec.host}, args ${args.length} bytes`);
  return { focus: 'kernel', blob: jarBlob(memoryPages, ROOT_SLOT, caps), gas, args, host: spec.host, maxSteps, text };
}

/** Kernel cases as an arbitrary: blobs that load (overlapping DATA caps, a load error, are left to the blob focus, whose cases are built on kernelSpec). */
export const kernelCases = (): fc.Arbitrary<KernelCase> => kernelSpec().map((s) => kernelCase({ ...s, overlap: false }));
