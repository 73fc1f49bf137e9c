/**
 * `npm run bench`: instructions per second of every engine in harness/engines.ts (jar1 through its
 * kernel, gp on its core) and of the peer interpreters (gp only), on every workload, with speed ratios
 * against the peers measured in the same run. Each measurement: a warm-up (one run that also checks
 * the result, then up to WARM_UP_RUNS - 1 more while under WARM_UP_MS: the JS engine optimizes
 * a program's hot functions during its first runs), then the best wall time of several runs. A timed run is one whole invocation: jar1 = load
 * the blob + run to the kernel's exit (host calls answered; no snapshot), gp = parse + run to the
 * halt. A full garbage collection runs between runs, untimed, so that no run pays for the garbage of
 * the one before (the run's own garbage is collected inside it, as in real use). The model is slow,
 * so it runs smaller sizes.
 */
import { cpus, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ENGINES } from '../engines.js';
import { PEERS } from './peers.js';
import { mismatches, runGp, runJar1, type RunOutcome } from './run.js';
import { WORKLOADS, type Workload, type WorkloadCase } from './workloads.js';

const HELP = `usage: npm run bench -- [options]

Measures instructions per second (the engine's instruction count / wall time, best of N runs after
up to 3 warm-up runs (the first one's result is checked; the others only within 0.5 s); a run is one whole invocation: jar1 load + run to the kernel's exit,
gp parse + run to the halt; a full GC runs between runs, untimed) of each engine of the kit (${Object.keys(ENGINES).join(', ')}) in the
jar1 and gp profiles, and of the peer interpreters ${PEERS.map((p) => p.name).join(', ')} (gp), on each workload.

options:
  --workload <names>   comma-separated workloads (default all): ${WORKLOADS.map((w) => w.name).join(', ')}, target, scaling, trace
                       (target: cases per second through the target protocol, harness/bench/target.ts;
                       scaling: model time per VM, model core rate, impl memory per code byte, impl 65,535 VMs,
                       harness/bench/scaling.ts; trace: impl trace records per second to a JSON-lines file,
                       peak heap, against the untraced impl, harness/bench/trace.ts)
  --engine <names>     comma-separated engines and peers (default all)
  --profile <p>        jar1 or gp (default both)
  --runs <n>           timed runs per measurement (default 3; --quick 1)
  --quick              a quick look: smaller sizes and one timed run
  --help               this text`;

/**
 * Sizes other than the workload's own (which fast engines and peers use in a full run): for --quick,
 * and for the model, which interprets under a million instructions a second.
 */
const SIZES: Readonly<Record<string, { readonly quick: number; readonly model: number; readonly modelQuick: number }>> = {
  'fib-loop': { quick: 100_000, model: 100_000, modelQuick: 10_000 },
  sort: { quick: 256, model: 256, modelQuick: 64 },
  sieve: { quick: 10_000, model: 10_000, modelQuick: 1_000 },
  sha3: { quick: 4, model: 2, modelQuick: 1 },
  ecalli: { quick: 10_000, model: 2_000, modelQuick: 200 },
  'fib-vms': { quick: 15, model: 12, modelQuick: 8 },
  'call-chain': { quick: 16_384, model: 1_024, modelQuick: 256 },
};

/** The size a runner uses for a workload. */
function sizeFor(w: Workload, model: boolean, quick: boolean): number {
  const s = SIZES[w.name];
  if (s === undefined) return w.size;
  return model ? (quick ? s.modelQuick : s.model) : quick ? s.quick : w.size;
}

/** A runnable thing: an engine of the kit in one profile, or a peer. */
interface Runner {
  readonly name: string;
  readonly profile: 'jar1' | 'gp';
  readonly peer: boolean;
  /** final: the checked warm-up run wants the final registers; timed runs pass false and may skip reading them. */
  readonly run: (c: WorkloadCase, final: boolean) => RunOutcome;
  readonly size: (w: Workload) => number;
  /** Untimed work between runs. */
  readonly cleanup: () => void;
}

export interface Measurement {
  readonly workload: string;
  readonly runner: string;
  readonly profile: 'jar1' | 'gp';
  readonly size: number;
  readonly steps: number;
  readonly bestMs: number;
  readonly perSecond: number;
  readonly problem: string | null;
}

class BenchUsageError extends Error {}

/** V8's full garbage collection (global.gc, exposed on demand when node was started without --expose-gc). */
function fullGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const collect = fullGc();

