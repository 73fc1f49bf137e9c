/**
 * A whole campaign: worker threads (or one in-process loop), a progress line (cases/s, spec rules
 * hit, divergences), failure reports with seed, path and a one-line replay command, regression
 * vectors written for each failure, and a final summary. Synchronous on purpose: the main thread
 * waits with Atomics.wait and reads the workers' ports with receiveMessageOnPort, so the CLI stays
 * a plain function returning an exit status.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { runLoop, type Failure, type Progress } from './campaign.js';
import type { Focus } from './cases.js';
import { RULES } from './coverage.js';

const RULE_SET: ReadonlySet<string> = new Set(RULES);
import { enginesFor } from './pair.js';
import { writeRegression } from './regressions.js';
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
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface Summary {
  readonly cases: number;
  readonly seconds: number;
  readonly byFocus: Readonly<Record<Focus, { cases: number; perSecond: number }>>;
  readonly rules: number;
  readonly failures: readonly Failure[];
  readonly files: readonly string[];
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The replay command of a failure. */
export function replayCommand(f: Failure, o: Pick<CampaignOptions, 'engines' | 'mutant' | 'stepwiseEvery'>): string {
  const mutant = o.mutant === null ? '' : ` --mutant ${o.mutant}`;
  return `npx javm fuzz --focus ${f.focus} --seed ${f.seed} --path ${f.path} --engines ${o.engines}${mutant} --stepwise-every ${o.stepwiseEvery}`;
}

/** The report of one failure, for people. */
export function failureReport(f: Failure, o: Pick<CampaignOptions, 'engines' | 'mutant' | 'stepwiseEvery'>, file: string | null): string[] {
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
  ];
}

/** Sleeps the calling thread (the main thread only waits for workers here). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The compiled worker next to this module, or null when running from TypeScript sources (tests). */
function workerScript(): string | null {
  const url = new URL('./worker.js', import.meta.url);
  const path = fileURLToPath(url);
  return path.endsWith('.js') && existsSync(path) && !import.meta.url.endsWith('.ts') ? path : null;
}

