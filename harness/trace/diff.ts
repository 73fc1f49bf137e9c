/**
 * Two traces of one case side by side (`javm trace --diff`), as data: each side's records (up to the
 * first differing step and a few after it) and summary, and the first differing step with the fields
 * that differ (registers, gas, memory written, kernel transition, exit). Each side is an engine
 * (model, impl, an impl mutant), a saved JSON-lines trace, or a target process. Records are compared
 * on what both sides have: a target's records carry the state before each instruction only.
 */
import { readTextFile } from '../cli/io.js';
import { Ajv } from 'ajv';
import { TRACE_SCHEMA } from '../../vectors/lib/trace-schema.js';
import { engineByName, UsageError, type Engine } from '../engines.js';
import { mutantEngine } from '../fuzz/mutants.js';
import type { TraceCase } from './case.js';
import { traceImpl } from './impl.js';
import type { RecordSink, StepRecord, TraceSummary } from './record.js';
import { traceStepping } from './step.js';
import { traceTarget } from './target.js';

/** Where one side of a diff comes from. */
export type TraceSource =
  | { readonly kind: 'engine'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'target'; readonly command: string };

/** One side: its name, its records (bounded as described in diffTraces), its summary, and whether its records are complete (engines) or states only (targets). */
export interface TraceSide {
  readonly name: string;
  readonly records: readonly StepRecord[];
  readonly summary: TraceSummary | null;
  readonly full: boolean;
}

/** A field of the first differing step: a dotted path ("pc", "gas", "r7", "written.r3", "mem", "kernel", "exit", "records"), with each side's value. */
export interface FieldDifference {
  readonly path: string;
  readonly left: string;
  readonly right: string;
}

export interface Divergence {
  /** Index of the first differing record (= the shorter trace's length when one is a prefix of the other). */
  readonly step: number;
  readonly fields: readonly FieldDifference[];
}

export interface TraceDiff {
  readonly left: TraceSide;
  readonly right: TraceSide;
  readonly divergence: Divergence | null;
}

export interface DiffOptions {
  /** The most records each side runs (default 200,000). */
  readonly maxSteps?: number;
  /** Records kept after the differing step (default 3). */
  readonly after?: number;
  readonly timeoutMs?: number;
}

/** Runs one engine's trace into an array (stopping `stop()` says so). */
function engineTrace(name: string, c: TraceCase, maxSteps: number, stop: (r: StepRecord) => boolean): TraceSide {
  const records: StepRecord[] = [];
  const sink: RecordSink = { record: (r) => { records.push(r); return !stop(r); } };
  if (name === 'impl') return { name, records, summary: traceImpl(c, sink, { maxSteps }), full: true };
  const engine: Engine = name.startsWith('impl~') ? mutantEngine(name.slice('impl~'.length)) : engineByName(name);
  return { name: engine.name, records, summary: traceStepping(engine, c, sink, { maxSteps }), full: true };
}

const validateLine = new Ajv({ allErrors: false, strict: false }).compile(TRACE_SCHEMA);

