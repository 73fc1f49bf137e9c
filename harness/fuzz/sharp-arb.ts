/**
 * Sharper core cases, mixed into the core focus (coreCases, below) where the mutation score
 * (npm run mutation, harness/mutation/) showed the plain instruction streams never reach:
 * - hot loops: a body run K times under a counter, so that the impl's second tier (impl/core/jit.ts
 *   compiles a block after 8 hits) runs it; ALU bodies draw division, remainder, multiply-high and
 *   64-bit shift operands from edge values (divOperand), fan one operand pair out to a whole op family
 *   (fanGroup), compare registers that share one 32-bit half (cmpGroup) and read the counter (so a
 *   result changes every iteration); memory bodies walk a pointer across page edges (RW to RO to
 *   absent) with every load and store width, over pages filled around every page boundary; cost bodies
 *   are straight blocks of any ALU op over four registers (dependency chains: jar1 block gas); table
 *   bodies run an op family over many operand pairs and store every result (tableBody); long bodies
 *   make a block too large for one compiled function (segments); the loop then ends in a trap, panic,
 *   ecalli, halt, fault, a static jump or branch to a pc that starts no block (a panic), or falls off
 *   the end.
 * - gp blobs: a Gray Paper deblob of a generated image, header and body bent (z = 0 with and without a
 *   table, any z, non-minimal and 9-byte compact naturals, lengths ± 1 and ≥ 2^32, trailing bytes,
 *   truncation, byte overwrites); both engines parse it (same image or same error class) and run it.
 */
import fc from 'fast-check';
import { compactNatural, packBitmask, u32 } from '../../vectors/lib/containers.js';
import type { MemoryChunk, PageRange } from '../../vectors/lib/types.js';
import type { CoreCase } from './cases.js';
import { coreCase, coreSpec, offsetLens, type CoreSpec, type InstrSpec } from './core-arb.js';
import { u64 } from './values.js';

const M64 = (1n << 64n) - 1n;

/** Dividend and divisor edges: 0, ±1, ±2, INT64_MIN/MAX, INT32_MIN/MAX and their unsigned neighbours, one-half-zero values. */
export const DIV_EDGES: readonly bigint[] = [
  0n, 1n, 2n, 3n, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n, (1n << 63n) + 1n,
  0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0xffffffff80000000n, 0xffffffff7fffffffn, 0xffffffff00000000n, 0x100000001n,
];

/** A division operand: an edge, a power of two (± 1, either sign), a value of random bit width (either sign), or anything. */
export const divOperand = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DIV_EDGES) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 63 }), fc.constantFrom(-1n, 0n, 1n), fc.boolean()).map(([k, d, neg]) => BigInt.asUintN(64, ((1n << BigInt(k)) + d) * (neg ? -1n : 1n))) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 64 }), fc.bigInt({ min: 0n, max: M64 }), fc.boolean()).map(([w, v, neg]) => {
    const x = (v & ((1n << BigInt(w)) - 1n)) | (1n << BigInt(w - 1)); // exactly w bits
    return BigInt.asUintN(64, neg ? -x : x);
  }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: M64 }) },
);

/** A 32-bit immediate (sign-extended by the decoder): edges of the low half, shift amounts, small numbers. */
const imm32 = (): fc.Arbitrary<bigint> => fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 31n, 32n, 33n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0xffff8000n, 0x7fffn),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((v) => BigInt.asUintN(64, BigInt(v))),
  divOperand(),
);

const DIV_OPS = [193, 194, 195, 196, 203, 204, 205, 206];
const MUL_OPS = [135, 150, 192, 202, 213, 214, 215];
const SHIFT_OPS = [138, 139, 140, 144, 145, 146, 151, 152, 153, 155, 156, 157, 158, 159, 160, 161, 197, 198, 199, 207, 208, 209, 220, 221, 222, 223];
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, k) => a + k);
/** Every ALU opcode (sbrk 101 is invalid: spec-notes/0015). */
const ALU_OPS = [100, ...range(102, 111), ...range(131, 161), ...range(190, 230)];
const LOADS = [...range(52, 58), ...range(124, 130)];
const STORES = [...range(30, 33), ...range(59, 62), ...range(70, 73), ...range(120, 123)];

const blank: InstrSpec = { op: 0, ra: 0, rb: 0, rd: 0, lx: 4, x: 0n, ly: 4, y: 0n, target: [0, 0], pad: [], xFromReg: false };
const reg11 = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 11 });

