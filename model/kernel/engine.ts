/**
 * The kernel model behind the engine contract (vectors/lib/kernel.ts): plain snapshots to and from
 * the immutable KernelState (its persistent collections are converted here, at the boundary), and a
 * session object that holds the current state for the harness.
 */
import type {
  CapSnapshot, HostAnswer, KernelEngine, KernelLoadOptions, KernelSession, KernelSnapshot, TraceSink, VmSnapshot,
} from '../../vectors/lib/kernel.js';
import type { KernelExit } from '../../vectors/lib/types.js';
import { programFrom } from '../decode/program.js';
import { answerProtocolCall } from './host.js';
import { loadKernel } from './init.js';
import { resumeProtocolCall, runKernel } from './run.js';
import {
  backingStore, callStack, cnodeOf, pageSet, vmPool, type Cap, type Frame, type KernelState, type Vm,
} from './state.js';

const ascending = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

function capSnapshot(c: Cap): CapSnapshot {
  switch (c.kind) {
    case 'data':
      return { kind: 'data', backing: c.backing, pages: c.pages, base: c.base, access: c.access, mapped: ascending(c.mapped) };
    case 'handle':
    case 'callable':
      return { kind: c.kind, vm: c.vm, maxGas: c.maxGas };
    case 'code':
    case 'protocol':
      return { kind: c.kind, id: c.id };
    case 'untyped':
      return { kind: 'untyped' };
  }
}

function capFrom(c: CapSnapshot): Cap {
  return Object.freeze(c.kind === 'data' ? { ...c, mapped: pageSet(c.mapped) } : { ...c });
}

function vmSnapshot(id: number, vm: Vm): VmSnapshot {
  const slots = ascending(vm.cnode.slots.keys()).map((slot) => ({
    slot, cap: capSnapshot(vm.cnode.slots.get(slot) as Cap), original: vm.cnode.original.has(slot),
  }));
  return { id, status: vm.status, code: vm.code, pc: vm.pc, gas: vm.gas, regs: [...vm.regs], blockPaid: vm.blockPaid, slots };
}

/** The canonical plain snapshot of a kernel state. */
export function toSnapshot(s: KernelState): KernelSnapshot {
  return {
    vms: ascending(s.vms.keys()).map((id) => vmSnapshot(id, s.vms.get(id) as Vm)),
    nextVmId: s.nextVmId,
    active: s.active,
    stack: [...s.stack].map((f) => ({ caller: f.caller, ipcSlot: f.ipcSlot, ipcMapped: f.ipcMapped === null ? null : ascending(f.ipcMapped), ipcCap: f.ipcCap === null ? null : { ...f.ipcCap } })),
    code: s.code.map((p) => ({ code: p.code, bitmask: p.bitmask, jumpTable: p.jumpTable })),
    untyped: { ...s.untyped },
    backing: ascending(s.backing.keys())
      .map((page) => ({ page, bytes: s.backing.get(page) as Uint8Array }))
      .filter((p) => p.bytes.some((b) => b !== 0)),
    memCycles: s.memCycles,
  };
}

/** The kernel state of a snapshot. */
export function fromSnapshot(snap: KernelSnapshot): KernelState {
  const vms = snap.vms.map((v): [number, Vm] => {
    const cnode = cnodeOf(v.slots.map((e) => [e.slot, capFrom(e.cap)] as const), v.slots.filter((e) => e.original).map((e) => e.slot));
    return [v.id, Object.freeze({ status: v.status, code: v.code, regs: Object.freeze([...v.regs]), pc: v.pc, gas: v.gas, cnode, blockPaid: v.blockPaid })];
  });
  const frames = snap.stack.map((f): Frame => Object.freeze({
    caller: f.caller, ipcSlot: f.ipcSlot, ipcMapped: f.ipcMapped === null ? null : pageSet(f.ipcMapped), ipcCap: f.ipcCap === null ? null : Object.freeze({ ...f.ipcCap }),
  }));
  return Object.freeze({
    vms: vmPool(vms), nextVmId: snap.nextVmId, active: snap.active,
    stack: callStack(frames),
    code: Object.freeze(snap.code.map(programFrom)),
    untyped: Object.freeze({ ...snap.untyped }),
    backing: backingStore(snap.backing.map((p) => [p.page, new Uint8Array(p.bytes)] as const)),
    memCycles: snap.memCycles,
  });
}

/** A session over the model: the only mutable thing is which immutable state is current. */
export class ModelKernelSession implements KernelSession {
  /** Set when the load already ended the invocation (init gas short): run() reports it once more each time. */
  private ended: KernelExit | null;

  constructor(public state: KernelState, readonly initGas: bigint, private readonly trace?: TraceSink, initOutOfGas = false) {
    this.ended = initOutOfGas ? { kind: 'oog' } : null;
  }

  run(maxSteps = Infinity): { exit: KernelExit | null; steps: number } {
    if (this.ended !== null) return { exit: this.ended, steps: 0 };
    const r = runKernel(this.state, maxSteps, this.trace);
    this.state = r.state;
    if (r.exit !== null && r.exit.kind !== 'protocol') this.ended = r.exit;
    return { exit: r.exit, steps: r.steps };
  }

  resumeProtocolCall(r7: bigint, r8: bigint): void {
    this.state = resumeProtocolCall(this.state, r7, r8);
  }

  answerProtocolCall(answer: HostAnswer): KernelExit | null {
    if (this.ended !== null) return this.ended;
    const r = answerProtocolCall(this.state, answer);
    this.state = r.state;
    this.ended = r.exit;
    return r.exit;
  }

  snapshot(): KernelSnapshot {
    return toSnapshot(this.state);
  }
}

/** The kernel model as a KernelEngine. */
export const modelKernel: KernelEngine = {
  name: 'model',
  load(blob: Uint8Array, options: KernelLoadOptions) {
    const loaded = loadKernel(blob, { gas: options.gas, ...(options.args ? { args: options.args } : {}), ...(options.reg7 !== undefined ? { reg7: options.reg7 } : {}) });
    if (!loaded.ok) return loaded;
    const { state, initGas, initOutOfGas } = loaded.value;
    return { ok: true, value: new ModelKernelSession(state, initGas, options.trace, initOutOfGas) };
  },
  fromSnapshot(snapshot: KernelSnapshot, trace?: TraceSink) {
    return new ModelKernelSession(fromSnapshot(snapshot), 0n, trace);
  },
};
