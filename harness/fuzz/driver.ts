/**
 * A whole campaign: worker threads (or one in-process loop), a progress line (cases/s, spec rules
 * hit, divergences), failure reports with seed, path and a one-line replay command, regression
 * vectors written for each failure, and a final summary ending in a one-line verdict.
 * Asynchronous so that SIGINT and SIGTERM can end it with its summary: a JS signal handler runs only
 * when the main thread's event loop turns, so the in-process loop yields between rounds (a round is
 * at most 100 cases) and the main thread waits for the workers on timers, reading their ports with
 * receiveMessageOnPort. On a signal the loops stop (workers at once, via a shared flag), the summary
 * is printed with what was found so far, regression vectors already written stay, and the campaign
 * reports itself interrupted (exit status 130, or 1 when it found divergences).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Engine } from '../engines.js';
import { runLoopAsync, type Failure, type Progress } from './campaign.js';
import { FOCI, zeroByFocus, type Focus } from './cases.js';
import { REACH, RULES } from './coverage.js';

const RULE_SET: ReadonlySet<string> = new Set(RULES);
import { enginesFor } from './pair.js';
import { writeRegression, writeRegressionVector } from './regressions.js';
import { writeEnginesPage } from '../report/run.js';
import type { WorkerInput } from './worker.js';

export interface CampaignOptions {
  readonly engines: string;
  readonly mutant: string | null;
  readonly foci: readonly Focus[];
  readonly seed: number;
  readonly timeMs: number;
  readonly runs: number;
  readonly workers: number;
  readonly shard: readonly [number, number];
  readonly stepwiseEvery: number;
  readonly keepGoing: boolean;
  /** Where to write regression vectors; null = do not write. */
  readonly regressionDir: string | null;
  readonly progressMs: number;
  /** The two engines themselves instead of `engines`/`mutant` names (tests; runs in-process). */
  readonly enginePair?: readonly [Engine, Engine];
  /** Stop with the summary on SIGINT/SIGTERM (default true). */
  readonly handleSignals?: boolean;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface Summary {
  readonly cases: number;
  readonly seconds: number;
  readonly byFocus: Readonly<Record<Focus, { cases: number; perSecond: number }>>;
  /** Cases that reached each size class of coverage.ts REACH (the scale focus's deep chains, big DATA and CODE caps). */
  readonly reach: Readonly<Record<string, number>>;
  readonly rules: number;
  readonly failures: readonly Failure[];
  readonly files: readonly string[];
  /** The signal that ended the campaign early, or null. */
  readonly interrupted: NodeJS.Signals | null;
}

/** The exit status of a campaign: 1 with divergences, else 130 when interrupted, else 0. */
export const exitStatus = (s: Summary): number => (s.failures.length > 0 ? 1 : s.interrupted !== null ? 130 : 0);