/** A source register: r0..r11, sometimes the loop counter r12 (a value that changes every iteration). rb is a source in every ALU format. */
const src = (): fc.Arbitrary<number> => fc.oneof({ weight: 5, arbitrary: reg11() }, { weight: 1, arbitrary: fc.constant(12) });

/** An ALU instruction writing r0..r11 (r12 counts the loop), division-heavy; load_imm_64 brings an edge into a register. */
const aluInstr = (): fc.Arbitrary<InstrSpec> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom(...DIV_OPS), ra: reg11(), rb: src(), rd: reg11(), x: imm32() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom(...MUL_OPS, ...SHIFT_OPS), ra: reg11(), rb: src(), rd: reg11(), x: imm32() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom(...ALU_OPS), ra: reg11(), rb: src(), rd: reg11(), x: imm32() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant(20), ra: reg11(), rb: fc.constant(0), rd: fc.constant(0), x: divOperand() }) },
).map((i) => ({ ...blank, ...i }));

/** Operand pairs that the division and shift helpers (impl/core/u64.ts, ops.ts) treat apart. */
const PAIRS: readonly (readonly [bigint, bigint])[] = [
  [1n << 63n, M64], [0xffffffff80000000n, M64], [0x80000000n, 0xffffffffn], [0xffffffff80000000n, 0xffffffffn], [5n, 0n], [0n, 0n], [M64, 0n],
  [M64, 1n], [M64, M64], [1n << 63n, 1n << 63n], [M64, 1n << 63n], [M64 - 1n, M64], [1n << 63n, 0x100000000n], [M64, 0x100000001n], [7n, 1n << 32n],
  // INT64_MIN over a divisor whose low half is −1 but which is not −1; negative divisors with a zero low half (negation borrows from the high half)
  [1n << 63n, 0xffffffffn], [1n << 63n, (1n << 63n) - 1n], [1n << 63n, 0x1ffffffffn], [1n << 63n, 0xfffffffeffffffffn],
  [5n << 32n, 0xffffffff00000000n], [M64 - (6n << 32n), 0xfffffffe00000000n], [0x123456789abcdefn, 0xffffffff00000000n], [1n << 63n, 0xffffffff00000000n],
];
/** load_imm_64 ra ← A, load_imm_64 rb ← B, then op rd ← ra, rb: the operands meet on purpose (division edges, shift amounts 31..33, 63, 64). */
const pairGroup = (): fc.Arbitrary<InstrSpec[]> => fc.tuple(
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...DIV_OPS, 213, 214, 215, 202, 216, 217, 227, 228, 229, 230), fc.oneof(fc.constantFrom(...PAIRS), fc.tuple(divOperand(), divOperand()))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(207, 208, 209, 220, 222, 197, 198, 199, 221, 223), fc.tuple(divOperand(), fc.constantFrom(0n, 1n, 31n, 32n, 33n, 63n, 64n, 95n, 0xffffffff00000020n))) },
  ),
  fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 11 }), reg11(),
).map(([[op, [x, y]], ra, rb0, rd]) => {
  const rb = rb0 === ra ? (ra + 1) % 12 : rb0;
  return [{ ...blank, op: 20, ra, x }, { ...blank, op: 20, ra: rb, x: y }, { ...blank, op, ra, rb, rd }];
});

/** Shift and rotation amounts: the 32- and 64-bit edges and past them (amounts are taken mod 32 or 64). */
const AMOUNTS: readonly bigint[] = [0n, 1n, 7n, 8n, 15n, 16n, 31n, 32n, 33n, 48n, 63n, 64n, 65n, 95n, 0xffffffff00000020n, 0x8000000000000001n];
const amount = (): fc.Arbitrary<bigint> => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...AMOUNTS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 127 }).map(BigInt) });

/** Groups of at most 10 ops (the registers left besides the two operands and the counter). */
const chunks = (ops: readonly number[]): number[][] => Array.from({ length: Math.ceil(ops.length / 10) }, (_, k) => ops.slice(10 * k, 10 * k + 10));

