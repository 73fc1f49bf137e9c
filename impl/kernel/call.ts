/**
 * Control transfer between VMs (model/kernel/call.ts): CALL a HANDLE/CALLABLE, REPLY, RESUME a faulted
 * VM, and a child's stop (trap, panic, out of gas, page fault, halt, invalid ecalli) seen by its caller.
 * Gas moves with control: the callee gets min(caller gas − overhead, ceiling), and whatever it has left
 * goes back to the caller when it stops, so the total is conserved. `vm` is the active VM.
 * Spec: Lean `handleCallVm`, `handleReply`, `handleResume`, `handleVmFaultWith`, `handleVmHalt`;
 * spec-notes/0034, 0035, 0038, 0040, 0041, 0043, 0044, 0050.
 */
import { CHILD_STATUS, HUH } from '../../vectors/lib/types.js';
import { mapPages, unmapAll } from './memory.js';
import type { Place } from './resolve.js';
import { CONTINUE, outOfGas, what, type DispatchResult } from './results.js';
import {
  ADDRESS_PAGES, CALL_GAS, CAP_DATA, CAP_HANDLE, ST_FAULTED, ST_HALTED, ST_IDLE, ST_RUNNING, ST_WAITING,
  type DataCap, type Frame, type KernelState, type Vm,
} from './state.js';

/** Suspends the caller and starts the callee; the callee's share of the gas after the overhead is capped by the ceiling. */
function enter(k: KernelState, caller: Vm, callee: Vm, ceiling: bigint | null, frame: Frame, args: boolean): void {
  const c = k.contexts;
  c.charge(caller, CALL_GAS); // checked before the CALL's other rules (spec-notes/0034)
  if (ceiling !== null && ceiling < c.gasOf(caller)) {
    c.setGas(caller, c.gasOf(caller) - ceiling); // the callee's share is the ceiling
    c.setGas(callee, ceiling);
  } else {
    c.handGas(caller, callee); // the callee's share is all the caller has
  }
  caller.status = ST_WAITING;
  callee.status = ST_RUNNING;
  if (args) for (let i = 7; i <= 10; i++) c.copyReg(caller, callee, i); // φ7..φ10 are the arguments
  k.stack.push(frame);
  k.active = callee;
}

/** Takes the caller's IPC cap (slot φ12 & 0xFF) into the callee's slot 0, a DATA cap unmapped; the frame, or null when the callee's slot 0 is taken (spec-notes/0044). */
function takeIpc(k: KernelState, vm: Vm, callee: Vm): Frame | null {
  const ipcSlot = k.contexts.lo(vm, 12) & 0xff;
  const cap = ipcSlot === 0 ? undefined : vm.caps.get(ipcSlot);
  if (cap === undefined) return { caller: vm, ipcSlot: -1, ipcMapped: null, ipcCap: null }; // nothing passed
  if (callee.caps.has(0)) return null;
  let ipcMapped: number[] | null = null;
  let ipcCap: Frame['ipcCap'] = null;
  if (cap.kind === CAP_DATA) {
    ipcCap = { backing: cap.backing, pages: cap.pages };
    ipcMapped = cap.mapped === null ? [] : [...cap.mapped].sort((a, b) => a - b);
    unmapAll(vm, cap); // it leaves the caller's address space and arrives unmapped
  }
  vm.set(ipcSlot, null);
  callee.set(0, cap);
  return { caller: vm, ipcSlot, ipcMapped, ipcCap };
}

/** CALL on a HANDLE or CALLABLE: target alive and IDLE, overhead paid, the IPC cap passed; φ7..φ10 are the arguments. */
export function callVm(k: KernelState, vm: Vm, target: number, ceiling: bigint | null): DispatchResult {
  const callee = k.vms.get(target);
  if (callee === undefined || callee.status !== ST_IDLE) return what(k, vm); // gone, busy, halted or faulted
  if (k.contexts.gasBelow(vm, CALL_GAS)) return outOfGas(); // cannot pay the overhead (spec-notes/0034)
  const frame = takeIpc(k, vm, callee);
  if (frame === null) return what(k, vm); // the callee's slot 0 is taken
  enter(k, vm, callee, ceiling, frame, true);
  return CONTINUE;
}

