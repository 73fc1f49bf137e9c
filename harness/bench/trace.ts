/**
 * The trace section of `npm run bench` (workload `trace`, issue 13): how fast `javm trace --json --out`
 * streams the impl's records to a file, and whether memory stays flat however long the trace. The
 * fib-loop workload (harness/bench/workloads.ts; 5 instructions an iteration, about 10^6 records) in
 * jar1 (through the kernel) and gp (on the core), traced to a new temporary file as the command does
 * (harness/trace/impl.ts, the JSON-lines fast path); and, in the same run, the untraced impl on the
 * same case, for the cost of tracing. Best of 3 timed runs after a checked warm-up run; a full GC and
 * the file's removal between runs, untimed.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { implCore } from '../../impl/index.js';
import { implKernel } from '../../impl/kernel/index.js';
import { ByteWriter } from '../trace/bytes.js';
import { traceImpl } from '../trace/impl.js';
import { traceCaseOf } from '../trace/input.js';
import type { TraceCase } from '../trace/case.js';
import { summaryJson, type TraceSummary } from '../trace/record.js';
import { runGp, runJar1 } from './run.js';
import { WORKLOADS, type WorkloadCase } from './workloads.js';

/** fib-loop iterations: 5 instructions each, so about 10^6 records (--quick: 10^5). */
const SIZE = { full: 200_000, quick: 20_000 };
const RUNS = 3;
const MB = 2 ** 20;

/** V8's full garbage collection (exposed on demand when node was started without --expose-gc). */
function fullGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const inUse = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** A ByteWriter that samples heap + array buffers at each flush (every 1 MiB of trace). */
class SamplingWriter extends ByteWriter {
  peak = 0;
  override flush(): void {
    this.peak = Math.max(this.peak, inUse());
    super.flush();
  }
}

/** One traced run to a new file: wall and cpu ms from opening the file to closing it, the peak heap growth, the summary. */
function tracedRun(c: TraceCase, file: string, gc: () => void): { ms: number; cpuMs: number; heap: number; summary: TraceSummary } {
  rmSync(file, { force: true });
  gc();
  const before = inUse();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const w = new SamplingWriter(file);
  const summary = traceImpl(c, { out: w, from: 0, to: Infinity, vm: undefined }, { maxSteps: 100_000_000 });
  w.text(`${summaryJson(summary)}\n`); // as the command ends its file
  w.close();
  const ms = performance.now() - t;
  const spent = process.cpuUsage(cpu);
  return { ms, cpuMs: (spent.user + spent.system) / 1000, heap: Math.max(w.peak, inUse()) - before, summary };
}

/** Whether a trace file is whole: one line per record and the summary, the last record the run's halt. */
function checkFile(file: string, s: TraceSummary): string | null {
  const bytes = readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  if (lines !== s.records + 1) return `WRONG: ${lines} lines for ${s.records} records`;
  if (s.exit?.kind !== 'halt') return `WRONG: the traced run ended ${s.exit?.kind ?? 'early'}`;
  const tail = bytes.subarray(bytes.lastIndexOf(10, bytes.length - 2) + 1).toString('latin1');
  return tail.startsWith('{"summary":') ? null : 'WRONG: no summary line';
}

/** Best wall ms of 10 runs (a run takes milliseconds) and the instruction count of the untraced impl on the case. */
function untraced(profile: 'jar1' | 'gp', c: WorkloadCase, gc: () => void): { ms: number; steps: number } {
  const run = (): number => (profile === 'jar1' ? runJar1(implKernel, c, false) : runGp(implCore, c)).steps;
  const steps = run();
  run();
  let best = Infinity;
  for (let k = 0; k < 10; k++) {
    gc();
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, steps };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rate = (perSecond: number): string => `${fmt(perSecond / 1e6, 2)} M/s`;
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The trace rows; returns whether every traced run was whole. */
export async function benchTrace(out: (line: string) => void, quick: boolean): Promise<boolean> {
  const gc = fullGc();
  const fib = WORKLOADS.find((w) => w.name === 'fib-loop');
  if (fib === undefined) throw new Error('invariant: no fib-loop workload');
  const n = quick ? SIZE.quick : SIZE.full;
  const c = fib.build(n);
  const dir = mkdtempSync(join(tmpdir(), 'javm-bench-trace-'));
  let ok = true;
  out('');
  out(`trace (javm trace --json --out <new temporary file>, impl: fib-loop n=${fmt(n)}; best of ${RUNS} after a checked warm-up run; rate = records / wall time`);
  out('from opening the file to closing it; cpu = this process\'s user + system time; peak heap = the most heapUsed + arrayBuffers at the');
  out('1 MiB buffer flushes of any run minus before it; untraced = the impl\'s own instructions per second on the same case, same run):');
  out(`${'row'.padEnd(14)} ${lpad('records', 10)} ${lpad('file MB', 8)} ${lpad('wall ms', 8)} ${lpad('cpu ms', 8)} ${lpad('records/s', 11)} ${lpad('peak heap', 10)} ${lpad('untraced', 12)} ${lpad('traced/untraced', 16)}`);
  try {
    for (const profile of ['jar1', 'gp'] as const) {
      const blob = join(dir, `fib-loop.${profile}`);
      writeFileSync(blob, profile === 'jar1' ? c.jar1.blob : c.gp!.blob);
      const tc = traceCaseOf(blob, { profile, gas: String(profile === 'jar1' ? c.jar1.gas : c.gp!.gas) });
      const file = join(dir, 'trace.jsonl');
      const first = tracedRun(tc, file, gc);
      const problem = checkFile(file, first.summary);
      const size = statSync(file).size;
      if (problem !== null) {
        ok = false;
        out(`${`fib-loop ${profile}`.padEnd(14)} ${problem}`);
        continue;
      }
      let best: ReturnType<typeof tracedRun> | null = null;
      let heap = first.heap;
      for (let k = 0; k < RUNS; k++) {
        const r = tracedRun(tc, file, gc);
        if (best === null || r.ms < best.ms) best = r;
        heap = Math.max(heap, r.heap);
      }
      rmSync(file, { force: true });
      const plain = untraced(profile, c, gc);
      if (best === null) throw new Error('invariant: no timed run');
      const tracedRate = best.summary.records / (best.ms / 1000);
      const plainRate = plain.steps / (plain.ms / 1000);
      out(`${`fib-loop ${profile}`.padEnd(14)} ${lpad(fmt(best.summary.records), 10)} ${lpad(fmt(size / 1e6, 1), 8)} ${lpad(fmt(best.ms, 1), 8)} ${lpad(fmt(best.cpuMs, 1), 8)} ${lpad(rate(tracedRate), 11)} ${lpad(`+${fmt(heap / MB, 1)} MB`, 10)} ${lpad(rate(plainRate), 12)} ${lpad(`${fmt((100 * tracedRate) / plainRate, 2)}%`, 16)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}