/** ThreeReg op families with the operand pairs that tell their paths apart. */
const FAN3: readonly (readonly [number, readonly number[], () => fc.Arbitrary<readonly [bigint, bigint]>])[] = [
  // divisions (weight 3: the most special cases): edge pairs, an overflow-edge dividend (INT64_MIN, INT32_MIN) over any divisor, any pair
  [3, DIV_OPS, () => fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...PAIRS) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1n << 63n, 0xffffffff80000000n, 0x80000000n), divOperand()) },
    { weight: 1, arbitrary: fc.tuple(divOperand(), divOperand()) },
  )],
  [2, [197, 198, 199, 207, 208, 209, 220, 221, 222, 223], () => fc.tuple(divOperand(), amount())], // shifts and rotations
  [1, [190, 191, 192, 200, 201, 202, 213, 214, 215], () => fc.oneof(fc.tuple(divOperand(), divOperand()), fc.constantFrom(...PAIRS))], // add, sub, multiply
  [1, [216, 217, 218, 219, 227, 228, 229, 230], () => fc.oneof(halfPair(), fc.tuple(divOperand(), divOperand()), fc.tuple(divOperand(), fc.constant(0n)))], // compares, cmov, min, max
  [1, [210, 211, 212, 224, 225, 226], () => fc.oneof(halfPair(), fc.tuple(divOperand(), divOperand()))], // bitwise
];
/** TwoRegOneImm ALU ops (131-161) in groups, and TwoReg ops (100-111 without sbrk). */
const FAN_IMM = chunks(range(131, 161));
const FAN_TWO = chunks([100, ...range(102, 111)]);

/** xor r ← r, r12 (ThreeReg: φd = φa ^ φb): an operand that changes every iteration (the counter in its low bits). */
const byCounter = (r: number): InstrSpec => ({ ...blank, op: 211, ra: r, rb: 12, rd: r });

/**
 * An operand pair fanned out to a whole op family, each result in its own register: load_imm_64 ra ← A,
 * load_imm_64 rb ← B, then every ThreeReg op of the family on ra, rb (all divisions, all shifts and
 * rotations, ...); or load_imm_64 rb ← A, then every register-immediate op of a group on rb with one
 * immediate (a shift amount or a 32-bit edge), or every two-register op on rb. One operand pair meets
 * every path of the family at once, in the interpreter and (after 8 iterations) in compiled code.
 * Sometimes an operand is xored with the counter first, so that the results change every iteration (a
 * compiled op that fails to write its result then leaves a stale value, not the same one).
 */
const fanGroup = (): fc.Arbitrary<InstrSpec[]> => {
  const free = (ra: number, rb: number): number[] => range(0, 11).filter((r) => r !== ra && r !== rb);
  const operands = (ra: number, rb0: number): [number, number] => [ra, rb0 === ra ? (ra + 1) % 12 : rb0];
  const vary = fc.constantFrom(0, 0, 1, 2);
  const three = fc.oneof(...FAN3.map(([weight, ops, pair]) => ({ weight, arbitrary: fc.tuple(pair(), reg11(), reg11(), vary).map(([[x, y], r0, r1, v]) => {
    const [ra, rb] = operands(r0, r1);
    const varied = v === 1 ? [byCounter(ra)] : v === 2 ? [byCounter(rb)] : [];
    return [{ ...blank, op: 20, ra, x }, { ...blank, op: 20, ra: rb, x: y }, ...varied, ...ops.map((op, k) => ({ ...blank, op, ra, rb, rd: free(ra, rb)[k] ?? 0 }))];
  }) })));
  const imm = fc.tuple(fc.constantFrom(...FAN_IMM), fc.oneof(divOperand(), halfPair().map(([a]) => a)), fc.oneof(amount(), imm32()), reg11(), vary)
    .map(([ops, a, x, rb, v]) => [{ ...blank, op: 20, ra: rb, x: a }, ...(v === 1 ? [byCounter(rb)] : []), ...ops.map((op, k) => ({ ...blank, op, ra: free(rb, rb)[k] ?? 0, rb, x }))]);
  const two = fc.tuple(fc.constantFrom(...FAN_TWO), fc.oneof(divOperand(), halfPair().map(([a]) => a)), reg11(), vary)
    .map(([ops, a, rb, v]) => [{ ...blank, op: 20, ra: rb, x: a }, ...(v === 1 ? [byCounter(rb)] : []), ...ops.map((op, k) => ({ ...blank, op, ra: free(rb, rb)[k] ?? 0, rb }))]);
  return fc.oneof({ weight: 3, arbitrary: three }, { weight: 2, arbitrary: imm }, { weight: 1, arbitrary: two });
};

