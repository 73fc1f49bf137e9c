/**
 * One campaign loop (in-process; each worker thread runs one): rounds of fast-check runs, each round
 * one focus with its own seed, so that any failure replays from (focus, seed, path) alone. fast-check
 * shrinks a failing case; the loop then re-runs the shrunk case for its divergence report and the
 * per-instruction localisation, and hands the failure to the caller.
 */
import fc from 'fast-check';
import type { Engine } from '../engines.js';
import { blobCases } from './blob-arb.js';
import { caseFromJson, caseToJson, type Case, type Focus } from './cases.js';
import { coreCases } from './core-arb.js';
import { rulesHit } from './coverage.js';
import { compareCore, compareKernel, localise, type Divergence } from './diff.js';
import { kernelCases } from './kernel-arb.js';
import { runCoreCase, runKernelCase } from './run.js';

export interface Failure {
  readonly focus: Focus;
  readonly seed: number;
  readonly path: string;
  readonly case: Case;
  readonly divergence: Divergence;
  readonly localisation: string;
  readonly shrinks: number;
}

export interface Progress {
  /** Cases run since the last report, by focus, with the milliseconds spent on each focus. */
  readonly cases: Readonly<Record<Focus, number>>;
  readonly ms: Readonly<Record<Focus, number>>;
  /** Rules hit for the first time in this loop since the last report. */
  readonly rules: readonly string[];
}

export interface LoopOptions {
  readonly engines: readonly [Engine, Engine];
  readonly foci: readonly Focus[];
  readonly seed: number;
  /** This loop's place among all loops of the campaign: shards × workers. */
  readonly stream: number;
  /** Stop after this many ms, or after this many cases (whichever first). */
  readonly timeMs: number;
  readonly runs: number;
  /** Cases per round (one seed each). */
  readonly roundRuns?: number;
  /** A kernel case whose host seed is divisible by this runs stepwise (invariants after every event); 0 = never. */
  readonly stepwiseEvery?: number;
  readonly keepGoing?: boolean;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly onFailure?: (f: Failure) => void;
}

/** The arbitrary of a focus. */
export function arbitraryOf(focus: Focus): fc.Arbitrary<Case> {
  return focus === 'core' ? coreCases() : focus === 'kernel' ? kernelCases() : blobCases();
}

/** Runs a case on both engines; the divergence (or null) and the rules the reference engine hit. */
export function checkCase(c: Case, engines: readonly [Engine, Engine], stepwiseEvery = 4): { divergence: Divergence | null; rules: Set<string> } {
  const [a, b] = engines;
  if (c.focus === 'core') {
    const ra = runCoreCase(a.core, c);
    return { divergence: compareCore(ra, runCoreCase(b.core, c)), rules: rulesHit(c, ra) };
  }
  const stepwise = stepwiseEvery > 0 && c.host % stepwiseEvery === 0;
  const ra = runKernelCase(a.kernel, c, { stepwise });
  return { divergence: compareKernel(ra, runKernelCase(b.kernel, c, { stepwise })), rules: rulesHit(c, ra) };
}

/** A 32-bit seed for round r of stream s of a campaign seed (splitmix-style). */
export function roundSeed(seed: number, stream: number, round: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9) ^ Math.imul(round + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Re-runs a failing case for its report. */
export function failureOf(focus: Focus, seed: number, path: string, shrunk: Case, engines: readonly [Engine, Engine], shrinks: number, stepwiseEvery = 4): Failure {
  // a fresh copy, as a regression vector will be read: engines may cache per code image (impl tiers)
  const c: Case = { ...caseFromJson(caseToJson(shrunk), 'shrunk case'), text: shrunk.text };
  const divergence = checkCase(c, engines, stepwiseEvery).divergence ?? { kind: 'state', summary: 'did not reproduce on a re-run (non-deterministic engine?)', details: [] };
  const localisation = divergence.kind === 'invariant' || divergence.kind === 'throw'
    ? `not a difference between the engines: ${divergence.details[0] ?? ''}`
    : localise(c, engines[0], engines[1]);
  return { focus, seed, path, case: c, divergence, localisation, shrinks };
}

/** Replays one case of a round from its seed and fast-check path; null when it passes. */
export function replay(focus: Focus, seed: number, path: string, engines: readonly [Engine, Engine], stepwiseEvery = 4): Failure | null {
  const r = fc.check(fc.property(arbitraryOf(focus), (c) => checkCase(c, engines, stepwiseEvery).divergence === null), { seed, path, numRuns: 1 });
  if (!r.failed || r.counterexample === null) return null;
  return failureOf(focus, seed, r.counterexamplePath ?? path, r.counterexample[0], engines, r.numShrinks, stepwiseEvery);
}

/** Runs rounds until the time or case budget ends (or a failure, unless keepGoing); returns the failures. */
export function runLoop(o: LoopOptions): Failure[] {
  const failures: Failure[] = [];
  const start = performance.now();
  const roundRuns = o.roundRuns ?? 100;
  const stepwiseEvery = o.stepwiseEvery ?? 4;
  let total = 0;
  let cases: Record<Focus, number> = { core: 0, kernel: 0, blob: 0 };
  let ms: Record<Focus, number> = { core: 0, kernel: 0, blob: 0 };
  const seen = new Set<string>();
  let fresh: string[] = [];
  let lastReport = start;
  let mark = start;
  const account = (focus: Focus): void => {
    const now = performance.now();
    ms[focus] += now - mark;
    mark = now;
  };
  const report = (): void => {
    o.onProgress?.({ cases, ms, rules: fresh });
    cases = { core: 0, kernel: 0, blob: 0 };
    ms = { core: 0, kernel: 0, blob: 0 };
    fresh = [];
    lastReport = performance.now();
  };
  for (let round = 0; ; round++) {
    const left = o.timeMs - (performance.now() - start);
    if (left <= 0 || total >= o.runs || o.shouldStop?.()) break;
    const focus = o.foci[(round + o.stream) % o.foci.length] ?? 'kernel';
    const seed = roundSeed(o.seed, o.stream, round);
    mark = performance.now();
    let inRound = 0;
    const property = fc.property(arbitraryOf(focus), (c) => {
      const { divergence, rules } = checkCase(c, o.engines, stepwiseEvery);
      inRound++;
      cases[focus]++;
      for (const r of rules) if (!seen.has(r)) (seen.add(r), fresh.push(r));
      if ((inRound & 7) === 0 && performance.now() - lastReport > 250) {
        account(focus);
        report();
      }
      return divergence === null;
    });
    const r = fc.check(property, { seed, numRuns: Math.min(roundRuns, o.runs - total), interruptAfterTimeLimit: Math.max(1, left) });
    total += inRound;
    account(focus);
    if (r.failed && r.counterexample !== null) {
      const f = failureOf(focus, seed, r.counterexamplePath ?? '', r.counterexample[0], o.engines, r.numShrinks, stepwiseEvery);
      failures.push(f);
      o.onFailure?.(f);
      if (!o.keepGoing) break;
    }
  }
  report();
  return failures;
}
