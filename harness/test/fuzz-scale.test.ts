/**
 * The scale focus (harness/fuzz/scale-arb.ts): each family makes what it says at its extremes (a chain
 * of DEPTH_MAX VMs that unwinds through every level, a DATA cap of PAGES_MAX pages probed at its edges,
 * a CODE cap of CODE_MAX bytes with a jump-table entry per block), every case ends within its bound,
 * the model and the impl agree on a sample, and a `--focus scale` campaign reports its scale counts.
 * The extremes run on the impl (fast); the model runs the agreement sample only.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { runCliAsync } from '../cli/main.js';
import { parseFoci } from '../cli/fuzz-flags.js';
import { checkCase, roundSizes, SCALE_ROUND_RUNS } from '../fuzz/campaign.js';
import { caseFromJson, caseToJson, type KernelCase } from '../fuzz/cases.js';
import { reachOf } from '../fuzz/coverage.js';
import { runKernelCase, type KernelRecord } from '../fuzz/run.js';
import {
  chainCase, chainDepth, codeCase, CODE_MAX, CODE_MIN, dataCase, DEPTH_MAX, depthArb, EXEC_MAX, pagesArb, PAGES_MAX, SCALE_MAX_STEPS,
  scaleCase, scaleCases, scaleSpec, type ChainSpec, type CodeFamilySpec, type DataFamilySpec, type LeafKind,
} from '../fuzz/scale-arb.js';
import { fociFor } from '../target/campaign.js';
import { MODEL_STEPS, modelAnswer, SCALE_MODEL_STEPS, targetCaseOf } from '../target/cases.js';
import { kernelCases } from '../fuzz/kernel-arb.js';

const model = ENGINES.model as Engine;
const impl = ENGINES.impl as Engine;
const onImpl = (c: KernelCase): KernelRecord => runKernelCase(impl.kernel, c);
const steps = (r: KernelRecord): number => r.stops.reduce((n, s) => n + s.steps, 0);

const chain: ChainSpec = { t: 'chain', depth: 0, leaf: 'reply', leafArg: 7, ceiling: null, ipc: 0, mask: [], gas: 10n ** 9n, host: 1 };
const data: DataFamilySpec = {
  t: 'data', pages: 1, retype: false, base: [0, 0], access: 1, neighbour: false, extraPages: 0, ops: [], probe: true, slack: 1_000_000, host: 0,
};
const code: CodeFamilySpec = { t: 'code', bytes: CODE_MIN, block: 1, hops: 16, start: [0, 0], pattern: 0, walk: 0, faultAt: null, gas: 10n ** 12n, host: 0 };

describe('scale: call chains', () => {
  test('the deepest chain the arbitrary makes is DEPTH_MAX ≥ 2,000 VMs below the root, and it unwinds through every level', () => {
    const depths = fc.sample(depthArb(), { numRuns: 300, seed: 1 });
    expect(Math.max(...depths)).toBe(DEPTH_MAX);
    expect(depths.filter((d) => d >= 1000).length).toBeGreaterThan(30); // sometimes deep, mostly not
    expect(depths.filter((d) => d <= 40).length).toBeGreaterThan(depths.length / 3);
    expect(chainDepth({ depth: 1e12 })).toBe(DEPTH_MAX); // raw numbers are clamped: shrinking stays valid
    expect(DEPTH_MAX).toBeGreaterThanOrEqual(2000);

    const r = onImpl(chainCase({ ...chain, depth: 1e12 }));
    // every level folds its child's φ7 and status (0 after a REPLY) into φ7 = φ7·31 + VMs below it
    let v = 7n;
    for (let below = 1n; below <= BigInt(DEPTH_MAX); below++) v = BigInt.asUintN(64, v * 31n + below);
    expect(r.stops.map((s) => s.exit)).toEqual([{ kind: 'halt', value: v }]);
    const last = r.snapshots.at(-1);
    expect(last?.vms.length).toBe(DEPTH_MAX + 1); // created, called, replied, still alive (IDLE)
    expect(last?.nextVmId).toBe(DEPTH_MAX + 1);
    expect(r.events.filter((e) => e.cause === 'ecalli' && e.arg === 2)).toHaveLength(DEPTH_MAX); // one CREATE per level
    expect(reachOf(r)).toEqual(['depth 1,000+', 'depth 2,000+']);
    expect(r.violations).toEqual([]);
  });

  test.each<[LeafKind, number, (r: KernelRecord) => boolean]>([
    ['compute', 50, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'ecalli' && e.arg === 0)],
    ['fault', 0, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'fault' && e.r8 === 4n)],
    ['spin', 1e9, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'oog' && e.r8 === 3n)],
    ['protocol', 70, (r) => r.stops.filter((s) => s.exit?.kind === 'protocol').length === 3],
    ['bad-ecalli', 0, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'ecalli' && e.arg > 127 && e.active === 2)],
    ['trap', 0, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'trap' && e.r8 === 1n)],
    ['panic', 0, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'panic' && e.r8 === 2n)],
    ['halt', 0, (r) => r.events.some((e) => e.vm === 3 && e.cause === 'halt' && e.r8 === 2n)],
  ])('the innermost VM of a chain does something observable: %s', (leaf, leafArg, seen) => {
    const r = onImpl(chainCase({ ...chain, depth: 3, leaf, leafArg }));
    expect(seen(r)).toBe(true);
    expect(r.stops.at(-1)?.exit?.kind).toBe('halt'); // the chain unwinds to the root's REPLY
  });

  test('a SET_MAX_GAS ceiling and too little gas stop a long chain part-way', () => {
    // a 10-gas ceiling 100 VMs from the bottom: the subtree runs out at once, its parent goes on and the chain unwinds
    const capped = onImpl(chainCase({ ...chain, depth: 2000, ceiling: [100, 10] }));
    expect(capped.stops.at(-1)?.exit?.kind).toBe('halt');
    expect(capped.snapshots.at(-1)?.vms.length).toBeLessThan(2000);
    // 50,000 gas for 2,000 levels: out of gas at some depth, and out of gas all the way up
    const starved = onImpl(chainCase({ ...chain, depth: 2000, gas: 50_000n }));
    expect(starved.stops.map((s) => s.exit?.kind)).toEqual(['oog']);
    expect(starved.events.filter((e) => e.cause === 'oog').length).toBeGreaterThan(50);
  });
});

describe('scale: DATA caps', () => {
  test.each([false, true])('a DATA cap of PAGES_MAX ≥ 4,096 pages (RETYPE: %s): first and last byte accessible, the byte just past it faults', (retype) => {
    expect(Math.max(...fc.sample(pagesArb(), { numRuns: 200, seed: 2 }))).toBe(PAGES_MAX);
    expect(PAGES_MAX).toBeGreaterThanOrEqual(4096);
    const r = onImpl(dataCase({ ...data, pages: 1e12, retype }));
    const caps = r.snapshots.at(-1)?.vms[0]?.slots.flatMap((e) => (e.cap.kind === 'data' ? [e.cap] : [])) ?? [];
    expect(caps.map((c) => [c.pages, c.mapped.length, c.base])).toEqual([[PAGES_MAX, PAGES_MAX, 16]]);
    expect(r.stops.map((s) => s.exit)).toEqual([{ kind: 'fault', address: BigInt((16 + PAGES_MAX) * 4096) }]);
    expect(r.events.filter((e) => e.cause === 'fault')).toHaveLength(1); // the two loads before it succeeded
    expect(reachOf(r)).toEqual(['DATA 4,096+ pages']);
  });

  test('MAP/UNMAP/SPLIT of sub-ranges, copies between the ends, a strided walk, and a cap that ends at the top of the address space', () => {
    const ops: DataFamilySpec['ops'] = [
      { t: 'unmap', a: [0, 1], b: [1, 1] }, // pages 1..4095 of 4,097
      { t: 'touch', at: [1, 7], width: 3, store: true, value: 0x1122334455667788n }, // the last 8 bytes (page 4096, still mapped)
      { t: 'copy', from: [1, 8], to: [0, 0], len: [0, 7] }, // those 8 bytes to the first ones
      { t: 'map', a: [0, 1], b: [1, 1], access: 1, hi: false }, // back again
      { t: 'stride', n: 256, store: true },
      { t: 'unmap', a: [0, 0], b: [1, 0] },
      { t: 'split', at: [0, 4096], unmap: false }, // 4,096 pages stay, 1 goes to slot 42
      { t: 'map', a: [0, 0], b: [0, 1], access: 1, hi: true },
    ];
    const r = onImpl(dataCase({ ...data, pages: 4097, retype: true, ops, probe: false }));
    expect(r.stops.at(-1)?.exit?.kind).toBe('halt');
    const slots = r.snapshots.at(-1)?.vms[0]?.slots ?? [];
    const cap = (slot: number) => slots.find((e) => e.slot === slot)?.cap;
    expect(cap(40)).toMatchObject({ kind: 'data', pages: 4096, mapped: [] });
    expect(cap(42)).toMatchObject({ kind: 'data', pages: 1, base: 16, mapped: [0] });
    expect(r.snapshots.at(-1)?.backing.find((p) => p.page === 0)?.bytes.subarray(0, 8)).toEqual(Uint8Array.of(0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11));
    // ending at page 2^20: its last byte is 0xffffffff, and just past it wraps to address 0
    const top = onImpl(dataCase({ ...data, pages: 4096, base: [1, 0] }));
    expect(top.stops.map((s) => s.exit)).toEqual([{ kind: 'fault', address: 0n }]);
  });
});

describe('scale: CODE caps', () => {
  test('a CODE cap of CODE_MAX bytes: one small block per jump-table entry, walked briefly', () => {
    const r = onImpl(codeCase({ ...code, bytes: 1e12 }));
    const image = r.snapshots[0]?.code[0];
    expect(image?.code.length).toBe(CODE_MAX);
    expect(image?.jumpTable.length).toBeGreaterThan(100_000);
    expect(r.stops.map((s) => s.exit?.kind)).toEqual(['halt']);
    expect(steps(r)).toBeLessThan(1000); // 16 hops
    expect(reachOf(r)).toEqual(['CODE 1 MB+']);
  });

  test('a block of the whole megabyte: charged at entry, then a fault (or out of gas before it)', () => {
    const long = codeCase({ ...code, block: 1e12, faultAt: 5 });
    expect(long.text[0]).toMatch(/^scale code: 1048576 bytes, 1 blocks of 349\d{3} straight-line instructions/);
    const r = onImpl(long);
    expect(r.stops.map((s) => s.exit)).toEqual([{ kind: 'fault', address: 0n }]);
    expect(steps(r)).toBeLessThan(20);
    expect(onImpl({ ...long, gas: 1000n }).stops.map((s) => s.exit?.kind)).toEqual(['oog']);
  });
});

describe('scale: the focus', () => {
  test('every scale case ends within its bound; CODE cases within EXEC_MAX instructions', () => {
    for (const spec of fc.sample(scaleSpec(), { numRuns: 14, seed: 4 })) {
      const c = scaleCase(spec);
      expect(c.focus).toBe('scale');
      expect(c.maxSteps).toBe(SCALE_MAX_STEPS);
      const r = onImpl(c);
      expect(r.thrown).toBeNull();
      if (!r.load.ok) continue; // a base past the top of the address space, for one
      expect(r.stops.at(-1)?.exit, c.text[0]).not.toBeNull();
      if (spec.t === 'code') expect(steps(r)).toBeLessThanOrEqual(EXEC_MAX + 64);
    }
  });

  test('scale cases round-trip through their JSON form', () => {
    for (const c of fc.sample(scaleCases(), { numRuns: 4, seed: 11 })) {
      const j = caseToJson(c);
      expect(caseToJson(caseFromJson(JSON.parse(JSON.stringify(j)), 'x.json'))).toEqual(j);
    }
  });

  test('the model and the impl agree on a sample of scale cases (every family, one chain 2,491 VMs deep)', () => {
    const specs = fc.sample(scaleSpec(), { numRuns: 6, seed: 293 });
    expect(new Set(specs.map((s) => s.t))).toEqual(new Set(['chain', 'data', 'code']));
    const reached = new Set<string>();
    for (const spec of specs) {
      const r = checkCase(scaleCase(spec), [model, impl]);
      expect(r.divergence, scaleCase(spec).text[0]).toBeNull();
      for (const x of r.reach) reached.add(x);
    }
    expect(reached).toEqual(new Set(['depth 1,000+', 'depth 2,000+', 'DATA 4,096+ pages', 'CODE 1 MB+']));
  });

  test('rounds: scale takes SCALE_ROUND_RUNS cases, the others share the rest; --focus all includes scale', () => {
    expect(roundSizes(50, ['core', 'kernel', 'blob', 'scale'])).toEqual({ core: 16, kernel: 16, blob: 16, scale: SCALE_ROUND_RUNS });
    expect(roundSizes(Infinity, ['kernel', 'scale'])).toEqual({ core: 100, kernel: 100, blob: 100, scale: SCALE_ROUND_RUNS });
    expect(parseFoci('all')).toContain('scale');
  });

  test('the target campaign: scale needs jar1 programs, and the model bounds a scale case at SCALE_MODEL_STEPS', () => {
    expect(fociFor(['core', 'scale'], (kind, profile) => kind === 'program' && profile === 'jar1')).toEqual({ run: ['scale'], dropped: ['core'] });
    expect(fociFor(['scale'], (kind) => kind === 'isa')).toEqual({ run: [], dropped: ['scale'] });
    const k = fc.sample(kernelCases(), { numRuns: 1, seed: 1 })[0];
    if (k !== undefined) expect(targetCaseOf(k, () => true)?.maxSteps).toBe(MODEL_STEPS);
    // 4 hops over blocks of 5,000 instructions: past MODEL_STEPS, within the scale bound (the impl stands in for the model here)
    const tc = targetCaseOf(codeCase({ ...code, block: 5000, hops: 5, walk: 1 }), () => true);
    expect(tc?.maxSteps).toBe(SCALE_MODEL_STEPS);
    if (tc === null) return;
    expect(modelAnswer(impl, tc)).not.toBeNull();
    expect(modelAnswer(impl, tc, { steps: MODEL_STEPS })).toBeNull();
  });

  test('a --focus scale campaign runs and reports its scale counts', async () => {
    const out: string[] = [];
    const code0 = await runCliAsync(['fuzz', '--focus', 'scale', '--time', '3s', '--workers', '1', '--seed', '3', '--no-write', '--progress', '0ms'],
      { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) });
    expect(code0, out.join('\n')).toBe(0);
    expect(out[0]).toMatch(/^javm fuzz: model vs impl, seed 3, shard 0\/1, 1 worker\(s\), focus scale, 3 s$/);
    expect(out.some((l) => /^\[\s*\d+ s\] [\d,]+ cases .*\| core 0 kernel 0 blob 0 scale [1-9][\d,]* \|/.test(l))).toBe(true);
    const summary = out.find((l) => l.startsWith('summary: ') && l.includes(' cases in '));
    expect(summary).toMatch(/; scale [1-9][\d,]* \([\d.,]+\/s; \d+ reached depth 1,000\+, \d+ reached depth 2,000\+, \d+ reached DATA 4,096\+ pages, \d+ reached CODE 1 MB\+\)$/);
    expect(out.at(-1)).toMatch(/^verdict: PASS — [\d,]+ cases?, 0 divergences \(seed 3\)$/);
  });
});