/** A branch that skips one instruction: branch → L, X, fallthrough, L (a target must start a block, so a fallthrough ends X's block). */
const skipGroup = (): fc.Arbitrary<InstrSpec[]> => fc.tuple(
  fc.record({ op: fc.constantFrom(...range(81, 90), ...range(170, 175)), ra: reg11(), rb: reg11(), x: imm32() }), aluInstr(),
).map(([b, i]) => [{ ...blank, ...b, target: [4, 3] as const }, i, { ...blank, op: 1 }]);

/** 32-bit halves where 32-bit and 64-bit (and signed and unsigned) compares part. */
const HALVES: readonly bigint[] = [0n, 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn];
const half = (): fc.Arbitrary<bigint> => fc.constantFrom(...HALVES);

/** Two u64 values that share their low half (the high halves differ), share their high half, or are equal. */
export const halfPair = (): fc.Arbitrary<readonly [bigint, bigint]> => fc.tuple(half(), half(), half(), fc.constantFrom('low', 'high', 'equal')).map(([p, q, r, how]) => {
  const a = (p << 32n) | q;
  return [a, how === 'low' ? (r === p ? p ^ 1n : r) << 32n | q : how === 'high' ? (p << 32n) | (r === q ? q ^ 1n : r) : a] as const;
});

/**
 * load_imm_64 ra ← A, load_imm_64 rb ← B (a halfPair), then a branch on them skipping one instruction:
 * a two-register branch (A against B), or a branch against an immediate with B's low half (sign-extended
 * by the decoder, so A may equal it in the low half only).
 */
const cmpGroup = (): fc.Arbitrary<InstrSpec[]> => fc.tuple(
  fc.constantFrom(...range(81, 90), ...range(170, 175)), halfPair(), reg11(), reg11(), aluInstr(),
).map(([op, [x, y], ra, rb0, i]) => {
  const rb = rb0 === ra ? (ra + 1) % 12 : rb0;
  return [{ ...blank, op: 20, ra, x }, { ...blank, op: 20, ra: rb, x: y }, { ...blank, op, ra, rb, x: y & 0xffffffffn, target: [4, 3] as const }, i, { ...blank, op: 1 }];
});

/** A loop body: ALU instructions, operand pairs, op families fanned out over one pair, compares, skipping branches. */
const aluBody = (max: number): fc.Arbitrary<InstrSpec[]> => fc.array(fc.oneof(
  { weight: 5, arbitrary: aluInstr().map((i) => [i]) }, { weight: 3, arbitrary: pairGroup() }, { weight: 1, arbitrary: skipGroup() }, { weight: 1, arbitrary: cmpGroup() }, { weight: 2, arbitrary: fanGroup() },
), { minLength: 1, maxLength: max }).map((gs) => gs.flat());

/** Where a table body stores its results: a RW page of both layouts (r1 holds it). */
const TABLE_BASE = 0x20000n;

/**
 * A table body: one op family (FAN3) applied to 2..10 operand pairs of that family (divisions: 8..12 of
 * the edge pairs PAIRS and up to 2 drawn ones), every result stored
 * to its own u64 slot at r1 = TABLE_BASE (store_ind_u64), so that every (pair, op) result is observable
 * in memory, not only the last write of a register. Pairs load into r2, r3; results pass through r4.
 */
const tableBody = (): fc.Arbitrary<InstrSpec[]> => fc.oneof(...FAN3.map(([weight, ops, pair]) => ({
  weight,
  // divisions: 8..12 of the edge pairs at once, and up to 2 drawn ones
  arbitrary: (ops === DIV_OPS ? fc.tuple(fc.shuffledSubarray([...PAIRS], { minLength: 8, maxLength: 12 }), fc.array(pair(), { maxLength: 2 })).map(([a, b]) => [...a, ...b]) : fc.array(pair(), { minLength: 2, maxLength: 10 })).map((pairs) => [
    { ...blank, op: 20, ra: 1, x: TABLE_BASE },
    ...pairs.flatMap(([x, y], p) => [
      { ...blank, op: 20, ra: 2, x }, { ...blank, op: 20, ra: 3, x: y },
      ...ops.flatMap((op, k) => [{ ...blank, op, ra: 2, rb: 3, rd: 4 }, { ...blank, op: 123, ra: 4, rb: 1, x: BigInt(8 * (p * ops.length + k)) }]),
    ]),
  ]),
})));

/** A register of a cost body: r0..r3 (so instructions depend on each other), as a source sometimes the counter r12. */
const reg4 = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 3 });

