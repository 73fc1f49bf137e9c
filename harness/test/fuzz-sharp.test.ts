/**
 * The sharper generators (harness/fuzz/sharp-arb.ts, kernel-arb.ts `pages`, run.ts restores) produce
 * what they claim: division operands at the edges, hot loops that run K times and walk across page
 * edges, gp deblobs with z = 0, trailing bytes, truncation and long compact naturals, kernel cases that
 * copy between DATA caps. Expected values are derived by hand from the encodings (GP C.6, A.5).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { checkCase } from '../fuzz/campaign.js';
import { coreCases } from '../fuzz/sharp-arb.js';
import { kernelSpec } from '../fuzz/kernel-arb.js';
import { runCoreCase, runKernelCase, RESTORE_EVERY } from '../fuzz/run.js';
import { bentGpBlob, compactWith, divOperand, edgeFill, EDGE_FILL, gpBlobCase, gpBlobSpec, halfPair, hotCase, hotSpec, type GpBend, type HotSpec } from '../fuzz/sharp-arb.js';
import { blobCase, blobSpec } from '../fuzz/blob-arb.js';
import { kernelCases } from '../fuzz/kernel-arb.js';

const model = ENGINES.model as Engine;
const impl = ENGINES.impl as Engine;
const M64 = (1n << 64n) - 1n;
const xor: HotSpec['body'][number] = { op: 211, ra: 2, rb: 3, rd: 4, lx: 4, x: 0n, ly: 4, y: 0n, target: [0, 0], pad: [], xFromReg: false };
const hot = (o: Partial<HotSpec>): HotSpec => ({
  profile: 'gp', kind: 'alu', body: [xor], k: 12, end: 'trap', regs: Array.from({ length: 13 }, () => 0n), layout: 0, step: 4, gas: 1_000_000n, maxSteps: 5000, memoryPages: 0, ...o,
});
const plain: GpBend = { z: null, jDelta: 0n, cDelta: 0n, jForm: 0, cForm: 0, trailing: [], cut: null, sets: [] };
const image = { code: Uint8Array.of(0), bitmask: Uint8Array.of(1), jumpTable: [] as number[] };
const parse = (b: Uint8Array): string => {
  const r = model.core.parseCode('gp', b);
  return r.ok ? 'ok' : r.error.class;
};

describe('division operands', () => {
  test('include 0, -1, INT64_MIN, INT64_MAX, INT32_MIN sign-extended, powers of two and wide random values', () => {
    const xs = new Set(fc.sample(divOperand(), { seed: 1, numRuns: 4000 }));
    for (const v of [0n, 1n, M64, 1n << 63n, (1n << 63n) - 1n, 0xffffffff80000000n, 0x80000000n]) expect(xs.has(v)).toBe(true);
    expect([...xs].some((v) => v > 1n << 33n && v < 1n << 62n && (v & (v - 1n)) === 0n)).toBe(true); // a power of two between the edges
    expect([...xs].some((v) => v > 1n << 48n && (v & (v - 1n)) !== 0n && v < 1n << 63n)).toBe(true); // a wide non-power of two
  });
});

describe('empty code', () => {
  test('an empty gp deblob is |j| ‖ z ‖ |c| = 0 ‖ table, which both engines parse to no code and run alike', () => {
    expect([...bentGpBlob(image, { ...plain, empty: true })]).toEqual([0, 0, 0]);
    expect([...bentGpBlob({ ...image, jumpTable: [5] }, { ...plain, empty: true, cDelta: 3n, trailing: [7] })]).toEqual([1, 1, 0, 5]);
    expect([...bentGpBlob(image, { ...plain, empty: true, cForm: 1 })]).toEqual([0, 0, 0x80, 0]); // 0 in the 2-byte form
    const c = gpBlobCase({ core: fc.sample(gpBlobSpec(), { seed: 3, numRuns: 1 })[0]!.core, bend: { ...plain, empty: true } });
    const rs = [model, impl].map((e) => runCoreCase(e.core, c));
    for (const r of rs) expect(r.load).toMatchObject({ ok: true, image: { code: new Uint8Array(0) } });
    expect(checkCase(c, [model, impl]).divergence).toBeNull();
  });
  test('gp blob specs draw empty code now and then', () => {
    expect(fc.sample(gpBlobSpec(), { seed: 2, numRuns: 300 }).filter((s) => s.bend.empty === true).length).toBeGreaterThan(20);
  });
});

describe('hot loops', () => {
  test('an ALU loop runs K times under its counter, then its ending: 12 × (count, xor, branch) + trap = 37 steps, r12 = 12', () => {
    const c = hotCase(hot({}));
    for (const e of [model, impl]) {
      const r = runCoreCase(e.core, c).result;
      expect(r?.exit).toEqual({ kind: 'trap' });
      expect(r?.steps).toBe(37);
      expect(r?.state.regs[12]).toBe(12n);
    }
  });

  test('a walk up by 4 from 36 bytes below 0x12000 stores 9 times, then faults on the read-only page at 0x12000 (after the jit has compiled the loop)', () => {
    const store32: HotSpec['body'][number] = { ...xor, op: 122, ra: 2, rb: 1 }; // store_ind_u32 [r1 + 0] = r2
    // regs[1] = 1: the edge up[1 mod 3] = 0x12000 of layout 0, started 4 × (8 + 1) = 36 bytes below it
    const c = hotCase(hot({ kind: 'mem', body: [store32], k: 40, regs: Array.from({ length: 13 }, (_, r) => (r === 1 ? 1n : 0n)) }));
    expect(c.input.regs[1]).toBe(0x12000n - 36n);
    const rs = [model, impl].map((e) => runCoreCase(e.core, c).result);
    for (const r of rs) {
      expect(r?.exit).toEqual({ kind: 'fault', address: 0x12000n });
      expect(r?.state.regs[12]).toBe(10n); // the 10th iteration's store faults
    }
    expect(checkCase(c, [model, impl]).divergence).toBeNull();
  });

  test('a loop with K mod 3 = 2 opens with a jump to the next instruction in 2 offset bytes (28 03 00): 11 × 4 steps + trap = 45, r12 = 11', () => {
    const c = hotCase(hot({ k: 11 }));
    expect(c.text.some((t) => t.endsWith(': jump [28 03 00]'))).toBe(true);
    for (const e of [model, impl]) {
      const r = runCoreCase(e.core, c).result;
      expect(r?.exit).toEqual({ kind: 'trap' });
      expect(r?.steps).toBe(45);
      expect(r?.state.regs[12]).toBe(11n);
    }
  });

  test.each(['badjump', 'badbranch'] as const)('a loop ending in a %s into its first instruction panics there after 12 × 3 steps (both engines, compiled by then)', (end) => {
    const c = hotCase(hot({ end }));
    for (const e of [model, impl]) {
      const r = runCoreCase(e.core, c).result;
      expect(r?.exit).toEqual({ kind: 'panic' });
      expect(r?.steps).toBe(37);
      expect(r?.state.regs[12]).toBe(12n);
    }
  });

  test('the core focus mixes in hot loops of all four kinds with every ending, and gp blobs', () => {
    const hs = fc.sample(hotSpec(), { seed: 2, numRuns: 800 });
    expect(new Set(hs.map((h) => `${h.kind}:${h.end}`)).size).toBe(32);
    expect(hs.some((h) => h.body.length >= 50)).toBe(true); // a block too large for one compiled function
    const cs = fc.sample(coreCases(), { seed: 2, numRuns: 300 });
    expect(cs.filter((c) => c.gpBlob !== undefined).length).toBeGreaterThan(10);
    expect(cs.filter((c) => c.text[0]?.startsWith('hot ')).length).toBeGreaterThan(30);
  });
});

describe('sharper operands and memory', () => {
  test('half pairs share the low half only, the high half only, or are equal', () => {
    const kinds = new Set<string>();
    for (const [a, b] of fc.sample(halfPair(), { seed: 7, numRuns: 300 })) {
      const lo = (a & 0xffffffffn) === (b & 0xffffffffn);
      const hi = a >> 32n === b >> 32n;
      kinds.add(lo && hi ? 'equal' : lo ? 'low' : hi ? 'high' : 'neither');
    }
    expect([...kinds].sort()).toEqual(['equal', 'high', 'low']);
  });

  test('ALU loop bodies divide one operand pair all eight ways, into eight other registers', () => {
    const divs = [193, 194, 195, 196, 203, 204, 205, 206];
    const found = fc.sample(hotSpec(), { seed: 8, numRuns: 300 }).filter((h) => h.kind === 'alu').some((h) => h.body.some((_, k) => {
      const run = h.body.slice(k, k + 8);
      return run.length === 8 && run.every((i, j) => i.op === divs[j] && i.ra === run[0]?.ra && i.rb === run[0]?.rb && i.rd !== i.ra && i.rd !== i.rb)
        && new Set(run.map((i) => i.rd)).size === 8;
    }));
    expect(found).toBe(true);
  });

  test('a division table stores every quotient and remainder of each pair in its own u64 slot at 0x20000', () => {
    const h = fc.sample(hotSpec(), { seed: 11, numRuns: 400 }).find((x) => x.kind === 'table' && x.body.some((i) => i.op === 204));
    expect(h).toBeDefined();
    const body = h?.body ?? [];
    expect(body[0]).toMatchObject({ op: 20, ra: 1, x: 0x20000n }); // r1 = the table
    const stores = body.filter((i) => i.op === 123); // store_ind_u64 [r1 + x] = r4
    const divs = body.filter((i) => i.op >= 193 && i.op <= 206);
    expect(stores.length).toBe(divs.length);
    expect(stores.map((i) => i.x)).toEqual(stores.map((_, k) => BigInt(8 * k)));
    expect(divs.length % 8).toBe(0);
    expect(divs.length / 8).toBeGreaterThanOrEqual(8); // at least 8 edge pairs
    // the case runs alike on both engines
    expect(checkCase(hotCase(h as HotSpec), [model, impl]).divergence).toBeNull();
  });

  test('cost bodies are straight blocks over r0..r3 (sources: also r12), each ending in fallthrough', () => {
    const hs = fc.sample(hotSpec(), { seed: 9, numRuns: 200 }).filter((h) => h.kind === 'cost');
    expect(hs.length).toBeGreaterThan(30);
    for (const h of hs) {
      expect(h.body.at(-1)?.op).toBe(1);
      for (const i of h.body) {
        expect(i.ra).toBeLessThanOrEqual(3);
        expect(i.rd).toBeLessThanOrEqual(3);
        expect([0, 1, 2, 3, 12]).toContain(i.rb);
      }
    }
    expect(hs.filter((h) => h.profile === 'jar1').length).toBeGreaterThan(hs.length / 2);
  });

  test('hot loop memory: 128 bytes each side of every page boundary of a range, none below 0x80', () => {
    const chunks = edgeFill([{ address: 0x10000, length: 0x2000, access: 'W' }, { address: 0x12000, length: 0x1000, access: 'R' }]);
    expect(EDGE_FILL).toBe(128);
    expect(chunks.map((c) => [c.address, c.bytes.length])).toEqual([
      [0x10000, 128], [0x10f80, 256], [0x11f80, 128], [0x12000, 128], [0x12f80, 128],
    ]);
    expect(chunks.every((c) => c.bytes.every((b) => b >= 0x80))).toBe(true);
  });
});

describe('gp blobs', () => {
  test('compact naturals in a chosen length: minimal, non-minimal and the 9-byte form', () => {
    expect(compactWith(5n, 0)).toEqual([5]);
    expect(compactWith(5n, 1)).toEqual([0x80, 5]);
    expect(compactWith(300n, 0)).toEqual([0x81, 0x2c]); // 300 = 0x12c: one length bit, 0x01 above the low byte
    expect(compactWith(7n, 8)).toEqual([0xff, 7, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('bent blobs: the plain one, z = 0 with an empty and with a full table, any z, trailing bytes, truncation', () => {
    // trap: |j| = 0, z = 0, |c| = 1, code 00, bitmask 01
    expect([...bentGpBlob(image, plain)]).toEqual([0, 0, 1, 0, 1]);
    expect(parse(bentGpBlob(image, plain))).toBe('ok');
    const table = { ...image, jumpTable: [0] };
    expect([...bentGpBlob(table, plain)]).toEqual([1, 1, 1, 0, 0, 1]);
    expect(parse(bentGpBlob(table, { ...plain, z: 0 }))).toBe('bad_entry_size');
    expect(parse(bentGpBlob(table, { ...plain, z: 5 }))).toBe('bad_entry_size');
    expect(parse(bentGpBlob(image, { ...plain, trailing: [7] }))).toBe('trailing_bytes');
    expect(parse(bentGpBlob(image, { ...plain, cut: 4 }))).toBe('truncated');
    expect(parse(bentGpBlob(image, { ...plain, cDelta: 1n << 32n }))).toBe('out_of_bounds');
  });

  test('the generator yields every load outcome, and both engines agree on each', () => {
    const cs = fc.sample(gpBlobSpec(), { seed: 4, numRuns: 300 }).map(gpBlobCase);
    const seen = new Set<string>();
    for (const c of cs) {
      const r = runCoreCase(model.core, c);
      seen.add(r.load?.ok === true ? 'ok' : r.load?.class ?? 'none');
      expect(checkCase(c, [model, impl]).divergence).toBeNull();
    }
    expect([...seen].sort()).toEqual(['bad_entry_size', 'ok', 'out_of_bounds', 'trailing_bytes', 'truncated']);
    expect(cs.some((c) => c.gpBlob?.[1] === 0 && c.gpBlob[0] === 0)).toBe(true); // z = 0 with an empty table
  });
});

describe('blob cases', () => {
  test('an entry mutation sets a jump table entry of the root CODE sub-blob to |c| + delta; both engines agree on the result', () => {
    let changed = 0;
    for (const spec of fc.sample(blobSpec(), { seed: 10, numRuns: 60 })) {
      const base = blobCase({ ...spec, mutations: [], sharp: [] }).blob;
      const bent = blobCase({ ...spec, mutations: [], sharp: [{ t: 'entry', k: 0, delta: 0 }] }).blob;
      expect(bent.length).toBe(base.length);
      const diff = [...bent.keys()].filter((i) => bent[i] !== base[i]);
      if (diff.length === 0) continue;
      changed++;
      // the root is entry 0 (its data first, at offset 0): the sub-blob starts after the 10-byte header and the entries
      const at = 10 + 19 * (base[8] ?? 0);
      const z = base[at + 4] ?? 0;
      const codeLen = (base[at + 5] ?? 0) | ((base[at + 6] ?? 0) << 8) | ((base[at + 7] ?? 0) << 16);
      expect(diff[0]).toBeGreaterThanOrEqual(at + 9); // entry 0 of the table
      expect(diff.at(-1)).toBeLessThan(at + 9 + z);
      expect(Array.from(bent.subarray(at + 9, at + 9 + z)).reduceRight((v, b) => v * 256 + b, 0)).toBe(codeLen);
      expect(checkCase(blobCase({ ...spec, mutations: [], sharp: [{ t: 'entry', k: 0, delta: 0 }] }), [model, impl]).divergence).toBeNull();
    }
    expect(changed).toBeGreaterThan(5);
  });
});

describe('kernel cases', () => {
  test('roots make a fresh DATA cap in slot 40 and copy between it and slot 30 (CALL on DATA)', () => {
    const specs = fc.sample(kernelSpec(), { seed: 5, numRuns: 300 });
    const steps = specs.flatMap((s) => s.programs[0]?.steps ?? []);
    expect(steps.some((s) => s.t === 'op' && s.call === 35 && s.regs.some(([r, v]) => r === 12 && v === 40n))).toBe(true);
    expect(steps.some((s) => s.t === 'op' && s.call === 40 && s.regs.some(([r, v]) => r === 12 && v === 30n))).toBe(true);
  });

  test('a session rebuilt from its snapshot at each protocol exit gives the same record (both engines); seeds ≡ RESTORE_EVERY − 1 restore', () => {
    const cs = fc.sample(kernelCases(), { seed: 6, numRuns: 30 });
    expect(cs.some((c) => c.host % RESTORE_EVERY === RESTORE_EVERY - 1)).toBe(true);
    let protocolStops = 0;
    for (const c of cs) {
      for (const e of [model, impl]) {
        const restored = runKernelCase(e.kernel, c, { restore: true });
        const straight = runKernelCase(e.kernel, c, { restore: false });
        expect(restored.thrown).toBeNull();
        expect({ events: restored.events, stops: restored.stops, snapshots: restored.snapshots }).toEqual({ events: straight.events, stops: straight.stops, snapshots: straight.snapshots });
        protocolStops += e === model ? restored.stops.filter((s) => s.exit?.kind === 'protocol').length : 0;
      }
    }
    expect(protocolStops).toBeGreaterThan(3);
  });
});
