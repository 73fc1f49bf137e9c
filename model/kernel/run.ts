/**
 * The kernel loop: run the active VM's core until it exits, dispatch the exit, and go on until the
 * root VM ends or a protocol cap needs the host. Spec: Lean `Kernel.runKernel`, `resumeProtocolCall`;
 * Rust `InvocationKernel::run`; spec-notes/0034 (kernel out-of-gas), 0037, 0040.
 */
import { HUH, LOW, type CoreExit, type KernelExit } from '../../vectors/lib/types.js';
import { run } from '../interpreter.js';
import type { CoreConfig } from '../profile.js';
import { makeState, withBlockPaid } from '../state.js';
import { childHalted, childStopped } from './call.js';
import { dispatchEcall, dispatchEcalli } from './dispatch.js';
import { memoryOf, writeBack } from './memory-caps.js';
import type { Dispatch } from './results.js';
import { activeVm, updateVm, vmWithReg, type KernelState } from './state.js';

export interface KernelRun {
  readonly state: KernelState;
  /** null when the step budget ran out first. */
  readonly exit: KernelExit | null;
  readonly steps: number;
}

/** The root VM's exit for a stop with a child status (Lean `runKernel`'s root cases). */
function rootExit(status: bigint, aux: bigint): KernelExit {
  if (status === 3n) return { kind: 'oog' };
  if (status === 4n) return { kind: 'fault', address: aux };
  return { kind: 'panic' }; // trap, panic and invalid ecalli
}

/** The active VM stopped with a status: a child returns control to its caller; the root ends the run. */
function stopActive(s: KernelState, status: bigint, aux: bigint): { state: KernelState; exit: KernelExit | null } {
  const final = updateVm(s, s.active, (vm) => ({ ...vm, gas: status === 3n ? 0n : vm.gas }));
  if (s.stack.length === 0) return { state: updateVm(final, s.active, (vm) => ({ ...vm, status: 'faulted' })), exit: rootExit(status, aux) };
  return { state: childStopped(final, status, aux), exit: null };
}

/** Status and aux of a core exit that is a VM fault (spec/kernel.md "A child stops"). */
function faultOf(exit: CoreExit, r7: bigint): [bigint, bigint] | null {
  switch (exit.kind) {
    case 'trap': return [1n, r7];
    case 'panic': return [2n, HUH];
    case 'oog': return [3n, LOW];
    case 'fault': return [4n, exit.address];
    default: return null;
  }
}

/** Runs the kernel until an exit to the host, or until maxSteps instructions in all. */
export function runKernel(start: KernelState, maxSteps = Infinity): KernelRun {
  let s = start;
  let steps = 0;
  for (;;) {
    const vm = activeVm(s);
    const program = s.code[vm.code];
    if (program === undefined) return { state: s, exit: { kind: 'panic' }, steps }; // invariant: CODE ids come from init
    const before = memoryOf(s, s.active);
    const cfg: CoreConfig = { profile: 'jar1', guardZone: 0, memCycles: s.memCycles };
    const core = run(cfg, program, withBlockPaid(makeState(vm.pc, vm.gas, vm.regs, before), vm.blockPaid), maxSteps - steps);
    steps += core.steps;
    s = writeBack(s, s.active, before, core.state.memory);
    s = updateVm(s, s.active, (v) => ({ ...v, regs: core.state.regs, pc: core.state.pc, gas: core.state.gas, blockPaid: core.exit === null && core.state.blockPaid }));
    if (core.exit === null) return { state: s, exit: null, steps };
    let d: Dispatch;
    if (core.exit.kind === 'ecalli') d = dispatchEcalli(s, core.exit.id);
    else if (core.exit.kind === 'ecall') d = dispatchEcall(s);
    else if (core.exit.kind === 'halt') {
      if (s.stack.length === 0) return { state: updateVm(s, s.active, (v) => ({ ...v, status: 'halted' })), exit: { kind: 'halt', value: core.state.regs[7] ?? 0n }, steps };
      s = childHalted(s);
      continue;
    } else {
      const [status, aux] = faultOf(core.exit, core.state.regs[7] ?? 0n) ?? [2n, HUH];
      const stopped = stopActive(s, status, aux);
      if (stopped.exit !== null) return { state: stopped.state, exit: stopped.exit, steps };
      s = stopped.state;
      continue;
    }
    const r = d.result;
    if (r.kind === 'continue') s = d.state;
    else if (r.kind === 'protocol') return { state: d.state, exit: { kind: 'protocol', id: r.id }, steps };
    else if (r.kind === 'halt') return { state: updateVm(d.state, d.state.active, (v) => ({ ...v, status: 'halted' })), exit: { kind: 'halt', value: r.value }, steps };
    else {
      // a kernel-detected fault: the VM stays at its ecalli/ecall so that RESUME retries it (spec-notes/0034, 0037)
      const at = updateVm(d.state, d.state.active, (v) => ({ ...v, pc: core.lastPc }));
      const stopped = stopActive(at, r.status, r.status === 3n ? LOW : r.aux);
      if (stopped.exit !== null) return { state: stopped.state, exit: stopped.exit, steps };
      s = stopped.state;
    }
  }
}

/** The host's answer to a protocol call: φ7, φ8 of the active VM, which then runs on. */
export function resumeProtocolCall(s: KernelState, r7: bigint, r8: bigint): KernelState {
  return updateVm(s, s.active, (vm) => vmWithReg(vmWithReg(vm, 7, r7), 8, r8));
}