/**
 * A cost body: 1..6 straight blocks (ending in fallthrough) of 1..16 instructions, any ALU op over r0..r3
 * or an absolute load or store near a page edge with RW pages on both sides. jar1 charges each block the
 * single-pass simulation's cost (Lean gasCostForBlockSinglePass), which the chains of dependencies and
 * the ops' cycle and slot rows decide.
 */
const costBody = (layout: Layout): fc.Arbitrary<InstrSpec[]> => {
  const near = fc.tuple(fc.constantFrom(...layout.both), fc.integer({ min: -12, max: 11 })).map(([e, d]) => BigInt(e + d));
  const instr = fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constantFrom(...ALU_OPS), ra: reg4(), rb: fc.oneof({ weight: 6, arbitrary: reg4() }, { weight: 1, arbitrary: fc.constant(12) }), rd: reg4(), x: imm32() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom(...range(52, 62)), ra: reg4(), x: near }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom(...range(30, 33)), x: near, y: u64() }) },
  ).map((i) => ({ ...blank, ...i }));
  return fc.array(fc.array(instr, { minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 6 }).map((bs) => bs.flatMap((b) => [...b, { ...blank, op: 1 }]));
};

/** A page layout of memory loops: RW next to RO next to absent; the edges a walk (or an absolute access) aims at. */
interface Layout {
  readonly pages: readonly PageRange[];
  /** Edges a walk going up reaches (RW below them), and going down (RW above them). */
  readonly up: readonly number[];
  readonly down: readonly number[];
  /** Edges with RW pages on both sides (absolute accesses). */
  readonly both: readonly number[];
}
const LAYOUTS: readonly Layout[] = [
  {
    pages: [{ address: 0x10000, length: 0x2000, access: 'W' }, { address: 0x12000, length: 0x1000, access: 'R' }, { address: 0x20000, length: 0x2000, access: 'W' }],
    up: [0x11000, 0x12000, 0x22000], down: [0x10000, 0x11000, 0x20000, 0x21000], both: [0x11000, 0x21000],
  },
  {
    pages: [{ address: 0x10000, length: 0x1000, access: 'R' }, { address: 0x11000, length: 0x2000, access: 'W' }, { address: 0x20000, length: 0x1000, access: 'W' }, { address: 0xfffff000, length: 0x1000, access: 'W' }],
    up: [0x12000, 0x13000, 0x21000, 0x100000000], down: [0x11000, 0x12000, 0x20000, 0xfffff000], both: [0x12000],
  },
];

/** A memory instruction of a walk: r1 is the pointer (indirect forms), r2..r6 values; absolute forms aim near an edge with RW on both sides. */
const memInstr = (layout: Layout): fc.Arbitrary<InstrSpec> => {
  const near = fc.tuple(fc.constantFrom(...layout.both), fc.integer({ min: -12, max: 11 })).map(([e, d]) => BigInt(e + d));
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constantFrom(...range(120, 130)), ra: fc.integer({ min: 2, max: 6 }), rb: fc.constant(1), x: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0n, 1n, 2n, 3n, 4n, 7n) }, { weight: 1, arbitrary: fc.constantFrom(M64, M64 - 3n, 4095n) }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom(...range(70, 73)), ra: fc.constant(1), x: fc.constantFrom(0n, 1n, 3n, M64), y: u64() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom(...range(52, 62)), ra: fc.integer({ min: 2, max: 6 }), x: near }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom(...range(30, 33)), x: near, y: u64() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom(149, 211, 131, 202), ra: fc.integer({ min: 2, max: 6 }), rb: fc.integer({ min: 2, max: 6 }), rd: fc.integer({ min: 2, max: 6 }), x: imm32() }) },
  ).map((i) => ({ ...blank, ...i }));
};

/**
 * How a hot loop ends once its counter reaches K: trap, panic (invalid opcode), ecalli, halt (djump to
 * 2^32 − 2^16), a fault, a jump or a taken branch to a pc inside the loop's first instruction (no block
 * starts there: a panic), or falling off the end. The ending is compiled with the loop (jit.ts compiles
 * every block start in the loop's window), so it runs in the second tier.
 */
export type HotEnd = 'trap' | 'panic' | 'ecalli' | 'halt' | 'fault' | 'badjump' | 'badbranch' | 'fall';

