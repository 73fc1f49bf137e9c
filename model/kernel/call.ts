/**
 * Control transfer between VMs: CALL a HANDLE/CALLABLE, REPLY, RESUME a faulted VM, and a child's
 * stop (trap, panic, out of gas, page fault, halt, invalid ecalli) seen by its caller.
 * Gas moves with control: the callee gets min(caller gas − overhead, ceiling), and whatever it has left
 * goes back to the caller when it stops, so the total is conserved.
 * Spec: Lean `handleCallVm`, `handleReply`, `handleResume`, `handleVmFaultWith`, `handleVmHalt`; Rust
 * `handle_call_vm`, `handle_reply`, `handle_resume`, `handle_vm_fault`; spec-notes/0034, 0035, 0038, 0043, 0044.
 */
import { CHILD_STATUS, HUH } from '../../vectors/lib/types.js';
import { invariant } from '../numeric.js';
import { cont, outOfGas, what, type Dispatch } from './results.js';
import {
  activeVm, CALL_OVERHEAD_GAS, IPC_SLOT, noPages, setCap, topFrame, updateVm, vmOf, vmWithReg, withFramePopped,
  withFramePushed, withKernel, type Cap, type Frame, type KernelState, type Vm,
} from './state.js';

/** Takes the caller's IPC cap (slot φ12 & 0xFF) for the callee's slot 0; a DATA cap leaves the caller's address space. */
function takeIpc(s: KernelState, callee: number): { state: KernelState; frame: Omit<Frame, 'caller'> } | null {
  const slot = Number((activeVm(s).regs[12] ?? 0n) & 0xffn); // in bigint: Number() of a φ12 ≥ 2^53 rounds away its low byte
  const cap = activeVm(s).cnode.slots.get(slot);
  if (slot === IPC_SLOT || cap === undefined) return { state: s, frame: { ipcSlot: null, ipcMapped: null, ipcCap: null } }; // nothing passed
  if (vmOf(s, callee).cnode.slots.has(IPC_SLOT)) return null; // the callee's slot 0 is taken (spec-notes/0044)
  const mapped = cap.kind === 'data' ? cap.mapped : null;
  const passed: Cap = cap.kind === 'data' ? { ...cap, mapped: noPages } : cap;
  const state = setCap(setCap(s, s.active, slot, null), callee, IPC_SLOT, passed);
  return { state, frame: { ipcSlot: slot, ipcMapped: mapped, ipcCap: cap.kind === 'data' ? { backing: cap.backing, pages: cap.pages } : null } };
}

/** Suspends the active VM and starts `target` with `gas`; the frame records how to come back. */
function enter(s: KernelState, target: number, gas: bigint, rest: bigint, frame: Frame, args: boolean): KernelState {
  const caller = s.active;
  const regs = activeVm(s).regs;
  let t = updateVm(s, caller, (vm) => ({ ...vm, status: 'waiting', gas: rest }));
  t = updateVm(t, target, (vm) => {
    let v: Vm = { ...vm, status: 'running', gas };
    if (args) for (const i of [7, 8, 9, 10]) v = vmWithReg(v, i, regs[i] ?? 0n); // φ7..φ10 are the arguments
    return v;
  });
  return withKernel(withFramePushed(t, frame), { active: target });
}

/** Splits the caller's gas after the overhead: the callee's share under the ceiling, and the rest. */
function shares(gas: bigint, ceiling: bigint | null): [bigint, bigint] {
  const after = gas - CALL_OVERHEAD_GAS;
  const callee = ceiling === null || ceiling > after ? after : ceiling;
  return [callee, after - callee];
}

/** CALL on a HANDLE or CALLABLE: the target must be alive and IDLE; the caller pays the overhead. */
export function callVm(s: KernelState, target: number, ceiling: bigint | null): Dispatch {
  const vm = s.vms.get(target);
  if (vm === undefined || vm.status !== 'idle') return what(s); // gone, busy, halted or faulted
  if (activeVm(s).gas < CALL_OVERHEAD_GAS) return outOfGas(s); // cannot pay the overhead
  const ipc = takeIpc(s, target);
  if (ipc === null) return what(s);
  const [calleeGas, rest] = shares(activeVm(s).gas, ceiling);
  return cont(enter(ipc.state, target, calleeGas, rest, { caller: s.active, ...ipc.frame }, true));
}

