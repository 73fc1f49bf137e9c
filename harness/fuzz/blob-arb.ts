/**
 * Blob cases: JAR v2 manifests, well-formed (a small kernel case) or malformed by a few mutations:
 * byte overwrites, truncation, insertion, and header/entry fields set to boundary values (cap type,
 * access, entry size, counts, offsets past the data, overlapping pages, duplicate slots), and sharper
 * ones (a jump table entry at or next to the code length, header bytes, a cut header). Both engines
 * must accept or reject each blob alike (same error class), and run accepted ones alike.
 */
import fc from 'fast-check';
import type { KernelCase } from './cases.js';
import { le } from './encode.js';
import { kernelCase, kernelSpec } from './kernel-arb.js';

export type Mutation =
  | { readonly t: 'set'; readonly at: number; readonly byte: number }
  | { readonly t: 'truncate'; readonly at: number }
  | { readonly t: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  /** A u32 or u8 field at a fixed place: header (memory_pages, count, invoke) or entry k's fields. */
  | { readonly t: 'field'; readonly entry: number; readonly field: number; readonly value: number }
  /** A header field of the first CODE sub-blob: 0 jump_len (u32), 1 entry_size (u8), 2 code_len (u32). */
  | { readonly t: 'code'; readonly field: number; readonly value: number }
  /** Jump table entry k (mod jump_len) of the first CODE sub-blob set to code_len + delta (the pc past the end and its neighbours), if its entry size holds it. */
  | { readonly t: 'entry'; readonly k: number; readonly delta: number };

export interface BlobSpec {
  readonly base: Parameters<typeof kernelCase>[0];
  /** CODE caps added beyond the generated programs (up to 7 in all: more than the 5 allowed). */
  readonly extraCode: number;
  readonly mutations: readonly Mutation[];
  /** Sharper mutations applied after `mutations` (sharpMutation); absent: none. */
  readonly sharp?: readonly Mutation[];
}

/** Entry field offsets within a 19-byte entry and their sizes: slot, type, base, pages, access, offset, length. */
const FIELDS: readonly (readonly [number, number])[] = [[0, 1], [1, 1], [2, 4], [6, 4], [10, 1], [11, 4], [15, 4]];
const HEADER_FIELDS: readonly (readonly [number, number])[] = [[4, 4], [8, 1], [9, 1]];

const mutation = (): fc.Arbitrary<Mutation> => fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 4, arbitrary: fc.record({
    t: fc.constant('field' as const), entry: fc.integer({ min: -1, max: 3 }), field: fc.nat({ max: 6 }),
    value: fc.constantFrom(0, 1, 2, 4, 5, 16, 17, 30, 64, 255, 256, 0xffff, 0x100000, 0xfffff, 0x7fffffff, 0xffffffff),
  }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('code' as const), field: fc.nat({ max: 2 }), value: fc.constantFrom(0, 1, 2, 3, 4, 5, 8, 255, 0x10000) }) },
);

/**
 * Sharper mutations (drawn last in a spec, so that the fields before them are those of the same seed
 * without them): a jump table entry at |c| + {-1, 0, 1} (the jar1 code blob's table check), a byte of
 * the 10-byte header (magic, memory_pages, count, invoke slot), a cut inside the header.
 */
const sharpMutation = (): fc.Arbitrary<Mutation> => fc.oneof(
  { weight: 2, arbitrary: fc.record({ t: fc.constant('entry' as const), k: fc.nat({ max: 3 }), delta: fc.constantFrom(-1, 0, 0, 1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('set' as const), at: fc.nat({ max: 9 }), byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('truncate' as const), at: fc.nat({ max: 10 }) }) },
);

export const blobSpec = (): fc.Arbitrary<BlobSpec> => fc.record({
  base: kernelSpec(),
  extraCode: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  mutations: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(mutation(), { minLength: 1, maxLength: 3 }) }),
  sharp: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(sharpMutation(), { minLength: 1, maxLength: 2 }) }),
});

/** Applies one mutation to blob bytes. */
function mutate(b: number[], m: Mutation): number[] {
  if (b.length === 0) return b;
  if (m.t === 'set') {
    const out = [...b];
    out[m.at % b.length] = m.byte;
    return out;
  }
  if (m.t === 'truncate') return b.slice(0, m.at % b.length);
  if (m.t === 'insert') {
    const at = m.at % (b.length + 1);
    return [...b.slice(0, at), ...m.bytes, ...b.slice(at)];
  }
  if (m.t === 'entry') return setEntry(b, m.k, m.delta);
  if (m.t === 'code') {
    const at = b.length > 10 ? 10 + 19 * (b[8] ?? 0) + (b[10 + 11] ?? 0) : b.length; // the data section + entry 0's data_offset (low byte)
    const [pos, size] = ([[0, 4], [4, 1], [5, 4]] as const)[m.field] ?? [4, 1];
    if (at + pos + size > b.length) return b;
    const out = [...b];
    out.splice(at + pos, size, ...le(m.value, size));
    return out;
  }
  const [pos, size] = m.entry < 0 ? HEADER_FIELDS[m.field % HEADER_FIELDS.length] ?? [4, 4] : FIELDS[m.field] ?? [0, 1];
  const at = m.entry < 0 ? pos : 10 + 19 * m.entry + pos;
  if (at + size > b.length) return b;
  const out = [...b];
  out.splice(at, size, ...le(m.value, size));
  return out;
}

/** Little-endian unsigned of the n bytes at `at` (undefined bytes read as 0). */
const leAt = (b: readonly number[], at: number, n: number): number => {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) v = v * 256 + (b[at + k] ?? 0);
  return v;
};

/**
 * Sets jump table entry k (mod jump_len) of the first entry's CODE sub-blob (header: u32 jump_len, u8
 * entry_size z, u32 code_len; table at +9) to code_len + delta when z bytes hold it; else the bytes as they are.
 */
function setEntry(b: number[], k: number, delta: number): number[] {
  if (b.length < 10 + 19) return b;
  const at = 10 + 19 * (b[8] ?? 0) + leAt(b, 10 + 11, 4); // the data section + entry 0's data_offset
  if (at + 9 > b.length) return b;
  const jumpLen = leAt(b, at, 4);
  const z = b[at + 4] ?? 0;
  const value = leAt(b, at + 5, 4) + delta;
  if (jumpLen === 0 || z < 1 || z > 4 || value < 0 || value >= 256 ** z) return b;
  const pos = at + 9 + (k % jumpLen) * z;
  if (pos + z > b.length) return b;
  const out = [...b];
  out.splice(pos, z, ...le(value, z));
  return out;
}

/** The concrete case of a blob spec. */
export function blobCase(spec: BlobSpec, maxSteps = 5000): KernelCase {
  const base = kernelCase(spec.base, maxSteps, spec.extraCode);
  const all = [...spec.mutations, ...(spec.sharp ?? [])];
  const bytes = all.reduce(mutate, [...base.blob]);
  const text = [...all.map((m) => `mutation ${JSON.stringify(m)}`), ...base.text];
  return { ...base, focus: 'blob', blob: Uint8Array.from(bytes), text };
}

export const blobCases = (): fc.Arbitrary<KernelCase> => blobSpec().map((s) => blobCase(s));