export interface HotSpec {
  readonly profile: 'jar1' | 'gp';
  /** alu: division and compare edges; mem: a walk across page edges; cost: straight blocks over four registers (jar1 block gas); table: an op family over many operand pairs, results stored. */
  readonly kind: 'alu' | 'mem' | 'cost' | 'table';
  readonly body: readonly InstrSpec[];
  /** Iterations: the counter r12 runs 1..K. */
  readonly k: number;
  readonly end: HotEnd;
  readonly regs: readonly bigint[];
  readonly layout: number;
  /** The walk's step (added to r1 each iteration). */
  readonly step: number;
  readonly gas: bigint;
  readonly maxSteps: number;
  readonly memoryPages: number;
}

export const hotSpec = (): fc.Arbitrary<HotSpec> => fc.tuple(fc.constantFrom('alu' as const, 'alu' as const, 'mem' as const, 'cost' as const, 'table' as const), fc.nat({ max: LAYOUTS.length - 1 })).chain(([kind, layout]) => fc.record({
  // cost bodies matter for jar1 (gp charges one unit per instruction)
  profile: kind === 'cost' ? fc.oneof({ weight: 3, arbitrary: fc.constant('jar1' as const) }, { weight: 1, arbitrary: fc.constant('gp' as const) }) : fc.constantFrom('jar1' as const, 'gp' as const),
  kind: fc.constant(kind),
  body: kind === 'alu'
    // a long straight body is one block too large for one compiled function (jit.ts segments)
    ? fc.oneof({ weight: 6, arbitrary: aluBody(8) }, { weight: 1, arbitrary: fc.array(aluInstr(), { minLength: 60, maxLength: 120 }) })
    : kind === 'cost' ? costBody(LAYOUTS[layout] ?? LAYOUTS[0]!) : kind === 'table' ? tableBody()
      : fc.array(memInstr(LAYOUTS[layout] ?? LAYOUTS[0]!), { minLength: 1, maxLength: 8 }),
  // a table (hundreds of instructions per iteration) runs once, or just past the jit's 8 hits
  k: kind === 'table' ? fc.constantFrom(1, 9, 10) : fc.oneof({ weight: 1, arbitrary: fc.constantFrom(1, 2) }, { weight: 4, arbitrary: fc.integer({ min: 9, max: 40 }) }),
  end: fc.constantFrom<HotEnd>('trap', 'panic', 'ecalli', 'halt', 'fault', 'badjump', 'badbranch', 'fall'),
  regs: fc.array(divOperand(), { minLength: 13, maxLength: 13 }),
  layout: fc.constant(layout),
  step: fc.constantFrom(1, 2, 3, 4, 8, -1, -4, -8),
  gas: fc.oneof({ weight: 4, arbitrary: fc.constant(1_000_000n) }, { weight: 1, arbitrary: fc.integer({ min: 20, max: 3000 }).map(BigInt) }),
  maxSteps: fc.oneof({ weight: 4, arbitrary: fc.constant(5000) }, { weight: 1, arbitrary: fc.integer({ min: 30, max: 2000 }) }),
  memoryPages: fc.constantFrom(0, 2049),
}));

/** Instructions of a loop's ending (after the counter's branch falls through). */
function endInstrs(e: HotEnd): InstrSpec[] {
  switch (e) {
    case 'trap': return [blank];
    case 'panic': return [{ ...blank, op: 101 }];
    case 'ecalli': return [{ ...blank, op: 10, x: 7n }, blank];
    case 'halt': return [{ ...blank, op: 20, ra: 0, x: 0xffff0000n }, { ...blank, op: 50, ra: 0, x: 0n }];
    case 'fault': return [{ ...blank, op: 54, ra: 2, x: 0xf0000000n }, blank];
    // target mode 1: one byte into instruction 0 (the counter's add_imm_64, 6 bytes long)
    case 'badjump': return [{ ...blank, op: 40, target: [1, 0] }, blank];
    case 'badbranch': return [{ ...blank, op: 170, ra: 12, rb: 12, target: [1, 0] }, blank];
    case 'fall': return [];
  }
}

/**
 * The core spec of a hot loop: r12 += 1, the body, `branch_ne_imm r12, K` back to the start, the
 * ending. A body instruction's branch skips the next one (target mode 4 here = two ahead).
 */
