/**
 * One campaign loop (in-process; each worker thread runs one): rounds of fast-check runs, each round
 * one focus with its own seed, so that any failure replays from (focus, seed, path) alone. fast-check
 * shrinks a failing case; the loop then re-runs the shrunk case for its divergence report and the
 * per-instruction localisation, and hands the failure to the caller. A case budget (`runs`) is spread
 * over the foci: a round is at most a foci-th of it. Scale cases take seconds where the others take
 * milliseconds: a scale round is SCALE_ROUND_RUNS cases, and it is passed over while the loop has spent
 * more than SCALE_SHARE of its time on scale rounds. runLoop runs the rounds synchronously;
 * runLoopAsync lets the event loop turn between rounds (so that a signal handler can stop it).
 * One round in VARIANT_EVERY (by its seed) runs in a variant of the engines (variants.ts: the impl
 * decoding lazily in tiny regions, on either tier, or compiling every block on first entry); its
 * replay and its failure report run in it too.
 */
import fc from 'fast-check';
import type { Engine } from '../engines.js';
import { blobCases } from './blob-arb.js';
import { caseFromJson, caseToJson, zeroByFocus, type Case, type Focus } from './cases.js';
import { coreCases } from './sharp-arb.js';
import { reachOf, rulesHit } from './coverage.js';
import { compareCore, compareKernel, localise, type Divergence } from './diff.js';
import { kernelCases } from './kernel-arb.js';
import { runCoreCase, runKernelCase } from './run.js';
import { scaleCases } from './scale-arb.js';
import { traceDivergence } from './trace-check.js';
import { inVariantOf, type Variant } from './variants.js';

/** Cases per scale round (other foci: up to 100). */
export const SCALE_ROUND_RUNS = 3;
/** The most of a loop's time its scale rounds may take: a scale round is passed over while they have taken more. */
export const SCALE_SHARE = 0.25;

export interface Failure {
  readonly focus: Focus;
  readonly seed: number;
  readonly path: string;
  readonly case: Case;
  readonly divergence: Divergence;
  readonly localisation: string;
  readonly shrinks: number;
  /**
   * false when the shrunk case passed on its re-run although it failed during the search (an engine
   * whose result depends on the cases before it): `divergence` is then the one seen during the
   * search, and the case is no regression vector (it need not fail when run alone). Absent = true.
   */
  readonly reproduced?: boolean;
}

export interface Progress {
  /** Cases run since the last report, by focus, with the milliseconds spent on each focus. */
  readonly cases: Readonly<Record<Focus, number>>;
  readonly ms: Readonly<Record<Focus, number>>;
  /** Rules hit for the first time in this loop since the last report. */
  readonly rules: readonly string[];
  /** Cases since the last report that reached each size class of coverage.ts REACH (scale focus). */
  readonly reach: Readonly<Record<string, number>>;
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
  /** Cases per round (one seed each); default roundSize(runs, foci). */
  readonly roundRuns?: number;
  /** A kernel case whose host seed is divisible by this runs stepwise (invariants after every event); 0 = never. */
  readonly stepwiseEvery?: number;
  readonly keepGoing?: boolean;
  /** Checked before each round: true ends the loop. */
  readonly shouldStop?: () => boolean;
  /**
   * Checked before each case (an interrupt): true lets the rest of the round pass unrun, so the round
   * ends at once; a shrink in progress ends with the smallest failing case found so far.
   */
  readonly shouldAbort?: () => boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly onFailure?: (f: Failure) => void;
}

/** The arbitrary of a focus. */
export function arbitraryOf(focus: Focus): fc.Arbitrary<Case> {
  switch (focus) {
    case 'core': return coreCases();
    case 'kernel': return kernelCases();
    case 'blob': return blobCases();
    case 'scale': return scaleCases();
  }
}

/**
 * Runs a case on both engines; the divergence (or null), the rules the reference engine hit and, for
 * a scale case, the REACH size classes it attained. Some core cases of the model against the impl
 * are also traced per instruction on both (trace-check.ts). Scale cases never run stepwise: a
 * snapshot of thousands of VMs after each of their thousands of kernel events would take minutes
 * (their invariants are checked at each exit).
 */
