/**
 * The host's full answer to a protocol call: a gas charge, memory writes into the active VM's address
 * space, and φ7, φ8. Spec: Lean `Accumulation.lean` `handleHostCall` (the charge before the write;
 * `writeByteArray` needs writable pages, else `mkPanic`) and the jar1 kernel loop that resumes with
 * `Kernel.resumeProtocolCall` and the host's memory; spec-notes/0063 (writes), 0064 (charge).
 */
import type { HostAnswer, HostWrite } from '../../vectors/lib/kernel.js';
import type { KernelExit } from '../../vectors/lib/types.js';
import { writeBytes, type Memory } from '../memory.js';
import { checkU64, U32_MOD } from '../numeric.js';
import { memoryOf, writeBack } from './memory-caps.js';
import { resumeProtocolCall } from './run.js';
import { stackDepth, updateVm, type KernelState } from './state.js';

export interface AnswerResult {
  readonly state: KernelState;
  /** null: the active VM runs on; else the exit that ended the invocation. */
  readonly exit: KernelExit | null;
}

/** The active VM's gas less a host charge, saturating at 0 (spec-notes/0064). */
export function chargeGas(s: KernelState, charge: bigint): KernelState {
  checkU64(charge, 'host charge');
  if (charge === 0n) return s;
  return updateVm(s, s.active, (vm) => ({ ...vm, gas: vm.gas > charge ? vm.gas - charge : 0n }));
}

/** The memory after every write, or null when a byte is outside 0..2^32-1 or on a page not mapped writable (spec-notes/0063). */
export function applyWrites(mem: Memory, writes: readonly HostWrite[]): Memory | null {
  let m = mem;
  for (const w of writes) {
    if (w.bytes.length === 0) continue; // an empty write touches no page (Lean `writeByteArray`)
    if (w.address < 0 || w.address + w.bytes.length > Number(U32_MOD)) return null; // no wrap past 2^32
    const r = writeBytes(m, BigInt(w.address), w.bytes);
    if (!r.ok) return null;
    m = r.value;
  }
  return m;
}

/** Model of the host's answer: charge, then the writes (all or none), then φ7, φ8 (spec-notes/0063, 0064). */
export function answerProtocolCall(s: KernelState, answer: HostAnswer): AnswerResult {
  const charged = chargeGas(s, answer.charge ?? 0n);
  const before = memoryOf(charged, charged.active);
  const after = applyWrites(before, answer.writes ?? []);
  if (after === null) { // the invocation ends: the root (if active) is FAULTED as at any root panic; a child keeps its state
    const state = stackDepth(charged) === 0 ? updateVm(charged, charged.active, (vm) => ({ ...vm, status: 'faulted' })) : charged;
    return { state, exit: { kind: 'panic' } };
  }
  const written = writeBack(charged, charged.active, before, after);
  return { state: resumeProtocolCall(written, answer.r7, answer.r8), exit: null };
}
