/**
 * The differential tester itself: its encoders against hand-assembled bytes, its case JSON round
 * trip, and — with deliberately broken engine wrappers around the model — that a campaign finds a
 * divergence, shrinks it, names the first differing event and state paths, localises the first
 * differing instruction, writes a regression vector, and replays from seed and path.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJarBlob } from '../../model/blob/jar.js';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { hex } from '../../model/test/helpers.js';
import type { KernelEngine, KernelEvent } from '../../vectors/lib/kernel.js';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { ENGINES, type Engine } from '../engines.js';
import { runCliAsync } from '../cli/main.js';
import { arbitraryOf, checkCase, NOT_REPRODUCED, replay, roundSize, runLoop } from '../fuzz/campaign.js';
import { caseFromJson, caseToJson, type Focus } from '../fuzz/cases.js';
import { diffPaths } from '../fuzz/diff.js';
import { exitStatus, runCampaign } from '../fuzz/driver.js';
import { assemble, codeBlob, I, immLength, jarBlob } from '../fuzz/encode.js';
import { enginePair } from '../fuzz/pair.js';
import { readRegression, writeRegression } from '../fuzz/regressions.js';

const model = ENGINES.model as Engine;

/** The model with its kernel trace (and nothing else) changed by `edit`. */
function brokenTrace(edit: (e: KernelEvent) => KernelEvent): Engine {
  const kernel: KernelEngine = {
    name: 'broken',
    load: (blob, o) => model.kernel.load(blob, { ...o, ...(o.trace ? { trace: (e: KernelEvent) => o.trace?.(edit(e)) } : {}) }),
    fromSnapshot: (s, trace) => model.kernel.fromSnapshot(s, trace && ((e) => trace(edit(e)))),
  };
  return { name: 'broken', core: model.core, kernel };
}

/** The model with a core whose page-fault address is off by one page. */
function brokenFault(): Engine {
  const core: CoreEngine = {
    name: 'broken',
    parseCode: model.core.parseCode,
    runCore: (input, o) => {
      const r = model.core.runCore(input, o);
      return r.exit?.kind === 'fault' ? { ...r, exit: { kind: 'fault', address: r.exit.address + 4096n } } : r;
    },
  };
  return { name: 'broken', core, kernel: model.kernel };
}

/** The model with a core whose gas is off by one in its first `n` runs only: a result that depends on the runs before. */
function flakyGas(n: number): Engine {
  let runs = 0;
  const core: CoreEngine = {
    name: 'flaky',
    parseCode: model.core.parseCode,
    runCore: (input, o) => {
      const r = model.core.runCore(input, o);
      return runs++ < n ? { ...r, state: { ...r.state, gas: r.state.gas + 1n } } : r;
    },
  };
  return { name: 'flaky', core, kernel: model.kernel };
}

describe('encoders', () => {
  test('immLength is the shortest sign-extending length', () => {
    // 0 needs no bytes; 127 fits one signed byte, 128 needs two; -1 is one byte 0xff; 2^31 needs 4
    expect([0n, 1n, 127n, 128n, -1n, -128n, -129n, 0x7fffn, 0x8000n, 0x80000000n].map(immLength)).toEqual([0, 1, 1, 2, 1, 1, 2, 2, 3, 4]);
  });

  test('the fib-loop fixture reassembles byte for byte', () => {
    // the same instructions as model/test/fixtures/fib-loop.ts, from the fuzzer's encoder
    const image = assemble([
      hex('33 07'), hex('33 09 01'), hex('33 08 40 42 0f 00'), [1], hex('c8 97 0a'), hex('64 97'), hex('64 a9'), hex('95 88 ff'), hex('52 08 f6'), [10, 0],
    ].map((x) => [...x]));
    const blob = jarBlob(0, 64, [{ slot: 64, type: 'code', blob: codeBlob(image) }]);
    expect(blob).toEqual(fibLoopBlob);
  });

  test('generated kernel and blob cases parse (kernel) or are judged by both engines alike (blob)', () => {
    for (const c of fc.sample(arbitraryOf('kernel'), { numRuns: 50, seed: 7 })) {
      if (c.focus === 'core') continue;
      expect(parseJarBlob(c.blob).ok).toBe(true);
    }
  });

  test('I.branchNeImm and I.ecalli encode their operands little-endian', () => {
    // branch_ne_imm (82): byte 1 = r | (4 << 4) (a 4-byte immediate), then imm and offset, LE
    expect(I.branchNeImm(3, 0, -6)).toEqual([82, 0x43, 0, 0, 0, 0, 0xfa, 0xff, 0xff, 0xff]);
    expect(I.ecalli(200)).toEqual([10, 200, 0]);
  });
});

describe('case JSON', () => {
  test.each(['core', 'kernel', 'blob'] as Focus[])('%s cases round-trip through their JSON form', (focus) => {
    for (const c of fc.sample(arbitraryOf(focus), { numRuns: 30, seed: 11 })) {
      const j = caseToJson(c);
      const back = caseFromJson(JSON.parse(JSON.stringify(j)), 'x.json');
      expect(caseToJson(back)).toEqual(j);
    }
  });

  test('a malformed case names the file and the field', () => {
    expect(() => caseFromJson({ focus: 'kernel', blob: 'zz' }, 'bad.json')).toThrow("bad.json: field 'blob' must be a hex string");
    expect(() => caseFromJson({ focus: 'nope' }, 'bad.json')).toThrow("field 'focus'");
  });
});