export function checkCase(c: Case, engines: readonly [Engine, Engine], stepwiseEvery = 4): { divergence: Divergence | null; rules: Set<string>; reach: string[] } {
  const [a, b] = engines;
  if (c.focus === 'core') {
    const ra = runCoreCase(a.core, c);
    return { divergence: compareCore(ra, runCoreCase(b.core, c)) ?? traceDivergence(c, engines), rules: rulesHit(c, ra), reach: [] };
  }
  const stepwise = c.focus !== 'scale' && stepwiseEvery > 0 && c.host % stepwiseEvery === 0;
  const ra = runKernelCase(a.kernel, c, { stepwise });
  return { divergence: compareKernel(ra, runKernelCase(b.kernel, c, { stepwise })), rules: rulesHit(c, ra), reach: c.focus === 'scale' ? reachOf(ra) : [] };
}

/** A 32-bit seed for round r of stream s of a campaign seed (splitmix-style). */
export function roundSeed(seed: number, stream: number, round: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9) ^ Math.imul(round + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The cases per round of a loop: 100, or less so that a case budget reaches every focus. */
export function roundSize(runs: number, foci: number): number {
  return Number.isFinite(runs) ? Math.max(1, Math.min(100, Math.ceil(runs / Math.max(1, foci)))) : 100;
}

/** The cases per round of each focus: scale rounds SCALE_ROUND_RUNS, the others share the rest of a case budget (roundSize). */
export function roundSizes(runs: number, foci: readonly Focus[], roundRuns?: number): Record<Focus, number> {
  const others = foci.filter((f) => f !== 'scale').length;
  const scale = foci.includes('scale') ? Math.min(SCALE_ROUND_RUNS, roundRuns ?? SCALE_ROUND_RUNS) : 0;
  const size = roundRuns ?? roundSize(Number.isFinite(runs) ? Math.max(1, runs - scale) : runs, others);
  return { core: size, kernel: size, blob: size, scale: Math.max(1, scale) };
}

/** The summary of a divergence seen during the search whose shrunk case then passed. */
export const NOT_REPRODUCED = 'did not reproduce on a re-run (non-deterministic engine?)';

/**
 * Re-runs a failing case for its report. `seen` is the divergence the search saw on this very case:
 * the report keeps it (marked reproduced: false) when the re-run passes.
 */
export function failureOf(
  focus: Focus, seed: number, path: string, shrunk: Case, engines: readonly [Engine, Engine], shrinks: number, stepwiseEvery = 4, seen: Divergence | null = null,
): Failure {
  // a fresh copy, as a regression vector will be read back
  const c: Case = { ...caseFromJson(caseToJson(shrunk), 'shrunk case'), text: shrunk.text };
  const again = checkCase(c, engines, stepwiseEvery).divergence;
  if (again === null) {
    const divergence: Divergence = seen === null
      ? { kind: 'state', summary: NOT_REPRODUCED, details: [] }
      : { ...seen, details: [...seen.details, `(${NOT_REPRODUCED}: seen during the search, not on a re-run of the same case)`] };
    return { focus, seed, path, case: c, divergence, localisation: 'not reproducible step by step: the case passed on its re-run', shrinks, reproduced: false };
  }
  const localisation = again.kind === 'invariant' || again.kind === 'throw'
    ? `not a difference between the engines: ${again.details[0] ?? ''}`
    : localise(c, engines[0], engines[1]);
  return { focus, seed, path, case: c, divergence: again, localisation, shrinks, reproduced: true };
}

/** A failure found in a round variant: its localisation names the variant (the case fails in it, maybe only in it). */
function noting(f: Failure, v: Variant | null): Failure {
  return v === null ? f : { ...f, localisation: `${f.localisation}\n(round variant: ${v.name})` };
}

/** A property over a focus's cases that remembers the divergence of the last failing case (fast-check's counterexample is the last case that failed). */
function propertyOf(
  focus: Focus, check: (c: Case) => Divergence | null,
): { property: fc.IPropertyWithHooks<[Case]>; seen: (c: Case) => Divergence | null } {
  let last: { c: Case; d: Divergence } | null = null;
  const property = fc.property(arbitraryOf(focus), (c) => {
    const d = check(c);
    if (d !== null) last = { c, d };
    return d === null;
  });
  return { property, seen: (c) => (last !== null && last.c === c ? last.d : null) };
}

/** Replays one case of a round from its seed and fast-check path (in the round's variant); null when it passes. */
export function replay(focus: Focus, seed: number, path: string, engines: readonly [Engine, Engine], stepwiseEvery = 4): Failure | null {
  return inVariantOf(focus, seed, engines, (v, run) => {
    const { property, seen } = propertyOf(focus, (c) => checkCase(c, run, stepwiseEvery).divergence);
    const r = fc.check(property, { seed, path, numRuns: 1 });
    if (!r.failed || r.counterexample === null) return null;
    const c = r.counterexample[0];
    return noting(failureOf(focus, seed, r.counterexamplePath ?? path, c, run, r.numShrinks, stepwiseEvery, seen(c)), v);
  });
}

/** A loop that runs one round per step(): false when the loop has ended. */
interface Rounds {
  step(): boolean;
  end(): Failure[];
}

function rounds(o: LoopOptions): Rounds {
  const failures: Failure[] = [];
  const start = performance.now();
  const sizes = roundSizes(o.runs, o.foci, o.roundRuns);
  const stepwiseEvery = o.stepwiseEvery ?? 4;
  let total = 0;
  let round = 0;
  let ended = false;
  let cases = zeroByFocus();
  let ms = zeroByFocus();
  let scaleMs = 0;
  const seen = new Set<string>();
  let fresh: string[] = [];
  let reach: Record<string, number> = {};
  let lastReport = start;
  let mark = start;
  const account = (focus: Focus): void => {
    const now = performance.now();
    ms[focus] += now - mark;
    mark = now;
  };
  const report = (): void => {
    o.onProgress?.({ cases, ms, rules: fresh, reach });
    cases = zeroByFocus();
    ms = zeroByFocus();
    fresh = [];
    reach = {};
    lastReport = performance.now();
  };
  const step = (): boolean => {
    if (ended) return false;
    const left = o.timeMs - (performance.now() - start);
    if (left <= 0 || total >= o.runs || o.shouldStop?.()) return (ended = true, false);
    let focus = o.foci[(round + o.stream) % o.foci.length] ?? 'kernel';
    // a scale round is passed over (its round number and seed go unused) while scale rounds have had their share of the time
    const others = o.foci.some((f) => f !== 'scale');
    while (focus === 'scale' && others && scaleMs > SCALE_SHARE * (performance.now() - start)) focus = o.foci[(++round + o.stream) % o.foci.length] ?? 'kernel';
    const seed = roundSeed(o.seed, o.stream, round);
    round++;
    mark = performance.now();
    const roundStart = mark;
    let inRound = 0;
    // the round, and the re-run of its failure, in the round's variant of the engines (variants.ts)
    const f = inVariantOf(focus, seed, o.engines, (v, engines) => {
      const { property, seen: seenOn } = propertyOf(focus, (c) => {
        if (o.shouldAbort?.()) return null; // interrupted: the rest of the round passes unrun
        const checked = checkCase(c, engines, stepwiseEvery);
        inRound++;
        cases[focus]++;
        for (const r of checked.rules) if (!seen.has(r)) (seen.add(r), fresh.push(r));
        for (const r of checked.reach) reach[r] = (reach[r] ?? 0) + 1;
        // scale cases are slow: report after each of them, the others every 8 cases
        if (((inRound & 7) === 0 || focus === 'scale') && performance.now() - lastReport > 250) {
          account(focus);
          report();
        }
        return checked.divergence;
      });
      const r = fc.check(property, { seed, numRuns: Math.min(sizes[focus], o.runs - total), interruptAfterTimeLimit: Math.max(1, left) });
      if (!r.failed || r.counterexample === null) return null;
      const c = r.counterexample[0];
      return noting(failureOf(focus, seed, r.counterexamplePath ?? '', c, engines, r.numShrinks, stepwiseEvery, seenOn(c)), v);
    });
    total += inRound;
    account(focus);
    if (focus === 'scale') scaleMs += performance.now() - roundStart;
    if (f !== null) {
      failures.push(f);
      o.onFailure?.(f);
      if (!o.keepGoing) return (ended = true, false);
    }
    return true;
  };
  return {
    step,
    end: () => {
      ended = true;
      report();
      return failures;
    },
  };
}

/** Runs rounds until the time or case budget ends (or a failure, unless keepGoing); returns the failures. */
export function runLoop(o: LoopOptions): Failure[] {
  const loop = rounds(o);
  while (loop.step());
  return loop.end();
}

/** runLoop, letting the event loop turn between rounds (signal handlers, timers, I/O) so that shouldStop can see them. */
export async function runLoopAsync(o: LoopOptions): Promise<Failure[]> {
  const loop = rounds(o);
  while (loop.step()) await new Promise<void>((resolve) => setImmediate(resolve));
  return loop.end();
}