export function hotCoreSpec(h: HotSpec): CoreSpec {
  const count: InstrSpec = { ...blank, op: 149, ra: 12, rb: 12, x: 1n };
  const walk: InstrSpec = { ...blank, op: 149, ra: 1, rb: 1, x: BigInt.asUintN(64, BigInt(h.step)) };
  const body = h.kind === 'mem' ? [...h.body, walk] : h.body;
  const back: InstrSpec = { ...blank, op: 82, ra: 12, x: BigInt(h.k), target: [0, 0] };
  // one loop in three also opens with a jump to the next instruction (a block start), every offset in 2 bytes
  const short = h.k % 3 === 2;
  const hop: InstrSpec[] = short ? [{ ...blank, op: 40, target: [0, 2] }] : [];
  const instrs = [count, ...hop, ...body, back, ...endInstrs(h.end)].map((i, k) => (i.target[0] === 4 ? { ...i, target: [0, k + i.target[1]] as const } : i));
  const layout = LAYOUTS[h.layout] ?? LAYOUTS[0]!;
  const edges = h.step > 0 ? layout.up : layout.down;
  // the walk reaches its edge after 8..15 iterations: after the loop's block has been compiled
  const regs = h.regs.map((v, r) => (r === 12 ? 0n : r === 1 && h.kind === 'mem' ? BigInt(edges[Number(v % BigInt(edges.length))]! - h.step * (8 + Number(v % 8n))) : v));
  // a walk down lists its pages in descending order (snapshots list them ascending whatever the input order)
  const pages = h.kind === 'mem' ? (h.step < 0 ? [...layout.pages].reverse() : [...layout.pages]) : h.kind === 'cost' || h.kind === 'table' ? [...layout.pages] : [];
  return {
    profile: h.profile, instrs, jumpTable: [], regs: regs.map((v) => BigInt.asUintN(64, v)), pages, chunks: [], gas: h.gas, pc: [false, 0],
    memoryPages: h.memoryPages, flips: [], sharp: null, ...(short ? { offsetLen: [2] } : {}),
  };
}

/** Bytes filled on each side of a page boundary in a hot loop's memory (a walk starts at most 15 steps of 8 from its edge). */
export const EDGE_FILL = 128;

/**
 * The memory of a hot loop: EDGE_FILL bytes on each side of every page boundary inside each page range
 * (its ends and the boundaries between its pages), all with the top bit set (sign extension) and none
 * zero, so that the loads of a walk, straddling or not, read data before and after the jit compiled it.
 */
export function edgeFill(pages: readonly PageRange[]): MemoryChunk[] {
  const out: MemoryChunk[] = [];
  for (const p of pages) {
    for (let b = p.address; b <= p.address + p.length; b += 4096) {
      const from = Math.max(p.address, b - EDGE_FILL);
      const to = Math.min(p.address + p.length, b + EDGE_FILL);
      out.push({ address: from, bytes: Uint8Array.from({ length: to - from }, (_, i) => 0x80 + (((from + i) * 37 + (from >>> 12)) & 0x7f)) });
    }
  }
  return out.sort((a, b) => a.address - b.address);
}

/** The concrete case of a hot loop: its memory pages filled around their edges (edgeFill). */
export function hotCase(h: HotSpec): CoreCase {
  const c = coreCase(hotCoreSpec(h), h.maxSteps);
  return { ...c, input: { ...c.input, memory: edgeFill(c.input.pages) }, text: [`hot ${h.kind} loop x${h.k}, end ${h.end}, step ${h.step}`, ...c.text] };
}

/** How a gp deblob is bent (GpBlobSpec). */
export interface GpBend {
  /** The entry size byte: null = the least (0 for an empty table), else this value. */
  readonly z: number | null;
  /** Added to |j| and |c| as written in the header (the table and code stay as they are). */
  readonly jDelta: bigint;
  readonly cDelta: bigint;
  /** Bytes of each compact natural: 0 = minimal, 1..8 = that many bytes after the prefix byte (if the value fits). */
  readonly jForm: number;
  readonly cForm: number;
  readonly trailing: readonly number[];
  /** Keep only this many bytes (null: all). */
  readonly cut: number | null;
  readonly sets: readonly (readonly [number, number])[];
  /** A well-formed deblob of the table and empty code (|c| = 0, least z; only the forms of the naturals bent). Absent: false. */
  readonly empty?: boolean;
}

export interface GpBlobSpec {
  readonly core: CoreSpec;
  readonly bend: GpBend;
}

/** A compact natural of v in exactly 1 + l bytes when it fits that form (GP C.6: l leading one bits), else the minimal form. */
export function compactWith(v: bigint, l: number): number[] {
  if (l <= 0 || v < 0n || v >= 1n << 64n) return compactNatural(v < 0n ? 0n : v >= 1n << 64n ? (1n << 64n) - 1n : v);
  const tail = Array.from({ length: Math.min(l, 8) }, (_, k) => Number((v >> BigInt(8 * k)) & 0xffn));
  if (l >= 8) return [0xff, ...tail];
  const high = v >> BigInt(8 * l);
  if (high >= 1n << BigInt(7 - l)) return compactNatural(v);
  return [256 - (1 << (8 - l)) + Number(high), ...tail];
}