describe('diff', () => {
  test('diffPaths names the differing leaves', () => {
    expect(diffPaths({ a: [1n, 2n], b: { c: 'x' } }, { a: [1n, 3n], b: { c: 'x' } })).toEqual(['a[1]: 0x2 vs 0x3']);
    expect(diffPaths({ m: Uint8Array.of(1, 2) }, { m: Uint8Array.of(1, 5) })).toEqual(['m[1]: 2 vs 5']);
  });

  test('model against model agrees on generated cases of every focus (determinism, no throw, invariants)', () => {
    const failures = runLoop({ engines: [model, model], foci: ['core', 'kernel', 'blob'], seed: 1, stream: 0, timeMs: 60_000, runs: 300, roundRuns: 50 });
    expect(failures.map((f) => f.divergence.summary)).toEqual([]);
  });
});

describe('a campaign against a broken engine', () => {
  // DROP (ecall 0x05) reports φ7 off by one: only the trace differs, so the divergence is an event
  const dropBug = brokenTrace((e) => (e.cause === 'ecall' && e.arg === 5 ? { ...e, r7: e.r7 ^ 1n } : e));
  const dir = mkdtempSync(join(tmpdir(), 'javm-fuzz-'));

  test('finds it, shrinks it, reports the first differing event and writes a replayable regression vector', () => {
    const found = runLoop({ engines: [model, dropBug], foci: ['kernel'], seed: 42, stream: 0, timeMs: 60_000, runs: 3000, stepwiseEvery: 0 });
    expect(found).toHaveLength(1);
    const f = found[0];
    if (f === undefined) return;
    expect(f.divergence.kind).toBe('event');
    expect(f.divergence.summary).toMatch(/^first differing kernel event: #\d+$/);
    expect(f.divergence.details[0]).toMatch(/^model: VM \d+ pc \d+ ecall 5 /);
    expect(f.divergence.details[1]).toMatch(/^broken: VM \d+ pc \d+ ecall 5 /);
    // shrunk: the root program needs only the one DROP (plus whatever sets its registers) before its ending
    expect(f.case.text.filter((t) => t.startsWith('ecall DROP')).length).toBe(1);
    // replay from seed and path gives the same case
    const again = replay('kernel', f.seed, f.path, [model, dropBug], 0);
    expect(again && caseToJson(again.case)).toEqual(caseToJson(f.case));
    // the regression vector reads back to the same case, and still fails against the broken engine
    const file = writeRegression(dir, f, ['model', 'broken']);
    const r = readRegression(file);
    expect(caseToJson(r.case)).toEqual(caseToJson(f.case));
    expect(checkCase(r.case, [model, dropBug], 0).divergence?.kind).toBe('event');
    expect(checkCase(r.case, [model, model], 0).divergence).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8')).found.seed).toBe(f.seed);
  });

  test('a core bug is localised to the first differing instruction', () => {
    const found = runLoop({ engines: [model, brokenFault()], foci: ['core'], seed: 5, stream: 0, timeMs: 60_000, runs: 3000 });
    const f = found[0];
    expect(f?.divergence.details.some((d) => d.startsWith('exit.address:'))).toBe(true);
    // the faulting load/store is the instruction the localisation names
    expect(f?.localisation).toMatch(/^first differing instruction: step \d+, pc \d+: (load|store)/);
  });

  test('a divergence whose shrunk case passes on its re-run keeps the divergence seen and is never written as a regression vector', async () => {
    // the first 5 core runs diverge, then none: the search fails, the shrink runs out of failures, the re-run passes
    const found = runLoop({ engines: [model, flakyGas(5)], foci: ['core'], seed: 3, stream: 0, timeMs: 60_000, runs: 100 });
    const f = found[0];
    expect(f?.reproduced).toBe(false);
    expect(f?.divergence.summary).not.toBe(NOT_REPRODUCED);
    expect(f?.divergence.details.some((d) => d.startsWith('state.gas:'))).toBe(true);
    if (f !== undefined) expect(() => writeRegression(dir, f, ['model', 'flaky'])).toThrow('did not reproduce');
    // a campaign reports it and counts it, but writes no file
    const out: string[] = [];
    const regressionDir = mkdtempSync(join(tmpdir(), 'javm-fuzz-flaky-'));
    const summary = await runCampaign({
      engines: 'model,flaky', mutant: null, foci: ['core'], seed: 3, timeMs: 60_000, runs: 100, workers: 1, shard: [0, 1], stepwiseEvery: 4,
      keepGoing: false, regressionDir, progressMs: 1e9, enginePair: [model, flakyGas(5)], handleSignals: false,
    }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(summary.failures).toHaveLength(1);
    expect(summary.files).toEqual([]);
    expect(readdirSync(regressionDir)).toEqual([]);
    expect(out.some((l) => l.includes(NOT_REPRODUCED))).toBe(true);
    expect(out).toContain('  not written as a regression vector: the shrunk case passed when run again');
    expect(out.at(-1)).toBe(`verdict: FAIL — 1 divergence in ${summary.cases} cases (1 did not reproduce) (seed 3)`);
    expect(exitStatus(summary)).toBe(1);
  });

  test('a divergence that reproduces is marked so', () => {
    const f = runLoop({ engines: [model, brokenFault()], foci: ['core'], seed: 5, stream: 0, timeMs: 60_000, runs: 3000 })[0];
    expect(f?.reproduced).toBe(true);
  });
});

describe('engine pair', () => {
  test('impl falls back to the model with a note only when it is not registered', () => {
    const onlyModel = { model };
    const p = enginePair('model,impl', onlyModel);
    expect(p.engines.map((e) => e.name)).toEqual(['model', 'model']);
    expect(p.note).toMatch(/not registered/);
    expect(() => enginePair('model,nope', onlyModel)).toThrow("unknown engine 'nope'");
    expect(() => enginePair('model', onlyModel)).toThrow('two engines');
  });
});

describe('javm fuzz', () => {
  const cli = async (...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCliAsync(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  test('a short campaign prints its seed, progress and a summary', async () => {
    const r = await cli('fuzz', '--runs', '60', '--workers', '1', '--seed', '9', '--engines', 'model,model', '--no-write', '--progress', '0ms');
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^javm fuzz: model vs model, seed 9, shard 0\/1, 1 worker/);
    expect(r.out.some((l) => /^\[\s*\d+ s\] [\d,]+ cases .* rules \d+\/\d+ \| divergences 0$/.test(l))).toBe(true);
    // the summary, then the one-line verdict
    expect(r.out.at(-4)).toMatch(/^summary: 6\d cases in/);
    expect(r.out.at(-3)).toMatch(/^summary: [\d.]+ CPU-seconds used .* per CPU-second: [\d,]+ cases; core [\d,]+, kernel [\d,]+, blob [\d,]+, scale [\d,.]+$/);
    expect(r.out.at(-2)).toMatch(/^summary: spec rules hit \d+\/\d+; divergences 0; seed 9$/);
    expect(r.out.at(-1)).toMatch(/^verdict: PASS — 6\d cases, 0 divergences \(seed 9\)$/);
    // only catalogue rules count: the hit count can never exceed the catalogue (it once printed 232/220)
    const [hit, total] = (/rules hit (\d+)\/(\d+)/.exec(r.out.at(-2) ?? '') ?? []).slice(1).map(Number);
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThanOrEqual(total ?? 0);
    expect(r.out.some((l) => l.includes('outside the rule catalogue'))).toBe(false);
  });

  test('a --runs budget is spread over every focus', async () => {
    expect([roundSize(50, 3), roundSize(60, 3), roundSize(1000, 3), roundSize(2, 3), roundSize(Infinity, 3), roundSize(7, 1)]).toEqual([17, 20, 100, 1, 100, 7]);
    // scale rounds are 3 cases; the other foci share the rest
    const r = await cli('fuzz', '--runs', '50', '--workers', '1', '--seed', '9', '--engines', 'model,model', '--no-write');
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('summary: 50 cases'))).toMatch(/; core 16 \(.*\), kernel 16 \(.*\), blob 16 \(.*\), scale 2 \([\d.,]+\/s; \d+ reached depth 1,000\+/);
  });

  test('a campaign that finds divergences ends with a FAIL verdict and exit status 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'javm-fuzz-verdict-'));
    const r = await cli('fuzz', '--mutant', 'branch-lt-s-unsigned', '--focus', 'core', '--runs', '3000', '--workers', '1', '--seed', '1', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out.at(-1)).toMatch(/^verdict: FAIL — 1 divergence in [\d,]+ cases, 1 regression vector written \(seed 1\)$/);
    expect(r.out).not.toContain(`DIVERGENCE [core] ${NOT_REPRODUCED}`);
    // the regression file (and its ordinary-vector twin below <profile>/, fuzz-regressions.test.ts)
    expect(readdirSync(out).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  test.each([
    [['--time', 'soon'], "--time: 'soon' is not a duration"],
    [['--time', '0s'], "--time: '0s' is an empty budget"],
    [['--time', '0'], "--time: '0' is an empty budget"],
    [['--time', ''], "--time: '' is not a duration"],
    [['--runs', '0'], "--runs: '0' is not a whole number ≥ 1"],
    [['--shard', '2/2'], "--shard: '2/2' must be i/n"],
    [['--focus', 'gpu'], "--focus: 'gpu' is not a focus"],
    [['--engines', 'model,nope'], "unknown engine 'nope'"],
    [['--path', '1:2'], '--path needs one --focus and the --seed'],
    [['--replay', '/nonexistent.json'], '/nonexistent.json: not readable JSON'],
  ])('bad flags %j exit 2 with one line', async (flags, message) => {
    const r = await cli('fuzz', ...flags);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(message);
    expect(r.err).toHaveLength(1);
    expect(r.out).toEqual([]);
  });
});
