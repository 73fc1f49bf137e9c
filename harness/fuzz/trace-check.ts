/**
 * The per-instruction trace as one more thing the differential tester compares (`javm trace --diff
 * model impl`, in-process): for one core case in TRACE_EVERY (by its code length, so that a case
 * replays the same way), the model's stepping tracer (harness/trace/step.ts) and the impl's hooked
 * tracer (harness/trace/impl.ts: its machines step one instruction at a time through a StepHook, a
 * path of its own that plain runs never take) must give the same records and summary. Only for the
 * model against the in-process impl: other engines have no tracer of their own here.
 */
import { ENGINES, type Engine } from '../engines.js';
import type { TraceCase } from '../trace/case.js';
import { traceImpl } from '../trace/impl.js';
import { recordJson, summaryJson, type RecordSink, type TraceSummary } from '../trace/record.js';
import { traceStepping } from '../trace/step.js';
import type { CoreCase } from './cases.js';
import type { Divergence } from './diff.js';
import { implCore } from '../../impl/index.js';

/** One core case in this many (its code length divisible by it) is also traced on both engines. */
export const TRACE_EVERY = 16;

/** The records and the summary (without the engine's name) of one traced run, as JSON lines. */
function traced(run: (sink: RecordSink) => TraceSummary): string[] {
  const lines: string[] = [];
  const summary = run({ record: (r) => (lines.push(recordJson(r)), true) });
  lines.push(summaryJson({ ...summary, engine: '' }));
  return lines;
}

/** Whether a pair is the model and the impl (either order; the impl or a variant stand-in named impl). */
function modelAndImpl(engines: readonly [Engine, Engine]): boolean {
  const [a, b] = engines;
  const impl = (e: Engine): boolean => e.core === implCore || (e.name === 'impl' && e.core.name === 'impl');
  return (a === ENGINES.model && impl(b)) || (b === ENGINES.model && impl(a));
}

/** The first difference of the two engines' traces of a core case (null: none, or the case is not one to trace). */
export function traceDivergence(c: CoreCase, engines: readonly [Engine, Engine]): Divergence | null {
  if (c.gpBlob !== undefined || c.input.image.code.length % TRACE_EVERY !== 0 || !modelAndImpl(engines)) return null;
  // a core trace case with no host answers (the run ends at its first ecalli) and no target side
  const tc = { kind: 'core', profile: c.input.profile, input: c.input, host: [], target: undefined } as unknown as TraceCase;
  const limits = { maxSteps: c.maxSteps };
  let model: string[];
  let impl: string[];
  try {
    model = traced((sink) => traceStepping(ENGINES.model as Engine, tc, sink, limits));
    impl = traced((sink) => traceImpl(tc, sink, limits));
  } catch (e) {
    return { kind: 'throw', summary: 'tracing the case threw', details: [e instanceof Error ? `${e.name}: ${e.message}` : String(e)] };
  }
  const k = model.findIndex((line, i) => line !== impl[i]);
  if (k < 0 && model.length === impl.length) return null;
  const at = k < 0 ? model.length : k;
  return {
    kind: 'state',
    summary: `per-instruction traces (javm trace) differ at line ${at + 1} of ${model.length} (model) / ${impl.length} (impl)`,
    details: [`model: ${model[at] ?? '(end)'}`, `impl:  ${impl[at] ?? '(end)'}`],
  };
}
