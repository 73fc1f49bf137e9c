/**
 * Raw-number arbitraries biased to the values where machines go wrong: sign and width boundaries,
 * page edges, cap slots that exist in generated cap graphs, and the deterministic host that answers
 * protocol calls from a per-case seed (both engines see the same answers).
 */
import fc from 'fast-check';
import type { HostAnswer, HostWrite } from '../../vectors/lib/kernel.js';

const P = 4096n;

/** Width and sign boundaries of 8/16/32/64-bit values, and the kernel's result codes. */
export const BOUNDARY: readonly bigint[] = [
  0n, 1n, 2n, 3n, 7n, 8n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn, 0x10000n,
  0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n,
  0xffffffffffffffffn, 0xfffffffffffffffen, 0xfffffffffffffff8n, 0xfffffffffffffff7n, 0xffffffff80000000n,
  0xffff0000n, 63n, 64n, 32n, 31n, 0xffffffff00000000n, 0x7fffffff00000000n,
];

/** A 64-bit value, mostly a boundary, sometimes a boundary ± a little, sometimes anything. */
export const u64 = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BOUNDARY) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...BOUNDARY), fc.integer({ min: -3, max: 3 })).map(([b, d]) => BigInt.asUintN(64, b + BigInt(d))) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 300 }).map(BigInt) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) },
);

/** Pages the generated cases map (manifest DATA caps and MAP targets). */
export const PAGES: readonly number[] = [16, 17, 18, 32, 33, 34, 35, 256, 257];

/** An address near a page edge of an interesting page (or anywhere, rarely). */
export const edgeAddress = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...PAGES), fc.constantFrom(0, 1, 2, 3, 4, 7, 8, 4088, 4089, 4092, 4093, 4094, 4095, 4096, -1, 2048))
    .map(([p, o]) => BigInt.asUintN(64, BigInt(p) * P + BigInt(o))) },
  { weight: 1, arbitrary: u64() },
);

/** Slots that hold something in generated cap graphs: IPC 0, protocol 1 and 5.., CODE 2..4, DATA/handles 30..34, UNTYPED copy 35, RETYPEd DATA 40/41, root CODE 64, UNTYPED 254. */
export const SLOTS: readonly number[] = [0, 1, 2, 3, 4, 5, 30, 31, 32, 33, 34, 35, 40, 41, 64, 254];
export const slot = (): fc.Arbitrary<number> => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SLOTS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) });

/** A hop byte: mostly none, else a slot where CREATE tends to put HANDLEs. */
const hop = (): fc.Arbitrary<number> => fc.oneof(
  { weight: 8, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constantFrom(31, 32, 33) },
  { weight: 1, arbitrary: fc.constantFrom(30, 2, 64, 254, 255) },
);

/** A u32 cap reference: slot in byte 0, HANDLE hops in bytes 1..3 (0..3 levels of indirection). */
export const capRef = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 5, arbitrary: slot().map(BigInt) },
  { weight: 3, arbitrary: fc.tuple(slot(), hop(), hop(), hop()).map(([s, a, b, c]) => BigInt(s | (a << 8) | (b << 16) | (c << 24)) ) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }).map(BigInt) },
);

/** φ12 of an ecall: subject reference in the high half, object in the low half (spec-notes/0030). */
export const refPair = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 8, arbitrary: fc.tuple(capRef(), capRef()).map(([s, o]) => (s << 32n) | o) },
  { weight: 1, arbitrary: u64() },
);

/** Small numbers the kernel reads as page indices, counts, offsets, access bytes and gas ceilings. */
export const kernelValue = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }).map(BigInt) },
  { weight: 3, arbitrary: fc.constantFrom(...PAGES).map(BigInt) },
  { weight: 2, arbitrary: fc.constantFrom(10n, 11n, 50n, 100n, 500n, 1000n, 4095n, 4096n, 4097n, 5000n, 8192n) },
  { weight: 2, arbitrary: u64() },
);

/** A CREATE bitmask: bits over the low slots (IPC, protocol, CODE copies), or anything. */
export const bitmask = (): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 8, arbitrary: fc.subarray([1, 2, 3, 4, 5, 6]).map((bits) => bits.reduce((m, b) => m | (1n << BigInt(b)), 0n)) },
  { weight: 2, arbitrary: fc.subarray([0, 1, 2, 3, 4, 5, 6, 30, 31]).map((bits) => bits.reduce((m, b) => m | (1n << BigInt(b)), 0n)) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 0xffffffffffffffffn, 0x1cn) },
  { weight: 1, arbitrary: u64() },
);

/** splitmix32: a small deterministic hash for host answers. */
function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The host's k-th answer (φ7, φ8) to a protocol call in a case with host seed `seed`. */
export function hostAnswer(seed: number, k: number): [bigint, bigint] {
  const a = mix(seed * 31 + k * 2);
  const b = mix(seed * 31 + k * 2 + 1);
  const pick = (h: number): bigint => (h % 3 === 0 ? BigInt(h % 7) : (BOUNDARY[h % BOUNDARY.length] ?? 0n));
  return [pick(a), pick(b)];
}

/** Host seeds at or above this also write memory and charge gas (below it: φ7, φ8 only, as regression cases were found with). */
export const FULL_HOST = 0x10000;

/** A host seed: mostly one that only sets φ7, φ8, sometimes one whose answers also write memory and charge gas. */
export const hostSeed = (): fc.Arbitrary<number> => fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: FULL_HOST - 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: FULL_HOST, max: 2 * FULL_HOST - 1 }) },
);

/** A host write's address: near an edge of a page generated cases map (writable, read-only or not mapped), or anywhere (rarely). */
function hostAddress(h: number): number {
  const offsets = [0, 1, 4088, 4095, 4094, 2048];
  if (h % 11 === 0) return (h * 4099) >>> 0;
  return (PAGES[h % PAGES.length] as number) * 4096 + (offsets[(h >>> 4) % offsets.length] as number);
}

/**
 * The host's k-th full answer (spec-notes/0063, 0064): φ7, φ8 as `hostAnswer`, and for seeds ≥ FULL_HOST
 * sometimes memory writes (0-2 of 0..8 bytes, one in 8 crossing a page) and a gas charge (small, or all the gas).
 */
export function hostFullAnswer(seed: number, k: number): HostAnswer {
  const [r7, r8] = hostAnswer(seed, k);
  if (seed < FULL_HOST) return { r7, r8 };
  const h = mix(seed * 37 + k * 3 + 7);
  const writes: HostWrite[] = [];
  for (let w = 0; w < h % 3; w++) {
    const x = mix(h + w);
    const n = x % 8 === 0 ? 4097 : x % 9;
    // now and then a write ends exactly at 2^32 (allowed when page 0xFFFFF is writable); an empty
    // write keeps an address below 2^32, the largest a host answer may name (program.schema.json)
    const address = x % 13 === 0 && n > 0 ? 2 ** 32 - n : hostAddress(x >>> 8);
    writes.push({ address, bytes: Uint8Array.from({ length: n }, (_, i) => (x >>> (i % 24)) & 0xff) });
  }
  const c = (h >>> 8) % 8;
  const charge = c < 4 ? 0n : c < 7 ? BigInt(mix(h) % 200) : 0xffffffffffffffffn;
  return { r7, r8, ...(writes.length > 0 ? { writes } : {}), ...(charge > 0n ? { charge } : {}) };
}
