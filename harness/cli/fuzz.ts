/**
 * `javm fuzz`: the differential campaign (harness/fuzz/), or the replay of one case from its seed and
 * fast-check path, or of a regression vector file. Exit status: 0 no divergence, 1 divergences,
 * 2 bad flags, 130 interrupted (SIGINT/SIGTERM) without divergences.
 */
import { randomInt } from 'node:crypto';
import { UsageError } from '../engines.js';
import { checkCase, replay } from '../fuzz/campaign.js';
import { CaseFormatError, FOCI, type Focus } from '../fuzz/cases.js';
import { defaultWorkers, exitStatus, failureReport, runCampaign } from '../fuzz/driver.js';
import { enginesFor } from '../fuzz/pair.js';
import { defaultRegressionDir, readRegression } from '../fuzz/regressions.js';
import { targetFuzzCommand } from './fuzz-target.js';
import { mergeFindings } from '../target/merge.js';
import type { Io } from './io.js';

export interface FuzzFlags {
  time?: string;
  runs?: string;
  seed?: string;
  workers?: string;
  shard?: string;
  focus: string;
  engines: string;
  path?: string;
  replay?: string;
  mutant?: string;
  keepGoing?: boolean;
  write: boolean;
  out?: string;
  stepwiseEvery: string;
  progress: string;
  /** With --target: the external implementation's command (harness/target/, vectors/TARGET.md). */
  target?: string;
  timeout: string;
  handshakeTimeout: string;
  shrinkTime: string;
  expect?: string;
}

/** "60s", "2m", "500ms", "60" (seconds) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new UsageError(`${flag}: '${text}' is not a duration (e.g. 60s, 2m, 500ms)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export function parseCount(text: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag}: '${text}' is not a whole number ≥ ${min}`);
  return Number(text);
}

export function parseFoci(text: string): Focus[] {
  if (text === 'all') return [...FOCI];
  const foci = text.split(',').map((s) => s.trim());
  for (const f of foci) if (!FOCI.includes(f as Focus)) throw new UsageError(`--focus: '${f}' is not a focus (choose core, kernel, blob, scale or all)`);
  return foci as Focus[];
}

/** The campaign seed: --seed, else JAVM_SEED, else random (always printed). */
export function seedOf(flag: string | undefined): number {
  const text = flag ?? process.env.JAVM_SEED;
  if (text === undefined || text === '') return randomInt(0, 2 ** 31);
  if (!/^\d+$/.test(text) || Number(text) >= 2 ** 32) throw new UsageError(`--seed: '${text}' is not a u32 (decimal)`);
  return Number(text);
}

/** Runs the command; returns the exit status (a promise of it when fuzzing an external target). */
export function fuzzCommand(flags: FuzzFlags, io: Io): number | Promise<number> {
  if (flags.target !== undefined) return targetFuzzCommand(flags, io);
  const stepwiseEvery = parseCount(flags.stepwiseEvery, '--stepwise-every', 0);
  const mutant = flags.mutant ?? null;
  if (flags.replay !== undefined) {
    let r;
    try {
      r = readRegression(flags.replay);
    } catch (e) {
      if (e instanceof CaseFormatError) throw new UsageError(e.message);
      throw e;
    }
    const { engines, note } = enginesFor(flags.engines, mutant);
    if (note !== null) io.err(`javm fuzz: ${note}`);
    const d = checkCase(r.case, engines, stepwiseEvery).divergence;
    io.out(d === null ? `${r.name}: PASS (${engines[0].name} and ${engines[1].name} agree)` : `${r.name}: FAIL ${d.summary}`);
    for (const line of d?.details ?? []) io.out(`  ${line}`);
    return d === null ? 0 : 1;
  }
  const foci = parseFoci(flags.focus);
  const seed = seedOf(flags.seed);
  if (flags.path !== undefined) {
    if (foci.length !== 1 || flags.seed === undefined) throw new UsageError('--path needs one --focus and the --seed of the failing round');
    const { engines, note } = enginesFor(flags.engines, mutant);
    if (note !== null) io.err(`javm fuzz: ${note}`);
    const f = replay(foci[0] ?? 'kernel', seed, flags.path, engines, stepwiseEvery);
    if (f === null) {
      io.out(`replay: the case at seed ${seed} path ${flags.path} passes (${engines[0].name} and ${engines[1].name} agree)`);
      return 0;
    }
    for (const line of failureReport(f, { engines: flags.engines, mutant, stepwiseEvery }, null)) io.out(line);
    return 1;
  }
  const shardMatch = /^(\d+)\/(\d+)$/.exec(flags.shard ?? '0/1');
  const shard: [number, number] = shardMatch ? [Number(shardMatch[1]), Number(shardMatch[2])] : [-1, 0];
  if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) throw new UsageError(`--shard: '${flags.shard}' must be i/n with 0 ≤ i < n`);
  const runs = flags.runs === undefined ? Infinity : parseCount(flags.runs, '--runs');
  const timeMs = flags.time === undefined ? (flags.runs === undefined ? 60_000 : Infinity) : parseDuration(flags.time, '--time');
  if (timeMs < 1) throw new UsageError(`--time: '${flags.time ?? ''}' is an empty budget (give at least 1ms, e.g. 60s)`);
  return runCampaign({
    engines: flags.engines, mutant, foci, seed, timeMs, runs,
    workers: flags.workers === undefined ? defaultWorkers() : parseCount(flags.workers, '--workers'),
    shard, stepwiseEvery, keepGoing: flags.keepGoing ?? false,
    regressionDir: flags.write ? flags.out ?? defaultRegressionDir() : null,
    progressMs: parseDuration(flags.progress, '--progress'),
  }, io).then(exitStatus);
}

/** `javm fuzz merge`: one finding per class from many campaigns' folders; prints the classes with their counts. */
export function mergeCommand(dirs: readonly string[], flags: { out?: string }, io: Io): number {
  const classes = mergeFindings(dirs, flags.out ?? null);
  for (const c of classes) io.out(`${String(c.count).padStart(6)}  ${c.key}${c.file === '' ? '' : `  -> ${c.file}`}`);
  io.out(`${classes.reduce((a, c) => a + c.count, 0)} findings in ${classes.length} classes from ${dirs.length} folder(s)`);
  return 0;
}
