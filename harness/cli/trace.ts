/**
 * `javm trace <blob|vector|finding>`: one record per instruction (vectors/TRACE.md), as text for
 * people (default) or JSON lines (--json, EIP-3155 style), from the model, the impl (fast: a hook in
 * its interpreter), an impl mutant or an external target; `--diff a,b` runs two sources side by side
 * and stops at the first differing step.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../engines.js';
import { MUTANTS } from '../fuzz/mutants.js';
import type { TraceCase } from '../trace/case.js';
import { diffSides, diffTraces, sourceOf, type DiffOptions, type TraceDiff } from '../trace/diff.js';
import { traceImpl } from '../trace/impl.js';
import { ByteWriter } from '../trace/bytes.js';
import { traceCaseOf } from '../trace/input.js';
import {
  LineWriter, recordJson, recordText, summaryJson, summaryText, type RecordSink, type StepRecord, type TraceSummary,
} from '../trace/record.js';
import { traceStepping } from '../trace/step.js';
import { traceTarget } from '../trace/target.js';
import { engineByName } from '../engines.js';
import { mutantEngine } from '../fuzz/mutants.js';
import { parseU64 } from './format.js';
import { maxBlobSizeOption, type Io } from './io.js';
import { settle, type Status } from './status.js';

export interface TraceFlags {
  profile?: string;
  gas: string;
  reg7?: string;
  args?: string;
  engine: string;
  mutant?: string;
  target?: string;
  json?: boolean;
  out?: string;
  from?: string;
  to?: string;
  vm?: string;
  maxSteps?: string;
  diff?: string;
  context: string;
  timeout: string;
}

const num = (text: string | undefined, flag: string): number | undefined => (text === undefined ? undefined : Number(parseU64(text, flag)));

/** Prints the records in [from, to] of one VM (or all), giving the first one shown after a gap the whole register file. */
class RangeSink implements RecordSink {
  private cur: string[] | null = null;
  private gap = true;
  constructor(
    private readonly write: (r: StepRecord) => void,
    private readonly from: number,
    private readonly to: number,
    private readonly vm: number | undefined,
  ) {}

  record(r: StepRecord): boolean {
    if (r.regs !== undefined) this.cur = [...r.regs];
    if (r.step >= this.from && r.step <= this.to && (this.vm === undefined || r.vm === this.vm)) {
      this.write(this.gap && r.regs === undefined && this.cur !== null ? { ...r, regs: [...this.cur] } : r);
      this.gap = false;
    } else this.gap = true;
    const cur = this.cur;
    if (cur !== null) for (let i = 0; i < r.written.length; i++) { const w = r.written[i]!; cur[w[0]] = w[1]; }
    return r.step < this.to;
  }
}

/**
 * One trace of the case, written as it runs: from an engine (`run` gets the sink), or from records
 * already fetched from a target.
 */
function traceOne(flags: TraceFlags, io: Io, run: (sink: RecordSink) => TraceSummary): number {
  const writer = new LineWriter(flags.out === undefined ? { line: io.out } : { file: flags.out });
  const fmt = flags.json ? recordJson : recordText;
  const sink = new RangeSink((r) => writer.write(fmt(r)), num(flags.from, '--from') ?? 0, num(flags.to, '--to') ?? Infinity, num(flags.vm, '--vm'));
  let summary: TraceSummary;
  try {
    summary = run(sink);
    writer.write(flags.json ? summaryJson(summary) : summaryText(summary));
  } finally {
    writer.close();
  }
  if (flags.out !== undefined) io.out(summaryText(summary));
  return 0;
}

/** The impl's JSON lines to a file: encoded straight into the file buffer (harness/trace/bytes.ts). */
function traceImplToFile(c: TraceCase, flags: TraceFlags, out: string, io: Io): number {
  const w = new ByteWriter(out);
  let summary: TraceSummary;
  try {
    summary = traceImpl(c, { out: w, from: num(flags.from, '--from') ?? 0, to: num(flags.to, '--to') ?? Infinity, vm: num(flags.vm, '--vm') }, { maxSteps: num(flags.maxSteps, '--max-steps') ?? 100_000_000 });
    w.text(`${summaryJson(summary)}\n`);
  } finally {
    w.close();
  }
  io.out(summaryText(summary));
  return 0;
}

/** The engine run of a single trace. */
function engineRun(c: TraceCase, flags: TraceFlags): (sink: RecordSink) => TraceSummary {
  const maxSteps = num(flags.maxSteps, '--max-steps') ?? 100_000_000;
  if (flags.engine === 'impl' && flags.mutant === undefined) return (sink) => traceImpl(c, sink, { maxSteps });
  const engine = flags.mutant !== undefined ? mutantEngine(flags.mutant) : engineByName(flags.engine);
  return (sink) => traceStepping(engine, c, sink, { maxSteps });
}

/** The diff printed for people: where the traces part, what differs, a few records around it. */
export function printDiff(d: TraceDiff, context: number, io: Io): void {
  const { left, right, divergence } = d;
  if (divergence === null) {
    io.out(`${left.name} and ${right.name} agree on all ${left.records.length} records`);
    return;
  }
  const k = divergence.step;
  const at = left.records[k] ?? right.records[k];
  io.out(`${left.name} and ${right.name} differ first at step ${k}${at ? ` (vm ${at.vm}, pc ${at.pc}: ${at.opName} ${at.operands})` : ''}`);
  for (let s = Math.max(0, k - context); s < k; s++) {
    const r = left.records[s];
    if (r !== undefined) io.out(`  = ${recordText(r)}`);
  }
  const w = Math.max(left.name.length, right.name.length);
  const l = left.records[k];
  const r = right.records[k];
  io.out(`  ${left.name.padEnd(w)} ${l ? recordText(l) : '(trace ended)'}`);
  io.out(`  ${right.name.padEnd(w)} ${r ? recordText(r) : '(trace ended)'}`);
  io.out('  differs:');
  for (const f of divergence.fields) io.out(`    ${f.path}: ${left.name} ${f.left}, ${right.name} ${f.right}`);
  const more = Math.max(left.records.length, right.records.length);
  if (more > k + 1) io.out('  then:');
  for (let s = k + 1; s < more; s++) {
    const a = left.records[s];
    const b = right.records[s];
    io.out(`  ${left.name.padEnd(w)} ${a ? recordText(a) : '(trace ended)'}`);
    io.out(`  ${right.name.padEnd(w)} ${b ? recordText(b) : '(trace ended)'}`);
  }
}

