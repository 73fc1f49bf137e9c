/**
 * Running a case on both sides for a divergence page: the model (the reference: the vector's
 * expected answer and the model's trace) against one of the kit's engines, a mutant of the impl, or
 * a target process (vectors/TARGET.md; its trace when it offers the `trace` feature). Also the page
 * writers the fuzzers call next to each finding vector they write (`<finding>.html`).
 */
import { writeFileSync } from 'node:fs';
import { fromU64, jar1LoadOf, type Jar1ProgramInput, type Vector, type VectorExpected } from '../../vectors/lib/format.js';
import { readVector } from '../../vectors/lib/schema.js';
import type { CaseKind } from '../../vectors/lib/target.js';
import { ENGINES, UsageError, type Engine } from '../engines.js';
import { Target, type Answer } from '../target/client.js';
import { MAX_TRACE, traceOf } from '../target/trace.js';
import { expectedOf } from '../vectors/run.js';
import { kitName } from '../version.js';
import { pageOf, type ReportCase, type SideRun, type VmCode } from './data.js';
import { renderPage, traceDivergence, type PageFirstDiff } from './page.js';

/** The page file of a vector file: the same path with `.html` for `.json`. */
export const pageFileOf = (vectorFile: string): string => `${vectorFile.replace(/\.json$/, '')}.html`;

/** A vector as a case to report. */
export const reportCaseOf = (v: Vector, source: string): ReportCase =>
  ({ name: v.name, runner: v.runner, profile: v.profile, description: v.description, input: v.input, notes: v.notes, source });

const firstLine = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0] ?? '';

/** An engine's trace of a case, with why it is empty or cut (never throws: an engine that throws is reported as such). */
export function engineTrace(engine: Engine, c: ReportCase, limit = MAX_TRACE): Pick<SideRun, 'trace' | 'traceAbsent'> {
  if (c.runner === 'decode' || c.runner === 'kernel') return { trace: [], traceAbsent: `a ${c.runner} case runs no instructions one by one` };
  try {
    const trace = traceOf(engine, c.runner, c.profile, c.input, limit);
    if (trace.length >= limit) return { trace, traceAbsent: `cut at ${limit.toLocaleString('en-US')} records` };
    return trace.length === 0 ? { trace, traceAbsent: 'no instruction ran (rejected at load, or out of gas at once)' } : { trace };
  } catch (e) {
    return { trace: [], traceAbsent: `the engine threw while tracing (${firstLine(e)})` };
  }
}

/** An engine's answer and trace of a case; a throw is an engine bug, shown as the side's fault. */
export function engineRun(engine: Engine, c: ReportCase, limit = MAX_TRACE): SideRun {
  let answer: VectorExpected | null = null;
  let fault: string | undefined;
  try {
    answer = expectedOf(engine, c.runner, c.profile, c.input);
  } catch (e) {
    fault = `the engine threw: ${firstLine(e)}`;
  }
  return { name: engine.name, answer, ...(fault === undefined ? {} : { fault }), ...engineTrace(engine, c, limit) };
}

/** A target's answer to a run request as one side (its trace when it sent one). */
export function targetSide(name: string, answer: Answer, traced: boolean): SideRun {
  if (answer.kind === 'result') {
    const trace = answer.trace ?? [];
    return { name, answer: answer.output, trace, ...(answer.trace === undefined ? { traceAbsent: traced ? 'the target sent no trace' : 'the target offers no trace feature' } : {}) };
  }
  const fault = answer.kind === 'unsupported' ? `the target declined the case: ${answer.reason}` : answer.kind === 'error' ? `the target answered error: ${answer.message}` : `the target ${answer.kind === 'crash' ? 'crashed' : answer.kind === 'hang' ? 'hung' : 'answered garbage'}: ${answer.detail}`;
  return { name, answer: null, fault, trace: [], traceAbsent: 'no answer' };
}

