/**
 * The kernel loop: run the active VM's core until it exits, dispatch the exit, and go on until the
 * root VM ends or a protocol cap needs the host. Spec: Lean `Kernel.runKernel`, `resumeProtocolCall`;
 * Rust `InvocationKernel::run`; spec-notes/0034 (kernel out-of-gas), 0037, 0040.
 */
import { CHILD_STATUS, HUH, LOW, type CoreExit, type KernelExit } from '../../vectors/lib/types.js';
import { run } from '../interpreter.js';
import { invariant } from '../numeric.js';
import type { CoreConfig } from '../profile.js';
import { makeState, withBlockPaid } from '../state.js';
import { childHalted, childStopped } from './call.js';
import { dispatchEcall, dispatchEcalli } from './dispatch.js';
import { memoryOf, writeBack } from './memory-caps.js';
import type { Dispatch } from './results.js';
import { activeVm, stackDepth, updateVm, vmWithReg, type KernelState } from './state.js';
import type { KernelEvent, TraceSink } from '../../vectors/lib/kernel.js';

export interface KernelRun {
  readonly state: KernelState;
  /** null when the step budget ran out first. */
  readonly exit: KernelExit | null;
  readonly steps: number;
}

/** The root VM's exit for a stop with a child status (Lean `runKernel`'s root cases). */
function rootExit(status: bigint, aux: bigint): KernelExit {
  if (status === CHILD_STATUS.oog) return { kind: 'oog' };
  if (status === CHILD_STATUS.fault) return { kind: 'fault', address: aux };
  return { kind: 'panic' }; // trap, panic and invalid ecalli
}

/** The active VM stopped with a status: a child returns control to its caller; the root ends the run. */
function stopActive(s: KernelState, status: bigint, aux: bigint): { state: KernelState; exit: KernelExit | null } {
  const final = updateVm(s, s.active, (vm) => ({ ...vm, gas: status === CHILD_STATUS.oog ? 0n : vm.gas }));
  if (stackDepth(s) === 0) return { state: updateVm(final, s.active, (vm) => ({ ...vm, status: 'faulted' })), exit: rootExit(status, aux) };
  return { state: childStopped(final, status, aux), exit: null };
}

/** Status and aux of a core exit that stops the VM (spec/kernel.md "A child stops"). */
function faultOf(exit: CoreExit & { kind: 'trap' | 'panic' | 'oog' | 'fault' }, r7: bigint): [bigint, bigint] {
  switch (exit.kind) {
    case 'trap': return [CHILD_STATUS.trap, r7];
    case 'panic': return [CHILD_STATUS.panic, HUH];
    case 'oog': return [CHILD_STATUS.oog, LOW];
    case 'fault': return [CHILD_STATUS.fault, exit.address];
  }
}

/** The trace event of a transition: what stopped the core of `vm` at `pc` (with `arg`), and the active VM afterwards. */
function event(vm: number, pc: number, exit: CoreExit, arg: number, after: KernelState): KernelEvent {
  const a = activeVm(after);
  return { vm, pc, cause: exit.kind, arg, active: after.active, gas: a.gas, r7: a.regs[7] ?? 0n, r8: a.regs[8] ?? 0n };
}

/** The trace argument of a core exit (KernelEvent.arg); φ11 is the ecall's op. */
function eventArg(exit: CoreExit, r11: bigint): number {
  if (exit.kind === 'ecalli') return exit.id;
  if (exit.kind === 'ecall') return Number(r11 & 0xffffffffn);
  if (exit.kind === 'fault') return Number(exit.address & 0xffffffffn);
  return 0;
}

/** One kernel transition after the active VM's core stopped with `exit`: the next state, or the exit to the host. */
function transition(s: KernelState, exit: CoreExit, lastPc: number): { state: KernelState; exit: KernelExit | null } {
  let d: Dispatch;
  if (exit.kind === 'ecalli') d = dispatchEcalli(s, exit.id);
  else if (exit.kind === 'ecall') d = dispatchEcall(s);
  else if (exit.kind === 'halt') {
    if (stackDepth(s) === 0) return { state: updateVm(s, s.active, (v) => ({ ...v, status: 'halted' })), exit: { kind: 'halt', value: activeVm(s).regs[7] ?? 0n } };
    return { state: childHalted(s), exit: null };
  } else {
    const [status, aux] = faultOf(exit, activeVm(s).regs[7] ?? 0n);
    return stopActive(s, status, aux);
  }
  const r = d.result;
  if (r.kind === 'continue') return { state: d.state, exit: null };
  if (r.kind === 'protocol') return { state: d.state, exit: { kind: 'protocol', id: r.id } };
  if (r.kind === 'halt') return { state: updateVm(d.state, d.state.active, (v) => ({ ...v, status: 'halted' })), exit: { kind: 'halt', value: r.value } };
  // a kernel-detected fault: the VM stays at its ecalli/ecall so that RESUME retries it (spec-notes/0034, 0037)
  const at = updateVm(d.state, d.state.active, (v) => ({ ...v, pc: lastPc }));
  return stopActive(at, r.status, r.aux);
}

/** Runs the kernel until an exit to the host, or until maxSteps instructions in all; `trace` sees every transition. */
export function runKernel(start: KernelState, maxSteps = Infinity, trace?: TraceSink): KernelRun {
  let s = start;
  let steps = 0;
  for (;;) {
    const vm = activeVm(s);
    const program = s.code[vm.code];
    invariant(program !== undefined, `VM ${s.active} runs CODE cap ${vm.code}, which does not exist`); // CODE ids come from init and CREATE
    const before = memoryOf(s, s.active);
    const cfg: CoreConfig = { profile: 'jar1', guardZone: 0, memCycles: s.memCycles };
    const core = run(cfg, program, withBlockPaid(makeState(vm.pc, vm.gas, vm.regs, before), vm.blockPaid), maxSteps - steps);
    steps += core.steps;
    s = writeBack(s, s.active, before, core.state.memory);
    s = updateVm(s, s.active, (v) => ({ ...v, regs: core.state.regs, pc: core.state.pc, gas: core.state.gas, blockPaid: core.exit === null && core.state.blockPaid }));
    if (core.exit === null) return { state: s, exit: null, steps };
    const from = s.active;
    const arg = eventArg(core.exit, core.state.regs[11] ?? 0n);
    const next = transition(s, core.exit, core.lastPc);
    trace?.(event(from, core.lastPc, core.exit, arg, next.state));
    s = next.state;
    if (next.exit !== null) return { state: s, exit: next.exit, steps };
  }
}

/** The host's answer to a protocol call: φ7, φ8 of the active VM, which then runs on. */
export function resumeProtocolCall(s: KernelState, r7: bigint, r8: bigint): KernelState {
  return updateVm(s, s.active, (vm) => vmWithReg(vmWithReg(vm, 7, r7), 8, r8));
}
