/**
 * `javm fuzz --target "<command>"`: the model against an external implementation speaking the
 * target protocol (harness/target/, vectors/TARGET.md). Exit status: 0 no new finding, 1 new findings,
 * 2 bad flags or a target that cannot be started, 130 interrupted without findings.
 */
import { UsageError } from '../engines.js';
import { TargetStartError } from '../target/client.js';
import { readExpect } from '../target/expect.js';
import { kitName } from '../version.js';
import { parseCount, parseDuration, parseFoci, seedOf, type FuzzFlags } from './fuzz-flags.js';
import type { Io } from './io.js';

/** Runs the campaign; returns the exit status. */
export async function targetFuzzCommand(flags: FuzzFlags, io: Io): Promise<number> {
  const command = flags.target ?? '';
  if (command.trim() === '') throw new UsageError('--target: give the command that starts your implementation (or unix:/path/to/socket)');
  for (const [flag, given] of [['--mutant', flags.mutant], ['--replay', flags.replay]] as const) {
    if (given !== undefined) throw new UsageError(`${flag} does not go with --target (use vectors verify --target to replay a finding file)`);
  }
  const foci = parseFoci(flags.focus);
  const seed = seedOf(flags.seed);
  if (flags.path !== undefined && (foci.length !== 1 || flags.seed === undefined)) throw new UsageError('--path needs one --focus and the --seed printed with the finding');
  const shardMatch = /^(\d+)\/(\d+)$/.exec(flags.shard ?? '0/1');
  const shard: [number, number] = shardMatch ? [Number(shardMatch[1]), Number(shardMatch[2])] : [-1, 0];
  if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) throw new UsageError(`--shard: '${flags.shard}' must be i/n with 0 ≤ i < n`);
  const runs = flags.runs === undefined ? Infinity : parseCount(flags.runs, '--runs');
  const timeMs = flags.time === undefined ? (flags.runs === undefined ? 60_000 : Infinity) : parseDuration(flags.time, '--time');
  if (timeMs <= 0) throw new UsageError(`--time: '${flags.time}' is no time at all (give e.g. 60s)`);
  const positive = (text: string, flag: string): number => {
    const ms = parseDuration(text, flag);
    if (ms <= 0) throw new UsageError(`${flag}: '${text}' must be more than zero`);
    return ms;
  };
  const stop = { stopped: false };
  const onSignal = (): void => {
    if (stop.stopped) process.exit(130); // a second Ctrl-C: leave at once
    stop.stopped = true;
    io.err('javm fuzz: interrupted; finishing the current case and printing the summary (Ctrl-C again to leave at once)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { runTargetCampaign } = await import('../target/campaign.js'); // loaded only for target campaigns
    const summary = await runTargetCampaign({
      command, foci, seed, timeMs, runs, shard,
      workers: flags.workers === undefined ? 1 : parseCount(flags.workers, '--workers'),
      timeoutMs: positive(flags.timeout, '--timeout'),
      handshakeMs: positive(flags.handshakeTimeout, '--handshake-timeout'),
      shrinkMs: parseDuration(flags.shrinkTime, '--shrink-time'),
      keepGoing: flags.keepGoing ?? false,
      expect: flags.expect === undefined ? [] : readExpect(flags.expect),
      outDir: flags.write ? flags.out ?? 'javm-findings' : null,
      progressMs: parseDuration(flags.progress, '--progress'),
      kit: kitName(),
      ...(flags.path === undefined ? {} : { path: flags.path }),
      stop,
    }, io);
    if (summary.findings.length > 0) return 1;
    return summary.interrupted ? 130 : 0;
  } catch (e) {
    if (e instanceof TargetStartError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
