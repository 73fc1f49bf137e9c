/**
 * `javm fuzz`: the differential campaign (harness/fuzz/), or the replay of one case from its seed and
 * fast-check path, or of a regression vector file. Exit status: 0 no divergence, 1 divergences,
 * 2 bad flags, 130 interrupted (SIGINT/SIGTERM) without divergences.
 */
import { UsageError } from '../engines.js';
import { checkCase, replay } from '../fuzz/campaign.js';
import { CaseFormatError } from '../fuzz/cases.js';
import { defaultWorkers, exitStatus, failureReport, runCampaign } from '../fuzz/driver.js';
import { enginesFor } from '../fuzz/pair.js';
import { defaultRegressionDir, readRegression } from '../fuzz/regressions.js';
import { targetFuzzCommand } from './fuzz-target.js';
import { mergeFindings } from '../target/merge.js';
import { parseCount, parseDuration, parseFoci, seedOf, type FuzzFlags } from './fuzz-flags.js';
import type { Io } from './io.js';

export type { FuzzFlags } from './fuzz-flags.js';

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