function listOption(value: string | undefined, known: readonly string[], flag: string): Set<string> | null {
  if (value === undefined) return null;
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = names.filter((n) => !known.includes(n));
  if (bad.length > 0) throw new BenchUsageError(`${flag}: unknown ${bad.join(', ')} (choose from ${known.join(', ')})`);
  return new Set(names);
}

/** Warm-up runs before the timed ones: at most this many, and no more once this much time went by. */
const WARM_UP_RUNS = 3;
const WARM_UP_MS = 500;

/** One measurement: warm-up (the first run checked), then the best of `runs` timed runs, stopping early past a time cap. */
function measure(w: Workload, r: Runner, runs: number): Measurement {
  const size = r.size(w);
  const base = { workload: w.name, runner: r.name, profile: r.profile, size };
  const c = w.build(size);
  let first: RunOutcome;
  try {
    first = r.run(c, true);
    r.cleanup();
    collect();
  } catch (e) {
    return { ...base, steps: 0, bestMs: 0, perSecond: 0, problem: `error: ${e instanceof Error ? e.message : String(e)}`.slice(0, 120) };
  }
  const wrong = mismatches(c, first);
  if (wrong.length > 0) return { ...base, steps: first.steps, bestMs: 0, perSecond: 0, problem: `WRONG RESULT: ${wrong.join('; ')}` };
  const warm = performance.now();
  for (let k = 1; k < WARM_UP_RUNS && performance.now() - warm < WARM_UP_MS; k++) {
    r.run(c, false);
    r.cleanup();
    collect();
  }
  let best = Infinity;
  const start = performance.now();
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    r.run(c, false);
    best = Math.min(best, performance.now() - t);
    r.cleanup();
    collect();
    if (performance.now() - start > 8_000) break; // time cap per measurement
  }
  return { ...base, steps: first.steps, bestMs: best, perSecond: first.steps / (best / 1000), problem: null };
}