/** The last line of a campaign: PASS, FAIL or INTERRUPTED, with the counts and the seed. */
export function verdict(s: Summary, seed: number): string {
  const plural = (n: number, word: string): string => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
  const cut = s.interrupted === null ? '' : `, interrupted by ${s.interrupted}`;
  if (s.failures.length === 0) {
    return `verdict: ${s.interrupted === null ? 'PASS' : 'INTERRUPTED'} — ${plural(s.cases, 'case')}, 0 divergences${s.interrupted === null ? '' : ' so far'}${cut} (seed ${seed})`;
  }
  const flaky = s.failures.filter((f) => f.reproduced === false).length;
  return `verdict: FAIL — ${plural(s.failures.length, 'divergence')} in ${plural(s.cases, 'case')}${flaky > 0 ? ` (${fmt(flaky)} did not reproduce)` : ''}${
    s.files.length > 0 ? `, ${plural(s.files.length, 'regression vector')} written` : ''}${cut} (seed ${seed})`;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** A rate: one decimal below 10 (scale cases run a few per second). */
const fmtRate = (r: number): string => (r > 0 && r < 10 ? r.toFixed(1) : fmt(r));

/** The replay command of a failure. */
export function replayCommand(f: Failure, o: Pick<CampaignOptions, 'engines' | 'mutant' | 'stepwiseEvery'>): string {
  const mutant = o.mutant === null ? '' : ` --mutant ${o.mutant}`;
  return `npx javm fuzz --focus ${f.focus} --seed ${f.seed} --path ${f.path} --engines ${o.engines}${mutant} --stepwise-every ${o.stepwiseEvery}`;
}

/**
 * The report of one failure, for people. `vector`: the ordinary vector written next to the regression
 * file `file`, or why there is none (omitted: not said).
 */
export function failureReport(
  f: Failure, o: Pick<CampaignOptions, 'engines' | 'mutant' | 'stepwiseEvery'>, file: string | null,
  vector?: { readonly file: string | null; readonly why: string | null },
): string[] {
  return [
    `DIVERGENCE [${f.focus}] ${f.divergence.summary}`,
    ...f.divergence.details.slice(0, 14).map((d) => `  ${d}`),
    `  localised: ${f.localisation.split('\n').join('\n  ')}`,
    `  case (shrunk in ${f.shrinks} steps):`,
    ...f.case.text.slice(0, 40).map((t) => `    ${t}`),
    ...(f.case.text.length > 40 ? [`    ... ${f.case.text.length - 40} more lines`] : []),
    `  seed ${f.seed} path ${f.path}`,
    `  replay: ${replayCommand(f, o)}`,
    ...(file === null ? [] : [`  regression vector: ${relative(process.cwd(), file) || file}`]),
    ...(file === null || vector === undefined ? [] : vector.file !== null
      ? [`  as an ordinary vector: ${relative(process.cwd(), vector.file) || vector.file}  (npx javm vectors verify ${relative(process.cwd(), vector.file) || vector.file})`]
      : [`  no ordinary vector written: ${vector.why ?? 'no reason given'}`]),
  ];
}

/** Waits without blocking the event loop (signal handlers run meanwhile). */
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long workers may take to stop after an interrupt before they are terminated. */
const INTERRUPT_GRACE_MS = 10_000;

/** The compiled worker next to this module, or null when running from TypeScript sources (tests). */
function workerScript(): string | null {
  const url = new URL('./worker.js', import.meta.url);
  const path = fileURLToPath(url);
  return path.endsWith('.js') && existsSync(path) && !import.meta.url.endsWith('.ts') ? path : null;
}

/**
 * Runs a campaign; prints progress, failures and the summary; resolves to the summary. Bad engine or
 * mutant names throw (a UsageError) before anything runs, synchronously.
 */
export function runCampaign(o: CampaignOptions, io: Output): Promise<Summary> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const { engines, note } = o.enginePair === undefined ? enginesFor(o.engines, o.mutant) : { engines: o.enginePair, note: null };
  const names = [engines[0].name, engines[1].name];
  const script = o.enginePair === undefined ? workerScript() : null;
  const workers = script === null ? 1 : Math.max(1, o.workers);
  if (note !== null) io.err(`javm fuzz: ${note}`);
  const budget = `${Number.isFinite(o.timeMs) ? `${(o.timeMs / 1000).toFixed(0)} s` : 'no time limit'}${Number.isFinite(o.runs) ? `, ${fmt(o.runs)} cases` : ''}`;
  io.out(`javm fuzz: ${names.join(' vs ')}${o.mutant ? ` (mutant ${o.mutant})` : ''}, seed ${o.seed}, shard ${o.shard[0]}/${o.shard[1]}, ${workers} worker(s), focus ${o.foci.join(',')}, ${budget}`);
  const totals = zeroByFocus();
  const ms = zeroByFocus();
  const reach: Record<string, number> = Object.fromEntries(REACH.map((r) => [r, 0]));
  const rules = new Set<string>();
  const unlisted = new Set<string>();
  const failures: Failure[] = [];
  const files: string[] = [];
  let lastLine = start;
  const onProgress = (p: Progress): void => {
    for (const f of FOCI) {
      totals[f] += p.cases[f];
      ms[f] += p.ms[f];
    }
    for (const [r, k] of Object.entries(p.reach)) reach[r] = (reach[r] ?? 0) + k;
    for (const r of p.rules) {
      if (RULE_SET.has(r)) rules.add(r);
      else unlisted.add(r); // a rule outcome the catalogue lacks: listed in the summary so the catalogue can grow
    }
    const now = performance.now();
    if (now - lastLine >= o.progressMs) {
      lastLine = now;
      const n = FOCI.reduce((a, f) => a + totals[f], 0);
      const s = (now - start) / 1000;
      io.out(`[${s.toFixed(0).padStart(4)} s] ${fmt(n)} cases (${fmtRate(n / s)}/s) | ${FOCI.map((f) => `${f} ${fmt(totals[f])}`).join(' ')} | rules ${rules.size}/${RULES.length} | divergences ${failures.length}`);
    }
  };
  const onFailure = (f: Failure): void => {
    failures.push(f);
    // a divergence whose shrunk case passed on its re-run is reported, never written: a regression vector must fail alone
    const file = o.regressionDir === null || f.reproduced === false ? null : writeRegression(o.regressionDir, f, names);
    // and its twin in the ordinary vector format, for `javm vectors verify` on any implementation (none when the model does not end the case)
    const vector = file === null || o.regressionDir === null ? undefined : writeRegressionVector(o.regressionDir, file);
    if (file !== null) files.push(file);
    for (const line of failureReport(f, o, file, vector)) io.out(line);
    // and its divergence page next to the vector (harness/report/): the two engines' traces around the first differing step
    if (vector?.file != null) {
      const page = writeEnginesPage(vector.file, engines[1], engines[0]);
      io.out(page.file !== null ? `  divergence page: ${relative(process.cwd(), page.file) || page.file}` : `  no divergence page: ${page.why ?? 'no reason given'}`);
    }
    if (f.reproduced === false && o.regressionDir !== null) io.out('  not written as a regression vector: the shrunk case passed when run again');
  };
  // per-stream budgets: runs split over all streams of this shard
  const runsEach = Number.isFinite(o.runs) ? Math.ceil(o.runs / workers) : Infinity;
  const stream = (w: number): number => o.shard[0] + o.shard[1] * w;
  // SIGINT/SIGTERM: the first stops the loops (workers at once: stop = 2); a second stops waiting for the workers
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let interrupted: NodeJS.Signals | null = null;
  let interruptedAt = 0;
  let forced = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted !== null) {
      forced = true;
      return;
    }
    interrupted = signal;
    interruptedAt = performance.now();
    Atomics.store(stop, 0, 2);
    io.err(`javm fuzz: ${signal}: stopping; the summary follows`);
  };
  const signals: NodeJS.Signals[] = o.handleSignals === false ? [] : ['SIGINT', 'SIGTERM'];
  for (const sig of signals) process.on(sig, onSignal);

  const loops = async (): Promise<void> => {
    if (script === null || workers === 1) {
      await runLoopAsync({
        engines, foci: o.foci, seed: o.seed, stream: stream(0), timeMs: o.timeMs, runs: runsEach, stepwiseEvery: o.stepwiseEvery,
        keepGoing: o.keepGoing, onProgress, onFailure, shouldStop: () => interrupted !== null,
      });
      return;
    }
    const ports: MessagePort[] = [];
    const threads: Worker[] = [];
    const finished: boolean[] = [];
    const drain = (): void => {
      ports.forEach((port, w) => {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          const msg = m.message as { type: string; progress?: Progress; failure?: Failure; message?: string };
          if (msg.type === 'progress' && msg.progress) onProgress(msg.progress);
          else if (msg.type === 'failure' && msg.failure) {
            onFailure(msg.failure);
            if (!o.keepGoing) Atomics.compareExchange(stop, 0, 0, 1); // an interrupt (2) stays
          } else if (msg.type === 'error') {
            io.err(`javm fuzz: a worker failed: ${msg.message ?? ''}`);
            finished[w] = true;
          } else if (msg.type === 'done') finished[w] = true;
        }
      });
    };
    for (let w = 0; w < workers; w++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = {
        port: port2, stop, engines: o.engines, mutant: o.mutant, foci: o.foci, seed: o.seed, stream: stream(w), timeMs: o.timeMs,
        runs: runsEach, stepwiseEvery: o.stepwiseEvery, keepGoing: o.keepGoing,
      };
      const t = new Worker(script, { workerData: input, transferList: [port2] });
      finished.push(false);
      // a worker that dies without its 'done' (the event loop turns now, so these events arrive)
      t.on('error', (e) => {
        drain();
        if (!finished[w]) io.err(`javm fuzz: a worker failed: ${e instanceof Error ? e.message : String(e)}`);
        finished[w] = true;
      });
      t.on('exit', () => {
        drain();
        finished[w] = true;
      });
      threads.push(t);
      ports.push(port1);
    }
    const hardStop = start + o.timeMs + 120_000; // a worker that neither reports nor ends (it crashed hard)
    for (;;) {
      drain();
      const running = finished.filter((f) => !f).length;
      if (running === 0) break;
      if (performance.now() > hardStop) {
        io.err(`javm fuzz: ${running} worker(s) did not finish 120 s after the time budget; giving up on them`);
        break;
      }
      if (interrupted !== null && (forced || performance.now() - interruptedAt > INTERRUPT_GRACE_MS)) {
        io.err(`javm fuzz: ${running} worker(s) did not stop after the interrupt; their last round is lost`);
        break;
      }
      await delay(50);
    }
    drain();
    for (const t of threads) {
      t.removeAllListeners();
      t.on('error', () => {}); // its ports are closed: nothing more to hear from it
      void t.terminate();
    }
    for (const p of ports) p.close();
  };

  return loops().finally(() => {
    for (const sig of signals) process.off(sig, onSignal);
  }).then((): Summary => {
    const seconds = (performance.now() - start) / 1000;
    const n = FOCI.reduce((a, f) => a + totals[f], 0);
    const byFocus = Object.fromEntries(FOCI.map((f) => [f, { cases: totals[f], perSecond: ms[f] > 0 ? (totals[f] * 1000 * workers) / ms[f] : 0 }])) as Summary['byFocus'];
    // the scale focus also says how many of its cases reached each size class
    const reached = (f: Focus): string => (f === 'scale' ? `; ${REACH.map((r) => `${fmt(reach[r] ?? 0)} reached ${r}`).join(', ')}` : '');
    io.out(`summary: ${fmt(n)} cases in ${seconds.toFixed(1)} s (${fmt(n / seconds)}/s on ${workers} worker(s)); ${o.foci.map((f) => `${f} ${fmt(byFocus[f].cases)} (${fmtRate(byFocus[f].perSecond)}/s${reached(f)})`).join(', ')}`);
    const used = process.cpuUsage(cpu0);
    const cpuSeconds = (used.user + used.system) / 1e6; // the whole process: main thread and workers
    const msAll = FOCI.reduce((a, f) => a + ms[f], 0);
    const perCpu = (f: Focus): string => fmtRate(ms[f] > 0 && cpuSeconds > 0 ? totals[f] / (cpuSeconds * (ms[f] / msAll)) : 0);
    io.out(`summary: ${cpuSeconds.toFixed(1)} CPU-seconds used (${((cpuSeconds / seconds) * 100).toFixed(0)}% of one core); per CPU-second: ${fmt(n / Math.max(cpuSeconds, 1e-9))} cases; ${o.foci.map((f) => `${f} ${perCpu(f)}`).join(', ')}`);
    if (unlisted.size > 0) io.out(`summary: outcomes seen outside the rule catalogue: ${[...unlisted].sort().join(', ')}`);
    io.out(`summary: spec rules hit ${rules.size}/${RULES.length}; divergences ${failures.length}${files.length > 0 ? `; regression vectors written: ${files.length}` : ''}; seed ${o.seed}`);
    const summary: Summary = { cases: n, seconds, byFocus, reach, rules: rules.size, failures, files, interrupted };
    io.out(verdict(summary, o.seed));
    return summary;
  });
}

/** Default worker count: every core. */
export const defaultWorkers = (): number => availableParallelism();
