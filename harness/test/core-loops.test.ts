/**
 * Hot loops on every core engine against the model: the impl's jit tier compiles these (the random
 * programs of core-diff.test.ts rarely loop), so this pins its region dispatch, its one-page memory
 * cache (hits, misses, straddles, a read-only page after a cached writable one, an unmapped page),
 * gas running out mid-loop and step budgets. The expected values are the model's, the reference.
 */
import { describe, expect, test } from 'vitest';
import { asm } from '../asm/index.js';
import { modelCore } from '../../model/index.js';
import { PAGE_SIZE, type CoreRunInput, type PageRange, type Profile } from '../../vectors/lib/types.js';
import { CORE_ENGINES } from './support/core-engines.js';

const BASE = 0x20000;

/** Walks r1 up by `stride` bytes per iteration: u64 store, u32/u8/i16 loads around it, a running sum. */
const walker = (stride: number, n: number): string => `
    load_imm r1, ${BASE - 16}
    load_imm r2, 0x1234567
    load_imm r8, ${n}
    fallthrough
  loop:
    store_ind_u64 r2, r1, 0
    load_ind_u32 r3, r1, 2
    load_ind_u8 r5, r1, 7
    load_ind_i16 r6, r1, 5
    add_64 r4, r4, r3
    add_64 r4, r4, r6
    xor r4, r4, r5
    add_imm_64 r1, r1, ${stride}
    add_imm_64 r2, r2, 0x1e3779b9
    add_imm_64 r8, r8, -1
    branch_ne_imm r8, 0, @loop
    load_imm r7, 1
    trap`;

/** Reads only, running off the mapped pages: a fault (jar1) or a panic below the gp guard zone. */
const reader = (start: number, stride: number, n: number): string => `
    load_imm r1, ${start}
    load_imm r8, ${n}
    fallthrough
  loop:
    load_ind_u64 r3, r1, 0
    add_64 r4, r4, r3
    add_imm_64 r1, r1, ${stride}
    add_imm_64 r8, r8, -1
    branch_ne_imm r8, 0, @loop
    trap`;

/** One huge unrolled block (300 instructions: the impl's jit splits it into segments) in a loop. */
const unrolled = (n: number): string => `
    load_imm r1, ${BASE}
    load_imm r8, ${n}
    fallthrough
  loop:
${Array.from({ length: 60 }, (_, k) => `    load_ind_u64 r3, r1, ${k * 8}
    xor r4, r4, r3
    rot_r_64_imm r4, r4, ${(k * 7) % 64}
    store_ind_u64 r4, r1, ${k * 8 + 4}
    add_imm_64 r5, r5, 1`).join('\n')}
    add_imm_64 r1, r1, 16
    add_imm_64 r8, r8, -1
    branch_ne_imm r8, 0, @loop
    trap`;

const pages = (...ps: [number, 'R' | 'W'][]): PageRange[] => ps.map(([p, access]) => ({ address: BASE + p * PAGE_SIZE, length: PAGE_SIZE, access }));

interface Case {
  readonly name: string;
  readonly source: string;
  readonly pages: PageRange[];
  readonly gas?: bigint;
  readonly maxSteps?: number;
}

const CASES: Case[] = [
  { name: 'u64 walk over 3 writable pages, straddling each boundary', source: walker(5, 2300), pages: pages([-1, 'W'], [0, 'W'], [1, 'W'], [2, 'W']) },
  { name: 'walk into a read-only page: the store faults after cached writes', source: walker(9, 2000), pages: pages([-1, 'W'], [0, 'W'], [1, 'R']) },
  { name: 'walk into an unmapped page', source: walker(13, 2000), pages: pages([-1, 'W'], [0, 'W']) },
  { name: 'walk running out of gas mid-loop', source: walker(3, 2000), pages: pages([-1, 'W'], [0, 'W'], [1, 'W']), gas: 20_000n },
  { name: 'walk stopped by a step budget mid-block', source: walker(3, 2000), pages: pages([-1, 'W'], [0, 'W'], [1, 'W']), maxSteps: 7_777 },
  { name: 'read loop off the end of a read-only page', source: reader(BASE, 8, 1000), pages: pages([0, 'R']) },
  { name: 'unrolled 300-instruction block, 60 iterations', source: unrolled(60), pages: pages([0, 'W'], [1, 'W']) },
  { name: 'unrolled block faulting in a later segment (read-only second page)', source: unrolled(300), pages: pages([0, 'W'], [1, 'R']) },
  { name: 'unrolled block out of gas at a block entry', source: unrolled(60), pages: pages([0, 'W'], [1, 'W']), gas: 30_000n },
  { name: 'unrolled block stopped by a step budget inside a segment', source: unrolled(60), pages: pages([0, 'W'], [1, 'W']), maxSteps: 9_999 },
  // from 0x11040 down by 8 over two read-only pages to 0xFFF8: jar1 faults at 0xF000, gp panics (guard zone)
  { name: 'read loop down below 0x10000', source: reader(0x11040, -8, 1000), pages: [{ address: 0x10000, length: 2 * PAGE_SIZE, access: 'R' }] },
];

describe.each(CORE_ENGINES.filter((e) => e.core !== modelCore))('hot loops on $name equal the model', ({ core }) => {
  test.each(CASES.flatMap((c) => (['jar1', 'gp'] as Profile[]).map((profile) => [`${c.name} (${profile})`, c, profile] as const)))('%s', (_, c, profile) => {
    const input: CoreRunInput = {
      profile, image: asm`${c.source}`, pc: 0, gas: c.gas ?? 10n ** 9n, regs: Array(13).fill(0n), pages: c.pages, memory: [], memoryPages: 0,
    };
    const options = c.maxSteps === undefined ? {} : { maxSteps: c.maxSteps };
    const want = modelCore.runCore(input, options);
    expect(want.steps).toBeGreaterThan(100); // every case loops long enough for a region to get hot
    expect(core.runCore(input, options)).toEqual(want);
  });
});