/** Runs a campaign; prints progress, failures and the summary; returns the summary. */
export function runCampaign(o: CampaignOptions, io: Output): Summary {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const { engines, note } = enginesFor(o.engines, o.mutant);
  const names = [engines[0].name, engines[1].name];
  const script = workerScript();
  const workers = script === null ? 1 : Math.max(1, o.workers);
  if (note !== null) io.err(`javm fuzz: ${note}`);
  const budget = `${Number.isFinite(o.timeMs) ? `${(o.timeMs / 1000).toFixed(0)} s` : 'no time limit'}${Number.isFinite(o.runs) ? `, ${fmt(o.runs)} cases` : ''}`;
  io.out(`javm fuzz: ${names.join(' vs ')}${o.mutant ? ` (mutant ${o.mutant})` : ''}, seed ${o.seed}, shard ${o.shard[0]}/${o.shard[1]}, ${workers} worker(s), focus ${o.foci.join(',')}, ${budget}`);
  const totals: Record<Focus, number> = { core: 0, kernel: 0, blob: 0 };
  const ms: Record<Focus, number> = { core: 0, kernel: 0, blob: 0 };
  const rules = new Set<string>();
  const unlisted = new Set<string>();
  const failures: Failure[] = [];
  const files: string[] = [];
  let lastLine = start;
  const onProgress = (p: Progress): void => {
    for (const f of ['core', 'kernel', 'blob'] as const) {
      totals[f] += p.cases[f];
      ms[f] += p.ms[f];
    }
    for (const r of p.rules) {
      if (RULE_SET.has(r)) rules.add(r);
      else unlisted.add(r); // a rule outcome the catalogue lacks: listed in the summary so the catalogue can grow
    }
    const now = performance.now();
    if (now - lastLine >= o.progressMs) {
      lastLine = now;
      const n = totals.core + totals.kernel + totals.blob;
      const s = (now - start) / 1000;
      io.out(`[${s.toFixed(0).padStart(4)} s] ${fmt(n)} cases (${fmt(n / s)}/s) | core ${fmt(totals.core)} kernel ${fmt(totals.kernel)} blob ${fmt(totals.blob)} | rules ${rules.size}/${RULES.length} | divergences ${failures.length}`);
    }
  };
  const onFailure = (f: Failure): void => {
    failures.push(f);
    const file = o.regressionDir === null ? null : writeRegression(o.regressionDir, f, names);
    if (file !== null) files.push(file);
    for (const line of failureReport(f, o, file)) io.out(line);
  };
  // per-stream budgets: runs split over all streams of this shard
  const runsEach = Number.isFinite(o.runs) ? Math.ceil(o.runs / workers) : Infinity;
  const stream = (w: number): number => o.shard[0] + o.shard[1] * w;
  if (script === null || workers === 1) {
    runLoop({
      engines, foci: o.foci, seed: o.seed, stream: stream(0), timeMs: o.timeMs, runs: runsEach, stepwiseEvery: o.stepwiseEvery,
      keepGoing: o.keepGoing, onProgress, onFailure,
    });
  } else {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const ports: MessagePort[] = [];
    const threads: Worker[] = [];
    for (let w = 0; w < workers; w++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = {
        port: port2, stop, engines: o.engines, mutant: o.mutant, foci: o.foci, seed: o.seed, stream: stream(w), timeMs: o.timeMs,
        runs: runsEach, stepwiseEvery: o.stepwiseEvery, keepGoing: o.keepGoing,
      };
      threads.push(new Worker(script, { workerData: input, transferList: [port2] }));
      ports.push(port1);
    }
    let running = workers;
    const hardStop = start + o.timeMs + 120_000; // a worker that neither reports nor ends (it crashed hard)
    while (running > 0) {
      sleep(50);
      if (performance.now() > hardStop) {
        io.err(`javm fuzz: ${running} worker(s) did not finish 120 s after the time budget; giving up on them`);
        break;
      }
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          const msg = m.message as { type: string; progress?: Progress; failure?: Failure; message?: string };
          if (msg.type === 'progress' && msg.progress) onProgress(msg.progress);
          else if (msg.type === 'failure' && msg.failure) {
            onFailure(msg.failure);
            if (!o.keepGoing) Atomics.store(stop, 0, 1);
          } else if (msg.type === 'error') {
            io.err(`javm fuzz: a worker failed: ${msg.message ?? ''}`);
            running--;
          } else if (msg.type === 'done') running--;
        }
      }
    }
    for (const t of threads) void t.terminate();
    for (const p of ports) p.close();
  }
  const seconds = (performance.now() - start) / 1000;
  const n = totals.core + totals.kernel + totals.blob;
  const byFocus = Object.fromEntries((['core', 'kernel', 'blob'] as const).map((f) => [f, { cases: totals[f], perSecond: ms[f] > 0 ? (totals[f] * 1000 * workers) / ms[f] : 0 }])) as Summary['byFocus'];
  io.out(`summary: ${fmt(n)} cases in ${seconds.toFixed(1)} s (${fmt(n / seconds)}/s on ${workers} worker(s)); ${o.foci.map((f) => `${f} ${fmt(byFocus[f].cases)} (${fmt(byFocus[f].perSecond)}/s)`).join(', ')}`);
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6; // the whole process: main thread and workers
  const msAll = ms.core + ms.kernel + ms.blob;
  const perCpu = (f: Focus): string => (ms[f] > 0 && cpuSeconds > 0 ? fmt(totals[f] / (cpuSeconds * (ms[f] / msAll))) : '0');
  io.out(`summary: ${cpuSeconds.toFixed(1)} CPU-seconds used (${((cpuSeconds / seconds) * 100).toFixed(0)}% of one core); per CPU-second: ${fmt(n / Math.max(cpuSeconds, 1e-9))} cases; ${o.foci.map((f) => `${f} ${perCpu(f)}`).join(', ')}`);
  if (unlisted.size > 0) io.out(`summary: outcomes seen outside the rule catalogue: ${[...unlisted].sort().join(', ')}`);
  io.out(`summary: spec rules hit ${rules.size}/${RULES.length}; divergences ${failures.length}${files.length > 0 ? `; regression vectors written: ${files.length}` : ''}; seed ${o.seed}`);
  return { cases: n, seconds, byFocus, rules: rules.size, failures, files };
}

/** Default worker count: every core. */
export const defaultWorkers = (): number => availableParallelism();
