/**
 * The differential tester as a mutation-testing judge: a short, seeded, case-bounded campaign of
 * model against impl that stops at the first divergence (no shrinking: the judge needs a verdict and
 * the time it took, not a minimal case). It uses the campaign's own parts (arbitraryOf, checkCase,
 * roundSeed, roundSizes of harness/fuzz/campaign.ts), so it judges with exactly the cases and
 * comparisons `javm fuzz` uses; only the order of rounds differs: rounds of core, kernel and blob
 * cases in turn until the case budget is spent, then (for a mutant still alive) `scaleRounds` scale
 * rounds, whose cases take seconds each. Every round is replayable with
 * `javm fuzz --focus <focus> --seed <seed>` semantics: (focus, seed) names its cases, and the round
 * runs in the variant of the engines its seed names, as in `javm fuzz` (harness/fuzz/variants.ts:
 * the impl decoding lazily in tiny regions, on either tier, or compiling every block on first entry).
 */
import fc from 'fast-check';
import type { Engine } from '../engines.js';
import { arbitraryOf, checkCase, roundSeed, roundSizes } from '../fuzz/campaign.js';
import type { Focus } from '../fuzz/cases.js';
import { inVariantOf } from '../fuzz/variants.js';

export interface JudgeOptions {
  readonly seed: number;
  /** Cases of the fast foci (core, kernel, blob) in all. */
  readonly runs: number;
  /** Cases per fast round (each round one focus, one seed). */
  readonly roundRuns: number;
  /** Scale rounds (SCALE cases each) run after the fast foci found nothing. */
  readonly scaleRounds: number;
  /** Stop searching after this many ms (a safety net; the case budget normally ends the campaign first). */
  readonly timeMs: number;
}

/** The first divergence of a judged campaign. */
export interface Detection {
  readonly focus: Focus;
  readonly round: number;
  readonly seed: number;
  /** Cases run up to and including the failing one, over all rounds. */
  readonly cases: number;
  /** Milliseconds from the campaign's start to the failing case's verdict. */
  readonly ms: number;
  readonly kind: string;
  readonly summary: string;
  /** The round's variant of the engines (harness/fuzz/variants.ts), null for their defaults. */
  readonly variant: string | null;
}

export interface Verdict {
  readonly detection: Detection | null;
  readonly cases: number;
  readonly ms: number;
  /** true when the time limit, not the case budget, ended a campaign that found nothing. */
  readonly timedOut: boolean;
}

/** The default judge: 1500 fast cases (500 per focus), no scale round (scripts/mutation.mjs --scale-rounds); 75 s at most (under Stryker's timeout: 2 × the dry run + 30 s, stryker.config.mjs). */
export const JUDGE_DEFAULTS: JudgeOptions = { seed: 16, runs: 1500, roundRuns: 50, scaleRounds: 0, timeMs: 75_000 };

/** The rounds of a judged campaign: fast foci in turn for `runs` cases, then the scale rounds. */
export function judgeRounds(o: JudgeOptions): { focus: Focus; size: number }[] {
  const fast: Focus[] = ['core', 'kernel', 'blob'];
  const out: { focus: Focus; size: number }[] = [];
  for (let left = o.runs, r = 0; left > 0; r++) {
    const size = Math.min(o.roundRuns, left);
    out.push({ focus: fast[r % fast.length] ?? 'core', size });
    left -= size;
  }
  const scale = roundSizes(Infinity, ['scale']).scale;
  for (let r = 0; r < o.scaleRounds; r++) out.push({ focus: 'scale', size: scale });
  return out;
}

/** Runs the judged campaign of `engines` (reference first); the first divergence, or null when none was found. */
export function judge(engines: readonly [Engine, Engine], o: JudgeOptions = JUDGE_DEFAULTS): Verdict {
  const start = performance.now();
  let cases = 0;
  let detection: Detection | null = null;
  const rounds = judgeRounds(o);
  for (let round = 0; round < rounds.length && detection === null; round++) {
    const left = o.timeMs - (performance.now() - start);
    if (left <= 0) return { detection: null, cases, ms: performance.now() - start, timedOut: true };
    const { focus, size } = rounds[round] ?? { focus: 'core', size: 0 };
    const seed = roundSeed(o.seed, 0, round);
    inVariantOf(focus, seed, engines, (v, run) => {
      const property = fc.property(arbitraryOf(focus), (c) => {
        cases++;
        const d = checkCase(c, run).divergence;
        if (d !== null && detection === null) {
          detection = { focus, round, seed, cases, ms: performance.now() - start, kind: d.kind, summary: d.summary, variant: v?.name ?? null };
        }
        return d === null;
      });
      // endOnFailure: no shrinking; the time limit lets a round end early (fast-check then reports no failure)
      fc.check(property, { seed, numRuns: size, endOnFailure: true, interruptAfterTimeLimit: Math.max(1, left) });
    });
  }
  const ms = performance.now() - start;
  return { detection, cases, ms, timedOut: detection === null && ms >= o.timeMs };
}