function runnersFor(engines: Set<string> | null, profiles: Set<string> | null, quick: boolean): Runner[] {
  const out: Runner[] = [];
  const want = (name: string, profile: 'jar1' | 'gp'): boolean => (engines === null || engines.has(name)) && (profiles === null || profiles.has(profile));
  for (const e of Object.values(ENGINES)) {
    const size = (w: Workload): number => sizeFor(w, e.name === 'model', quick);
    if (want(e.name, 'jar1')) out.push({ name: e.name, profile: 'jar1', peer: false, run: (c, final) => runJar1(e.kernel, c, final), size, cleanup: () => {} });
    if (want(e.name, 'gp')) out.push({ name: e.name, profile: 'gp', peer: false, run: (c) => runGp(e.core, c), size, cleanup: () => {} });
  }
  for (const p of PEERS) if (want(p.name, 'gp')) out.push({ name: p.name, profile: 'gp', peer: true, run: (c) => p.run(c), size: (w) => sizeFor(w, false, quick), cleanup: () => p.cleanup?.() });
  return out;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtRate = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(1)} k/s`);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The table rows of one workload, with ratios against each peer's gp speed in this run. */
function report(w: Workload, ms: readonly Measurement[], peers: readonly string[]): string[] {
  const peerRate = new Map(ms.filter((m) => peers.includes(m.runner) && m.problem === null).map((m) => [m.runner, m.perSecond]));
  return ms.map((m) => {
    const head = `${pad(w.name, 10)} ${pad(m.profile, 5)} ${pad(m.runner, 10)} ${lpad(`${w.unit}=${fmtInt(m.size)}`, 16)}`;
    if (m.problem !== null) return `${head}  ${m.problem}`;
    const ratios = peers.map((p) => {
      const r = peerRate.get(p);
      return lpad(r === undefined || p === m.runner ? '-' : `${(m.perSecond / r).toFixed(m.perSecond / r < 0.1 ? 3 : 2)}x`, 14);
    });
    return `${head} ${lpad(fmtInt(m.steps), 12)} ${lpad(m.bestMs.toFixed(1), 9)} ${lpad(fmtRate(m.perSecond), 11)}${ratios.join('')}`;
  });
}

/** Runs the benchmark; returns the process exit status. */
export function main(argv: readonly string[], out: (line: string) => void = console.log): number {
  let opts;
  try {
    opts = parseArgs({ args: [...argv], options: {
      workload: { type: 'string' }, engine: { type: 'string' }, profile: { type: 'string' }, runs: { type: 'string' },
      quick: { type: 'boolean' }, help: { type: 'boolean' },
    }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    out(`bench: ${e instanceof Error ? e.message : String(e)} (see --help)`);
    return 2;
  }
  if (opts.help) {
    out(HELP);
    return 0;
  }
  let workloads: Set<string> | null;
  let engines: Set<string> | null;
  let profiles: Set<string> | null;
  const runs = opts.runs === undefined ? (opts.quick ? 1 : 3) : Number(opts.runs);
  try {
    workloads = listOption(opts.workload, WORKLOADS.map((w) => w.name), '--workload');
    engines = listOption(opts.engine, [...Object.keys(ENGINES), ...PEERS.map((p) => p.name)], '--engine');
    profiles = listOption(opts.profile, ['jar1', 'gp'], '--profile');
    if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new BenchUsageError(`--runs: '${opts.runs}' is not a whole number 1..100`);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    out(`bench: ${e.message}`);
    return 2;
  }
  const quick = opts.quick ?? false;
  const runners = runnersFor(engines, profiles, quick);
  const peers = runners.filter((r) => r.peer).map((r) => r.name);
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  out(`javm-kit bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${platform()} ${release()}, ${cpu} (${cpus().length} cores)`);
  out(`best of ${runs} timed run(s) after up to ${WARM_UP_RUNS} warm-up runs (the first checked, the others within ${WARM_UP_MS} ms); instructions = the engine's own count (peers: gas used, 1 per instruction in gp).`);
  if (runners.some((r) => r.name === 'model')) {
    const sizes = WORKLOADS.map((w) => `${w.name} ${fmtInt(sizeFor(w, true, quick))}`).join(', ');
    out(`the model is slow and runs smaller sizes (${sizes}): compare its instructions per second, not its times.`);
  }
  out('');
  out(`${pad('workload', 10)} ${pad('prof', 5)} ${pad('engine', 10)} ${lpad('size', 16)} ${lpad('instructions', 12)} ${lpad('best ms', 9)} ${lpad('instr/s', 11)}${peers.map((p) => lpad(`vs ${p}`, 14)).join('')}`);
  let failed = false;
  for (const w of WORKLOADS) {
    if (workloads !== null && !workloads.has(w.name)) continue;
    const ms: Measurement[] = [];
    for (const r of runners) {
      if (r.profile === 'gp' && w.build(1).gp === null) continue;
      ms.push(measure(w, r, runs));
    }
    for (const line of report(w, ms, peers)) out(line);
    failed ||= ms.some((m) => m.problem !== null && m.problem.startsWith('WRONG'));
  }
  out('');
  out('ratios: instructions per second of the row divided by the peer\'s, both measured in this run (gp workloads).');
  return failed ? 1 : 0;
}

/** Sections that are not instruction workloads, selected by --workload like them (default: all). */
const SECTIONS = ['target', 'scaling', 'trace'] as const;

/** The whole bench: the instruction workloads (main), then the target-protocol, scaling and trace sections when selected. */
export async function mainAll(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const args = [...argv];
  const k = args.indexOf('--workload');
  const names = k >= 0 ? (args[k + 1] ?? '').split(',').map((x) => x.trim()) : null;
  const wanted = (section: string): boolean => names === null || names.includes(section);
  if (names !== null) {
    const rest = names.filter((x) => !(SECTIONS as readonly string[]).includes(x));
    if (rest.length === 0) args.splice(k, 2);
    else args[k + 1] = rest.join(',');
  }
  const onlySections = names !== null && names.every((x) => (SECTIONS as readonly string[]).includes(x));
  let status = onlySections ? 0 : main(args, out);
  if (status !== 0 || args.includes('--help') || args.includes('-h')) return status;
  if (wanted('target')) {
    const { benchTarget } = await import('./target.js');
    await benchTarget(out, args.includes('--quick'));
  }
  if (wanted('scaling')) {
    const { benchScaling } = await import('./scaling.js');
    if (!(await benchScaling(out, args.includes('--quick')))) status = 1;
  }
  if (wanted('trace')) {
    const { benchTrace } = await import('./trace.js');
    if (!(await benchTrace(out, args.includes('--quick')))) status = 1;
  }
  return status;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await mainAll(process.argv.slice(2));
