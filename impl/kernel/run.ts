/**
 * The kernel loop (model/kernel/run.ts): run the active VM's core until it exits, dispatch the exit
 * (ecalli/ecall: dispatch.ts; halt, trap, panic, out of gas, page fault: the VM stops), and go on until
 * the root VM ends or a protocol cap needs the host. One core machine runs every VM: a switch loads the
 * VM's pc, registers and gas from the context store and its address space, and saves them back.
 * Spec: Lean `Kernel.runKernel`, `resumeProtocolCall`; spec-notes/0034 (kernel out of gas), 0035, 0037, 0040.
 */
import type { KernelEvent, KernelRunResult, TraceSink } from '../../vectors/lib/kernel.js';
import { CHILD_STATUS, HUH, LOW, type KernelExit } from '../../vectors/lib/types.js';
import {
  EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP,
  type AddressSpace, type CoreFactory, type CoreMachine,
} from '../core/api.js';
import { childHalted, childStopped } from './call.js';
import { dispatchEcall, dispatchEcalli } from './dispatch.js';
import { materialise } from './memory.js';
import { CONTINUE, type DispatchResult } from './results.js';
import { ST_FAULTED, ST_HALTED, type KernelState, type Vm } from './state.js';

/** Trace causes by core exit code. */
const CAUSES = ['halt', 'trap', 'panic', 'oog', 'fault', 'ecalli', 'ecall'] as const;

/** The one core machine of a kernel: it holds a VM's pc, gas, registers and memory only while runKernel runs it. */
export class CoreSlot {
  readonly machine: CoreMachine;
  /** The machine offers gasNumber: a VM's gas moves in and out of it without a bigint. */
  readonly numberGas: boolean;
  /** What the machine sees for a VM without memory: never mapped, so never written. */
  readonly noMemory: AddressSpace;
  /** The address space the machine has (saves a setter call while the same VM runs on). */
  space: AddressSpace | null = null;

  constructor(factory: CoreFactory) {
    this.machine = factory.createMachine('jar1');
    this.numberGas = 'gasNumber' in this.machine;
    this.noMemory = factory.createAddressSpace();
  }
}

/** The root VM's exit for a stop with a child status (Lean `runKernel`'s root cases). */
function rootExit(status: bigint, aux: bigint): KernelExit {
  if (status === CHILD_STATUS.oog) return { kind: 'oog' };
  if (status === CHILD_STATUS.fault) return { kind: 'fault', address: aux };
  return { kind: 'panic' }; // trap, panic and invalid ecalli
}

/** The active VM stops with a child status: a child returns control to its caller; the root ends the run. */
function stopActive(k: KernelState, vm: Vm, status: bigint, aux: bigint): KernelExit | null {
  if (status === CHILD_STATUS.oog) k.contexts.setGas(vm, 0n);
  if (k.stack.length === 0) {
    vm.status = ST_FAULTED;
    return rootExit(status, aux);
  }
  childStopped(k, vm, status, aux); // the IPC cap stays with the faulted VM (spec-notes/0035)
  return CONTINUE;
}

/** A halt instruction: the root ends with Halt(φ7); a child is HALTED and its caller sees an error (spec-notes/0040). */
function halted(k: KernelState, vm: Vm): KernelExit | null {
  if (k.stack.length === 0) {
    vm.status = ST_HALTED;
    return { kind: 'halt', value: k.contexts.reg(vm, 7) };
  }
  childHalted(k, vm);
  return CONTINUE;
}

/** A dispatch's result; a kernel-detected fault leaves the VM at its ecalli/ecall (`pc`) so that RESUME retries it (spec-notes/0034, 0037). */
function settle(k: KernelState, vm: Vm, r: DispatchResult, pc: number): KernelExit | null {
  if (r === CONTINUE || r.kind !== 'kernel-fault') return r;
  vm.pc = pc;
  return stopActive(k, vm, r.status, r.aux);
}

/** One kernel transition after the active VM's core stopped with `exit` (argument `arg`) at `pc`: null, or the exit to the host. */
function transition(k: KernelState, vm: Vm, exit: number, arg: number, pc: number): KernelExit | null {
  switch (exit) {
    case EXIT_ECALLI: return settle(k, vm, dispatchEcalli(k, vm, arg), pc);
    case EXIT_ECALL: return settle(k, vm, dispatchEcall(k, vm), pc);
    case EXIT_HALT: return halted(k, vm);
    case EXIT_TRAP: return stopActive(k, vm, CHILD_STATUS.trap, k.contexts.reg(vm, 7));
    case EXIT_PANIC: return stopActive(k, vm, CHILD_STATUS.panic, HUH);
    case EXIT_OOG: return stopActive(k, vm, CHILD_STATUS.oog, LOW);
    case EXIT_FAULT: return stopActive(k, vm, CHILD_STATUS.fault, BigInt(arg >>> 0));
    default: throw new Error(`invariant: core exit code ${exit}`);
  }
}

/** The trace event of a transition: what stopped the core of VM `vm` at `pc` (with `arg`), and the active VM afterwards. */
function event(k: KernelState, vm: number, pc: number, exit: number, arg: number): KernelEvent {
  const a = k.active;
  return { vm, pc, cause: CAUSES[exit] ?? 'panic', arg, active: a.id, gas: k.contexts.gasOf(a), r7: k.contexts.reg(a, 7), r8: k.contexts.reg(a, 8) };
}

/** Runs the kernel until an exit to the host, or until maxSteps instructions in all (exit null); `trace` sees every transition. */
export function runKernel(k: KernelState, core: CoreSlot, maxSteps: number, trace: TraceSink | undefined): KernelRunResult {
  const m = core.machine;
  const numberGas = core.numberGas;
  const noMemory = core.noMemory;
  const c = k.contexts;
  let steps = 0;
  for (;;) {
    const vm = k.active;
    const code = k.compiled[vm.code];
    if (code === undefined) throw new Error(`invariant: VM ${vm.id} runs CODE cap ${vm.code}, which does not exist`);
    m.pc = vm.pc; // load the VM into the machine, run it, and save it back
    m.blockPaid = vm.blockPaid;
    c.load(vm, m, numberGas);
    const space = vm.space ?? noMemory;
    if (core.space !== space) {
      m.memory = space;
      core.space = space;
    }
    const exit = m.run(code, maxSteps - steps);
    steps += m.steps;
    vm.pc = m.pc;
    c.save(vm, m, numberGas);
    if (exit === EXIT_BUDGET) {
      vm.blockPaid = m.blockPaid;
      return { exit: null, steps };
    }
    if (exit === EXIT_FAULT && vm.lazy !== null && materialise(vm, m.exitArg >>> 12, k.backing)) {
      steps -= 1; // not a VM outcome: the instruction runs again, inside its paid block, on the new page
      vm.blockPaid = true;
      continue;
    }
    vm.blockPaid = false;
    const pc = m.lastPc;
    const arg = exit === EXIT_ECALLI || exit === EXIT_FAULT ? m.exitArg : exit === EXIT_ECALL ? c.lo(vm, 11) : 0;
    const out = transition(k, vm, exit, arg, pc);
    if (trace !== undefined) trace(event(k, vm.id, pc, exit, arg));
    if (out !== CONTINUE) return { exit: out, steps };
  }
}

/** The host's answer to a protocol call: φ7, φ8 of the active VM, which then runs on (Lean `resumeProtocolCall`). */
export function resumeProtocolCall(k: KernelState, r7: bigint, r8: bigint): void {
  k.contexts.setReg(k.active, 7, r7);
  k.contexts.setReg(k.active, 8, r8);
}