export const gpBend = (): fc.Arbitrary<GpBend> => fc.record({
  z: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 3, 4) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
  jDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(0n) }, { weight: 2, arbitrary: fc.constantFrom(-1n, 1n, 2n) }, { weight: 1, arbitrary: fc.constantFrom(1n << 32n, (1n << 32n) - 1n, (1n << 64n) - 1n, 1n << 56n) }),
  cDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(0n) }, { weight: 2, arbitrary: fc.constantFrom(-1n, 1n, 8n, -8n) }, { weight: 1, arbitrary: fc.constantFrom(1n << 32n, (1n << 32n) - 1n, (1n << 64n) - 1n) }),
  jForm: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) }),
  cForm: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) }),
  trailing: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }) }),
  cut: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 40 }) }),
  sets: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat({ max: 12 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 2 }) }),
  empty: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), // drawn last
});

export const gpBlobSpec = (): fc.Arbitrary<GpBlobSpec> => fc.record({ core: coreSpec(), bend: gpBend() });

/** The bytes of a bent gp deblob of a code image (vectors/lib/containers.ts gpBlob with the header and body changed as `b` says). */
export function bentGpBlob(image: { code: Uint8Array; bitmask: Uint8Array; jumpTable: readonly number[] }, b: GpBend): Uint8Array {
  const least = image.jumpTable.length === 0 ? 0 : Math.max(...image.jumpTable) < 0x100 ? 1 : Math.max(...image.jumpTable) < 0x10000 ? 2 : 3;
  const z = b.z ?? least;
  const entry = Math.min(4, z);
  const j = BigInt(image.jumpTable.length) + b.jDelta;
  if (b.empty === true) {
    const table = image.jumpTable.flatMap((t) => u32(t).slice(0, least));
    return Uint8Array.from([...compactWith(BigInt(image.jumpTable.length), b.jForm), least, ...compactWith(0n, b.cForm), ...table]);
  }
  const c = BigInt(image.code.length) + b.cDelta;
  const bytes = [...compactWith(j, b.jForm), z, ...compactWith(c, b.cForm), ...image.jumpTable.flatMap((t) => u32(t).slice(0, entry)), ...image.code, ...packBitmask(image.bitmask), ...b.trailing];
  const kept = b.cut === null ? bytes : bytes.slice(0, b.cut);
  for (const [at, v] of b.sets) if (kept.length > 0) kept[at % kept.length] = v;
  return Uint8Array.from(kept);
}

/** A gp-blob case: the core case of the spec, run from the image each engine parses out of the bent blob (CoreCase.gpBlob). */
export function gpBlobCase(s: GpBlobSpec): CoreCase {
  const c = coreCase({ ...s.core, profile: 'gp' });
  const blob = bentGpBlob(c.input.image, s.bend);
  return { ...c, gpBlob: blob, text: [`gp blob ${Buffer.from(blob.subarray(0, 24)).toString('hex')}${blob.length > 24 ? '…' : ''} (${blob.length} bytes; ${JSON.stringify(s.bend, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))})`, ...c.text] };
}

/** The sharper core cases (hot loops, gp blobs), for mixing into the core focus. */
export const sharpCoreCases = (): fc.Arbitrary<CoreCase> => fc.oneof(
  { weight: 4, arbitrary: hotSpec().map(hotCase) },
  { weight: 1, arbitrary: gpBlobSpec().map(gpBlobCase) },
);

/**
 * Core cases as an arbitrary: mostly instruction streams (coreSpec), one case in SHARP_EVERY a sharper
 * one (sharp-arb.ts: hot loops for the second tier, division edges, gp blobs). The choice is drawn
 * after the stream, so a seed's stream cases stay what they were.
 */
export const coreCases = (): fc.Arbitrary<CoreCase> => fc.tuple(coreSpec(), fc.oneof({ weight: SHARP_EVERY - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: sharpCoreCases() }), offsetLens())
  .map(([s, sharp, lens]) => sharp ?? coreCase({ ...s, offsetLen: lens })); // offset lengths drawn last: earlier seeds keep their choices

/** One core case in this many is a sharper one (sharp-arb.ts). */
export const SHARP_EVERY = 2;