/** A saved JSON-lines trace (javm trace --json --out): its records and summary; a line that is not a trace line is a usage error naming it. */
export function readTraceFile(path: string, maxSteps = Infinity): TraceSide {
  const text = readTextFile(path);
  const records: StepRecord[] = [];
  let summary: TraceSummary | null = null;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length && records.length < maxSteps; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}: line ${n + 1}: expected a JSON trace line (vectors/TRACE.md)`);
    }
    if (!validateLine(raw)) throw new UsageError(`${path}: line ${n + 1}: expected a trace record or summary (vectors/schema/trace.schema.json): ${validateLine.errors?.[0]?.instancePath || '/'} ${validateLine.errors?.[0]?.message ?? ''}`);
    const o = raw as Record<string, unknown>;
    if ('summary' in o) summary = o.summary as TraceSummary;
    else {
      const w = (o.written ?? {}) as Record<string, string>;
      records.push({ ...(o as unknown as StepRecord), written: Object.entries(w).map(([i, v]) => [Number(i), v] as const) });
    }
  }
  return { name: path, records, summary, full: true };
}

/** The whole register file before each record, rebuilt from `regs` and the previous record's `written`. */
function regsBefore(records: readonly StepRecord[], upTo: number): (readonly string[] | null)[] {
  const out: (readonly string[] | null)[] = [];
  let cur: string[] | null = null;
  for (let k = 0; k <= upTo && k < records.length; k++) {
    const r = records[k]!;
    if (r.regs !== undefined) cur = [...r.regs];
    out.push(cur === null ? null : [...cur]);
    if (cur !== null) for (const [i, v] of r.written) cur[i] = v;
  }
  return out;
}

const memText = (r: StepRecord): string => (r.mem === undefined ? '(none)' : `0x${r.mem.address.toString(16)}: ${r.mem.bytes}`);
const writtenText = (r: StepRecord): string => r.written.map(([i, v]) => `r${i}=${v}`).join(' ') || '(none)';

/** The fields that differ between two records at the same step (only what both sides carry). */
export function recordDifferences(a: StepRecord, b: StepRecord, ra: readonly string[] | null, rb: readonly string[] | null, full: boolean): FieldDifference[] {
  const d: FieldDifference[] = [];
  const cmp = (path: string, x: string, y: string): void => { if (x !== y) d.push({ path, left: x, right: y }); };
  cmp('vm', String(a.vm), String(b.vm));
  cmp('pc', String(a.pc), String(b.pc));
  cmp('gas', a.gas, b.gas);
  if (ra !== null && rb !== null) for (let i = 0; i < 13; i++) cmp(`r${i}`, ra[i] ?? '?', rb[i] ?? '?');
  if (!full) return d;
  cmp('error', a.error ?? '(none)', b.error ?? '(none)');
  cmp('gasAfter', a.gasAfter, b.gasAfter);
  cmp('written', writtenText(a), writtenText(b));
  cmp('mem', memText(a), memText(b));
  cmp('kernel', a.kernel === undefined ? '(none)' : JSON.stringify(a.kernel), b.kernel === undefined ? '(none)' : JSON.stringify(b.kernel));
  cmp('exit', a.exit === undefined ? '(none)' : JSON.stringify(a.exit), b.exit === undefined ? '(none)' : JSON.stringify(b.exit));
  return d;
}

/** The first differing step of two record lists, or null when they agree and have the same length. */
export function firstDifference(left: TraceSide, right: TraceSide): Divergence | null {
  const full = left.full && right.full;
  const n = Math.min(left.records.length, right.records.length);
  const ra = regsBefore(left.records, n);
  const rb = regsBefore(right.records, n);
  for (let k = 0; k < n; k++) {
    const fields = recordDifferences(left.records[k]!, right.records[k]!, ra[k] ?? null, rb[k] ?? null, full);
    if (fields.length > 0) return { step: k, fields };
  }
  if (left.records.length !== right.records.length) {
    return { step: n, fields: [{ path: 'records', left: String(left.records.length), right: String(right.records.length) }] };
  }
  return null;
}

/** A side given as a source, or already traced (a target's trace, fetched asynchronously). */
export type SideInput = TraceSource | TraceSide;

/**
 * Traces a case on two sources and finds the first differing step (synchronous: engines and files;
 * a target side must come traced, see diffTraces). Each engine side runs at most maxSteps records;
 * the second side stops `after` records past the first step where it differs from the first, so
 * memory stays bounded by maxSteps records per side.
 */
export function diffSides(c: TraceCase, left: SideInput, right: SideInput, o: DiffOptions = {}): TraceDiff {
  const maxSteps = o.maxSteps ?? 200_000;
  const after = o.after ?? 3;
  const side = (s: SideInput, other: TraceSide | null): TraceSide => {
    if ('records' in s) return { ...s, records: s.records.slice(0, maxSteps) };
    if (s.kind === 'file') return readTraceFile(s.path, maxSteps);
    if (s.kind === 'target') throw new Error('invariant: a target side is traced before diffSides (diffTraces)');
    if (other === null) return engineTrace(s.name, c, maxSteps, () => false);
    const state = { a: null as string[] | null, b: null as string[] | null, at: -1 };
    return engineTrace(s.name, c, maxSteps, (r) => {
      const a = other.records[r.step];
      if (state.at < 0) {
        if (a === undefined) state.at = r.step;
        else {
          if (a.regs !== undefined) state.a = [...a.regs];
          if (r.regs !== undefined) state.b = [...r.regs];
          if (recordDifferences(a, r, state.a, state.b, other.full).length > 0) state.at = r.step;
          if (state.a !== null) for (const [i, v] of a.written) state.a[i] = v;
          if (state.b !== null) for (const [i, v] of r.written) state.b[i] = v;
        }
      }
      return state.at >= 0 && r.step >= state.at + after;
    });
  };
  const l = side(left, null);
  const r = side(right, l);
  const divergence = firstDifference(l, r);
  if (divergence === null) return { left: l, right: r, divergence };
  const keep = divergence.step + after + 1;
  return { left: { ...l, records: l.records.slice(0, keep) }, right: { ...r, records: r.records.slice(0, keep) }, divergence };
}

/** diffSides for any sources: a target side is traced first (through the target protocol). */
export async function diffTraces(c: TraceCase, left: TraceSource, right: TraceSource, o: DiffOptions = {}): Promise<TraceDiff> {
  const fetch = async (s: TraceSource): Promise<SideInput> => {
    if (s.kind !== 'target') return s;
    const t = await traceTarget(s.command, c.target, o.timeoutMs);
    return { name: t.summary.engine, records: t.records, summary: t.summary, full: false };
  };
  return diffSides(c, await fetch(left), await fetch(right), o);
}

/** A source from a --diff item: an engine name, "impl~<mutant>", a saved trace file, or "target" (the --target command). */
export function sourceOf(item: string, target: string | undefined): TraceSource {
  if (item === 'target') {
    if (target === undefined) throw new UsageError('--diff: "target" needs --target "<command>"');
    return { kind: 'target', command: target };
  }
  if (item === 'model' || item === 'impl' || item.startsWith('impl~')) return { kind: 'engine', name: item };
  return { kind: 'file', path: item };
}