/** Runs a case on a target process (started and closed here); a target that cannot run the case's kind is a usage error. */
export async function targetRun(command: string, c: ReportCase, o: { timeoutMs: number; handshakeMs: number }): Promise<SideRun> {
  if (c.runner === 'kernel') throw new UsageError(`${c.source}: a kernel vector cannot be sent to a target (the protocol has no snapshot import)`);
  const target = new Target(command, { ...o, kit: kitName() });
  try {
    const hello = await target.start();
    const name = `${hello.name} ${hello.version}`;
    if (!target.supports({ kind: c.runner as CaseKind, profile: c.profile })) throw new UsageError(`${c.source}: the target ${name} does not run ${c.profile} ${c.runner} cases`);
    const traced = hello.features.includes('trace');
    return targetSide(name, await target.run({ kind: c.runner as CaseKind, profile: c.profile, input: c.input }, { trace: traced, snapshot: hello.features.includes('snapshot') }), traced);
  } finally {
    await target.close();
  }
}

/** What a written page shows: its file, the first differing trace step and the answers' first difference. */
export interface WrittenPage {
  readonly file: string;
  readonly firstDiff: PageFirstDiff | null;
  readonly difference: string | null;
}

/**
 * The code each VM of a jar1 program runs, learnt by replaying its first `steps` instructions on an
 * engine (kernel snapshots name each VM's CODE program; VMs created while running are seen when they
 * first appear). Empty for other cases, and when the engine throws.
 */
export function jar1VmCodes(engine: Engine, c: ReportCase, steps: number): Map<number, VmCode> {
  const out = new Map<number, VmCode>();
  if (c.runner !== 'program' || c.profile !== 'jar1') return out;
  try {
    const input = c.input as Jar1ProgramInput;
    const { blob, options } = jar1LoadOf(input);
    const loaded = engine.kernel.load(blob, options);
    if (!loaded.ok) return out;
    const s = loaded.value;
    let answered = 0;
    let idle = 0;
    for (let done = 0; done <= steps && idle <= 1000;) {
      const snap = s.snapshot();
      for (const vm of snap.vms) {
        const image = snap.code[vm.code];
        if (!out.has(vm.id) && image !== undefined) out.set(vm.id, { image, code: vm.code });
      }
      const r = s.run(1);
      done += r.steps;
      idle = r.steps === 0 ? idle + 1 : 0;
      if (r.exit === null) continue;
      const answer = input.host[answered++];
      if (r.exit.kind !== 'protocol' || answer === undefined) break;
      s.resumeProtocolCall(fromU64(answer.r7), fromU64(answer.r8));
    }
  } catch {
    // an engine that throws: the page shows no disassembly for the VMs not seen
  }
  return out;
}

/** Renders the page of a case (left: the expected answer with the model's trace) and writes it. */
export function writePage(c: ReportCase, expected: VectorExpected, right: SideRun, file: string, model: Engine = ENGINES.model as Engine): WrittenPage {
  const left: SideRun & { answer: VectorExpected } = { name: model.name, answer: expected, ...engineTrace(model, c) };
  const first = traceDivergence(left.trace, right.trace);
  const page = pageOf(c, left, right, file, jar1VmCodes(model, c, (first?.step ?? left.trace.length) + 8));
  writeFileSync(file, renderPage(page));
  return { file, firstDiff: page.firstDiff ?? null, difference: page.outcome.difference };
}

/** Writes `<finding>.html` next to a finding vector of a target campaign, from the target's answer (a trace in it if sent); null with why when it cannot. */
export function writeFindingPage(vectorFile: string, targetName: string, answer: Answer | undefined): { file: string | null; why: string | null } {
  try {
    const v = readVector(vectorFile);
    const right = answer === undefined ? { name: targetName, answer: null, fault: 'the finding was not reproduced by a re-run (see the report)', trace: [] } : targetSide(targetName, answer, true);
    return { file: writePage(reportCaseOf(v, vectorFile), v.expected, right, pageFileOf(vectorFile)).file, why: null };
  } catch (e) {
    return { file: null, why: firstLine(e) };
  }
}

/** Writes `<vector>.html` next to a regression vector of a model-vs-impl campaign: the vector's expected and the model's trace against the other engine; null with why when it cannot. */
export function writeEnginesPage(vectorFile: string, other: Engine, model: Engine = ENGINES.model as Engine): { file: string | null; why: string | null } {
  try {
    const v = readVector(vectorFile);
    const c = reportCaseOf(v, vectorFile);
    return { file: writePage(c, v.expected, engineRun(other, c), pageFileOf(vectorFile), model).file, why: null };
  } catch (e) {
    return { file: null, why: firstLine(e) };
  }
}