/** `--diff a,b`: exit 0 when the traces agree, 1 when they differ. */
function printDiffResult(d: TraceDiff, flags: TraceFlags, io: Io): number {
  const context = num(flags.context, '--context') ?? 3;
  if (flags.json) {
    const k = d.divergence?.step ?? 0;
    const window = (rs: readonly StepRecord[]): unknown[] => rs.slice(Math.max(0, k - context)).map((r) => JSON.parse(recordJson(r)));
    io.out(JSON.stringify({
      left: { name: d.left.name, summary: d.left.summary }, right: { name: d.right.name, summary: d.right.summary }, divergence: d.divergence,
      context: d.divergence === null ? null : { left: window(d.left.records), right: window(d.right.records) },
    }));
  } else printDiff(d, context, io);
  return d.divergence === null ? 0 : 1;
}

/** Runs the command; returns the exit status (a promise when a target takes part: it is asynchronous). */
export function traceCommand(path: string, flags: TraceFlags, io: Io): number | Promise<number> {
  if (flags.mutant !== undefined && !MUTANTS.some((m) => m.name === flags.mutant)) throw new UsageError(`--mutant: unknown mutant '${flags.mutant}' (choose ${MUTANTS.map((m) => m.name).join(', ')})`);
  const c = traceCaseOf(path, flags);
  const timeoutMs = Number(parseU64(flags.timeout, '--timeout')) * 1000;
  if (flags.diff === undefined) {
    if (flags.target === undefined) {
      const fast = flags.json === true && flags.out !== undefined && flags.engine === 'impl' && flags.mutant === undefined;
      return fast ? traceImplToFile(c, flags, flags.out!, io) : traceOne(flags, io, engineRun(c, flags));
    }
    const target = flags.target;
    return traceTarget(target, c.target, timeoutMs).then((t) => traceOne(flags, io, (sink) => {
      for (const r of t.records) if (!sink.record(r)) break;
      return t.summary;
    }));
  }
  const items = flags.diff.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length !== 2) throw new UsageError(`--diff: '${flags.diff}' is not two sources (e.g. model,impl; an engine and a saved JSON-lines trace; an engine and target)`);
  const [a, b] = items.map((s) => sourceOf(s === 'impl' && flags.mutant !== undefined ? `impl~${flags.mutant}` : s, flags.target)) as [ReturnType<typeof sourceOf>, ReturnType<typeof sourceOf>];
  const o: DiffOptions = { maxSteps: num(flags.maxSteps, '--max-steps') ?? 200_000, after: num(flags.context, '--context') ?? 3, timeoutMs };
  if (a.kind === 'target' || b.kind === 'target') return diffTraces(c, a, b, o).then((d) => printDiffResult(d, flags, io));
  return printDiffResult(diffSides(c, a, b, o), flags, io);
}

/** Adds `javm trace` to the command tree. */
export function addTraceCommand(root: Command, io: Io, status: Status): void {
  root.command('trace')
    .description('trace a run one instruction at a time: pc, instruction, gas, registers and memory written, kernel transitions (vectors/TRACE.md)')
    .argument('<input>', 'a program blob (jar1 or gp, as javm run takes it), or a vector file of the isa or program runner (findings included)')
    .addOption(new Option('--profile <profile>', 'blob: jar1 or gp (default: guessed from the magic)'))
    .option('--gas <n>', 'blob: initial gas (decimal or 0x hex)', '1000000000')
    .addOption(maxBlobSizeOption('input file'))
    .option('--reg7 <v>', 'blob: initial φ7')
    .option('--args <hex>', 'jar1 blob: argument bytes for the DATA cap in slot 0')
    .addOption(new Option('--engine <name>', 'engine to trace').choices(['model', 'impl']).default('model'))
    .option('--mutant <name>', 'trace the impl with a deliberate bug (harness/fuzz/mutants.ts); with --diff, "impl" means this mutant')
    .option('--target <command>', 'trace an external implementation through the target protocol\'s trace feature (vectors/TARGET.md); with --diff, the side named "target"')
    .option('--json', 'JSON lines (vectors/schema/trace.schema.json) instead of text')
    .option('--out <file>', 'write the trace to a file (buffered; prints the summary line)')
    .option('--from <step>', 'first step to print (records are numbered from 0)')
    .option('--to <step>', 'last step to print; the run stops there')
    .option('--vm <id>', 'print only the records of this VM')
    .option('--max-steps <n>', 'the most records to run (default 100,000,000; with --diff 200,000 per side)')
    .option('--diff <a,b>', 'compare two sources: model, impl, impl~<mutant>, a saved JSON-lines trace file, or target; stops at the first differing step (exit 1)')
    .option('--context <n>', 'with --diff: records shown before and after the differing step', '3')
    .option('--timeout <seconds>', 'with --target: how long the traced run may take', '30')
    .action((input: string, flags: TraceFlags) => settle(status, traceCommand(input, flags, io)));
}