/** RESUME (ecall 0x0D) of a FAULTED VM through a HANDLE in the active VM's own CNode: gas as CALL, no arguments (spec-notes/0050). */
export function resume(k: KernelState, vm: Vm, at: Place): DispatchResult {
  if (at.vm !== vm) return what(k, vm); // own CNode only: no indirection
  const cap = vm.caps.get(at.slot);
  if (cap?.kind !== CAP_HANDLE) return what(k, vm); // only through a HANDLE
  const target = k.vms.get(cap.vm);
  if (target === undefined || target.status !== ST_FAULTED) return what(k, vm); // only a FAULTED VM
  if (k.contexts.gasBelow(vm, CALL_GAS)) return outOfGas();
  enter(k, vm, target, cap.maxGas, { caller: vm, ipcSlot: -1, ipcMapped: null, ipcCap: null }, false);
  return CONTINUE;
}

/** Pops the frame: the callee's gas goes back (spec-notes/0043), the caller runs with φ7 (null: the callee's φ7) and φ8. */
function returnTo(k: KernelState, callee: Vm, status: number, r7: bigint | null, r8: bigint): void {
  const frame = k.stack.pop();
  if (frame === undefined) throw new Error('invariant: return with an empty call stack');
  const c = k.contexts;
  const caller = frame.caller;
  callee.status = status;
  caller.status = ST_RUNNING;
  c.addGas(callee, caller); // the callee's gas goes back
  if (r7 === null) c.copyReg(callee, caller, 7); // REPLY: the callee's φ7
  else c.setReg(caller, 7, r7);
  if (r8 === 0n) c.setSmall(caller, 8, 0);
  else c.setReg(caller, 8, r8);
  k.active = caller;
}

/** The passed DATA cap back in the caller with exactly the pages it had mapped before the CALL (spec-notes/0038). */
function remap(k: KernelState, caller: Vm, cap: DataCap, pages: readonly number[]): void {
  if (cap.base < 0) return;
  for (const p of pages) {
    if (p >= cap.pages || cap.base + p >= ADDRESS_PAGES) continue;
    const o = caller.owners?.get(cap.base + p);
    if (o !== undefined && o !== cap) continue; // another cap maps that page now
    mapPages(caller, cap, p, 1, k.backing, k.newSpace);
  }
}

/** Whether the DATA cap in the callee's slot 0 is the one the caller passed (same backing range): only that one is re-mapped (spec-notes/0038, 0041). */
function sameCap(cap: DataCap, frame: Frame): boolean {
  return frame.ipcMapped !== null && frame.ipcCap !== null && cap.backing === frame.ipcCap.backing && cap.pages === frame.ipcCap.pages;
}

/** REPLY (ecalli 0): the root halts with φ7; a callee goes IDLE, returning φ7, its gas and the IPC cap, re-mapped as before (spec-notes/0038). */
export function reply(k: KernelState, vm: Vm): DispatchResult {
  const frame = k.stack[k.stack.length - 1];
  if (frame === undefined) {
    vm.status = ST_HALTED;
    return { kind: 'halt', value: k.contexts.reg(vm, 7) };
  }
  const cap = vm.caps.get(0);
  if (frame.ipcSlot >= 0 && cap !== undefined) {
    if (cap.kind === CAP_DATA) unmapAll(vm, cap);
    vm.set(0, null);
    frame.caller.set(frame.ipcSlot, cap);
    if (cap.kind === CAP_DATA && sameCap(cap, frame)) remap(k, frame.caller, cap, frame.ipcMapped ?? []); // another DATA cap arrives unmapped (0041)
  }
  returnTo(k, vm, ST_IDLE, null, 0n);
  return CONTINUE;
}

/** A child stopped other than by REPLY: FAULTED, its caller sees φ8 = status, φ7 = aux (the IPC cap stays: spec-notes/0035). */
export function childStopped(k: KernelState, vm: Vm, status: bigint, aux: bigint): void {
  returnTo(k, vm, ST_FAULTED, aux, status);
}

/** A halt instruction in a child: HALTED, an error to its caller (status 2 as a panic, φ7 = HUH: spec-notes/0040). */
export function childHalted(k: KernelState, vm: Vm): void {
  returnTo(k, vm, ST_HALTED, HUH, CHILD_STATUS.panic);
}