/** RESUME (ecall 0x0D) of the HANDLE in the active VM's own slot: a FAULTED VM runs on from its pc with new gas. */
export function resume(s: KernelState, slot: number): Dispatch {
  const cap = activeVm(s).cnode.slots.get(slot);
  if (cap?.kind !== 'handle') return what(s); // only through a HANDLE
  if (s.vms.get(cap.vm)?.status !== 'faulted') return what(s); // only a FAULTED VM
  if (activeVm(s).gas < CALL_OVERHEAD_GAS) return outOfGas(s);
  const [calleeGas, rest] = shares(activeVm(s).gas, cap.maxGas);
  return cont(enter(s, cap.vm, calleeGas, rest, { caller: s.active, ipcSlot: null, ipcMapped: null, ipcCap: null }, false));
}

/** Pops the frame: the callee's leftover gas goes to the caller, who runs again with φ7/φ8 set. */
function returnTo(s: KernelState, frame: Frame, status: 'idle' | 'halted' | 'faulted', r7: bigint, r8: bigint): KernelState {
  const callee = s.active;
  const left = vmOf(s, callee).gas;
  let t = updateVm(s, callee, (vm) => ({ ...vm, status, gas: 0n })); // gas leaves with control (spec-notes/0043)
  t = updateVm(t, frame.caller, (vm) => vmWithReg(vmWithReg({ ...vm, status: 'running', gas: vm.gas + left }, 7, r7), 8, r8));
  return withKernel(withFramePopped(t), { active: frame.caller });
}

/**
 * Whether the DATA cap in the callee's slot 0 is the one the caller passed (same backing range): only
 * that cap gets its old mapping back; another DATA cap arrives unmapped, like a MOVE (spec-notes/0038, 0041).
 */
function sameCap(cap: Cap & { kind: 'data' }, frame: Frame): boolean {
  return frame.ipcMapped !== null && frame.ipcCap !== null && frame.ipcCap.backing === cap.backing && frame.ipcCap.pages === cap.pages;
}

/** REPLY (CALL on slot 0): the root halts with φ7; a callee returns φ7, its gas and the IPC cap (re-mapped as before). */
export function reply(s: KernelState): Dispatch {
  const frame = topFrame(s);
  if (frame === undefined) return { state: s, result: { kind: 'halt', value: activeVm(s).regs[7] ?? 0n } };
  let t = s;
  const cap = activeVm(s).cnode.slots.get(IPC_SLOT);
  if (frame.ipcSlot !== null && cap !== undefined) {
    const back: Cap = cap.kind === 'data' ? { ...cap, mapped: sameCap(cap, frame) ? (frame.ipcMapped ?? noPages) : noPages } : cap;
    t = setCap(setCap(t, s.active, IPC_SLOT, null), frame.caller, frame.ipcSlot, back); // spec-notes/0038
  }
  return cont(returnTo(t, frame, 'idle', activeVm(s).regs[7] ?? 0n, 0n));
}

/** A non-root VM stopped other than by REPLY: its caller sees φ8 = status, φ7 = aux (spec-notes/0035: the IPC cap stays). */
export function childStopped(s: KernelState, status: bigint, aux: bigint, final: 'faulted' | 'halted' = 'faulted'): KernelState {
  const frame = topFrame(s);
  invariant(frame !== undefined, 'a child stopped with an empty call stack'); // run.ts stops the root itself
  return returnTo(s, frame, final, aux, status);
}

/** A halt instruction in a child: an error to its caller (status 2 = panic, φ7 = HUH), the child HALTED (spec-notes/0040). */
export const childHalted = (s: KernelState): KernelState => childStopped(s, CHILD_STATUS.panic, HUH, 'halted');
