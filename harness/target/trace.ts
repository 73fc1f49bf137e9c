/**
 * Per-instruction traces in the target protocol's form (vectors/TARGET.md, `trace` feature): one
 * record per instruction started, the active VM's state before it. Any engine of the kit produces
 * them (the model for the reference side, either engine behind `javm serve`), and `firstTraceDifference`
 * names the first record where two traces part.
 */
import type { Engine } from '../engines.js';
import {
  codeFrom, fromHex, fromU64, hostAnswerFrom, jar1LoadOf, memoryFrom, regsFrom, regsJson, u64,
  type GpProgramInput, type HostAnswerJson, type IsaInput, type Jar1ProgramInput, type VectorInput,
} from '../../vectors/lib/format.js';
import { answerCoreState } from '../../vectors/lib/host.js';
import type { CaseKind, TraceRecord } from '../../vectors/lib/target.js';
import type { CoreRunInput, Profile } from '../../vectors/lib/types.js';

/** The most records one trace holds; a longer run's trace is cut there (its last record says so by count). */
export const MAX_TRACE = 100_000;

function coreTrace(engine: Engine, input: CoreRunInput, host: readonly HostAnswerJson[], limit: number): TraceRecord[] {
  const out: TraceRecord[] = [];
  const start = engine.core.start;
  if (start === undefined) return out;
  let s = start.call(engine.core, input);
  let answered = 0;
  while (out.length < limit) {
    const regs = Array.from({ length: 13 }, (_, i) => s.getReg(i));
    out.push({ vm: 0, pc: s.pc, gas: u64(s.gas), regs: regsJson(regs) });
    const r = s.run(1);
    if (r.steps === 0) out.pop(); // no instruction started (an out-of-gas at a block entry)
    if (r.exit === null) {
      if (r.steps === 0) break; // no progress: never loop on an engine that refuses to step
      continue;
    }
    const answer = host[answered];
    if ((r.exit.kind !== 'ecalli' && r.exit.kind !== 'ecall') || answer === undefined) break;
    answered++;
    if (answer.memory === undefined && answer.charge === undefined) {
      s.setReg(7, fromU64(answer.r7));
      s.setReg(8, fromU64(answer.r8));
      continue;
    }
    // a full answer (spec-notes/0063, 0064): a new session from the machine state with the answer applied
    const snap = s.snapshot();
    const applied = answerCoreState(snap, hostAnswerFrom(answer));
    if (applied.rejected) break; // the run ends with Panic: no further instruction
    s = start.call(engine.core, { ...input, pc: snap.pc, ...applied.state, regs: [...applied.state.regs] });
  }
  return out;
}

function jar1Trace(engine: Engine, input: Jar1ProgramInput, limit: number): TraceRecord[] {
  const out: TraceRecord[] = [];
  const { blob, options } = jar1LoadOf(input);
  const loaded = engine.kernel.load(blob, options);
  if (!loaded.ok) return out;
  const s = loaded.value;
  let answered = 0;
  let idle = 0;
  while (out.length < limit) {
    const snap = s.snapshot();
    const vm = snap.vms.find((v) => v.id === snap.active);
    out.push({ vm: snap.active, pc: vm?.pc ?? 0, gas: u64(vm?.gas ?? 0n), regs: regsJson(vm?.regs ?? []) });
    const r = s.run(1);
    if (r.steps === 0) out.pop(); // a kernel transition without an instruction started (an out-of-gas at a block entry)
    if (r.steps === 0 && r.exit === null) {
      if (++idle > 1000) break; // no progress: never loop on an engine that refuses to step
      continue;
    }
    idle = 0;
    if (r.exit === null) continue;
    const answer = input.host[answered];
    if (r.exit.kind !== 'protocol' || answer === undefined) break;
    answered++;
    if (s.answerProtocolCall(hostAnswerFrom(answer)) !== null) break; // the answer ended the invocation (spec-notes/0063)
  }
  return out;
}

/** The trace of a case on an engine (empty for `decode`, and for a gp blob the engine rejects). */
export function traceOf(engine: Engine, kind: CaseKind, profile: Profile, input: VectorInput, limit = MAX_TRACE): TraceRecord[] {
  if (kind === 'isa') {
    const i = input as IsaInput;
    return coreTrace(engine, {
      profile, image: codeFrom(i.code), pc: i.pc, gas: fromU64(i.gas), regs: regsFrom(i.regs), pages: i.pages, memory: memoryFrom(i.memory), memoryPages: i.memoryPages,
    }, [], limit);
  }
  if (kind === 'program' && profile === 'gp') {
    const i = input as GpProgramInput;
    const image = engine.core.parseCode('gp', fromHex(i.blob));
    if (!image.ok) return [];
    return coreTrace(engine, { profile, image: image.value, pc: i.pc, gas: fromU64(i.gas), regs: regsFrom(i.regs), pages: i.pages, memory: memoryFrom(i.memory) }, i.host, limit);
  }
  if (kind === 'program') return jar1Trace(engine, input as Jar1ProgramInput, limit);
  return [];
}

/** The first step where two traces differ, with what differs; null when they agree over their common length and have the same length. */
export function firstTraceDifference(want: readonly TraceRecord[], got: readonly TraceRecord[]): { step: number; lines: string[] } | null {
  const n = Math.min(want.length, got.length);
  for (let k = 0; k < n; k++) {
    const [a, b] = [want[k], got[k]];
    if (a === undefined || b === undefined) break;
    const lines: string[] = [];
    if (a.vm !== b.vm) lines.push(`vm: model ${a.vm}, target ${b.vm}`);
    if (a.pc !== b.pc) lines.push(`pc: model ${a.pc}, target ${b.pc}`);
    if (a.gas !== b.gas) lines.push(`gas: model ${a.gas}, target ${b.gas}`);
    a.regs.forEach((r, i) => { if (r !== b.regs[i]) lines.push(`r${i}: model ${r}, target ${b.regs[i] ?? '(absent)'}`); });
    if (lines.length > 0) return { step: k, lines };
  }
  if (want.length !== got.length) return { step: n, lines: [`the model's trace has ${want.length} records, the target's ${got.length}`] };
  return null;
}
