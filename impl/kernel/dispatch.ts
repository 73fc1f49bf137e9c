/**
 * ecalli and ecall dispatch (model/kernel/dispatch.ts). ecalli imm CALLs the cap in local slot imm
 * (0 = REPLY); ecall performs the management op in φ11 on the subject (high u32 of φ12) and object
 * (low u32) references. Both charge 10 gas first. `vm` is the active VM.
 * Spec: Lean `dispatchEcalli`, `dispatchEcall`; spec-notes/0030, 0032, 0034, 0037, 0048, 0049, 0050, 0052.
 */
import { CHILD_STATUS, type KernelExit } from '../../vectors/lib/types.js';
import { callVm, reply, resume } from './call.js';
import { copy, downgrade, drop, move, setMaxGas } from './cnode.js';
import { copyData, map, retype, split, unmap } from './memory-caps.js';
import { resolveRef } from './resolve.js';
import { kernelFault, outOfGas, what, type DispatchResult } from './results.js';
import { CAP_CALLABLE, CAP_CODE, CAP_DATA, CAP_HANDLE, CAP_PROTOCOL, CAP_UNTYPED, DISPATCH_GAS, type KernelState, type Vm } from './state.js';
import { create } from './vm.js';

const U32 = 0xffffffffn;

/** The protocol exits of ids 0..255, made once (exits are read-only values). */
const PROTOCOL_EXITS: readonly KernelExit[] = Array.from({ length: 256 }, (_, id) => Object.freeze({ kind: 'protocol' as const, id }));

/** CALL on the cap at (owner, slot): ecalli, or ecall op 0 with `dynamic` allowing only protocol/HANDLE/CALLABLE (spec-notes/0049). */
function callCap(k: KernelState, vm: Vm, owner: Vm, slot: number, dynamic: boolean): DispatchResult {
  const cap = owner.caps.get(slot);
  if (cap === undefined) return what(k, vm); // empty slot
  switch (cap.kind) {
    case CAP_PROTOCOL:
      return PROTOCOL_EXITS[cap.id] ?? { kind: 'protocol', id: cap.id }; // every protocol cap exits to the host (spec-notes/0048)
    case CAP_HANDLE:
    case CAP_CALLABLE:
      return callVm(k, vm, cap.vm, cap.maxGas);
    case CAP_UNTYPED:
      return dynamic ? what(k, vm) : retype(k, vm);
    case CAP_CODE:
      return dynamic ? what(k, vm) : create(k, vm, owner, cap.id);
    case CAP_DATA:
      return dynamic ? what(k, vm) : copyData(k, vm, cap);
  }
}

/** ecalli imm: above 127 faults with status 5 before any charge (spec-notes/0037); 0 is REPLY; else CALL local slot imm. */
export function dispatchEcalli(k: KernelState, vm: Vm, imm: number): DispatchResult {
  if (imm > 127) return kernelFault(CHILD_STATUS.invalidEcalli, BigInt(imm));
  if (k.contexts.gasBelow(vm, DISPATCH_GAS)) return outOfGas(); // spec-notes/0034
  k.contexts.charge(vm, DISPATCH_GAS);
  if (imm === 0) return reply(k, vm);
  return callCap(k, vm, vm, imm, false);
}

/** ecall: φ11 (the whole register, spec-notes/0052) is the op; φ12 = subject (high u32) | object (low u32) (spec-notes/0030). */
export function dispatchEcall(k: KernelState, vm: Vm): DispatchResult {
  const c = k.contexts;
  if (c.gasBelow(vm, DISPATCH_GAS)) return outOfGas();
  c.charge(vm, DISPATCH_GAS);
  const op = c.reg(vm, 11);
  if (op > 0x0dn || op === 0x01n || op === 0x08n || op === 0x09n || op === 0x0cn) return what(k, vm); // not an op (DIRTY 0x0C: spec-notes/0032)
  const phi12 = c.reg(vm, 12);
  const subject = resolveRef(k, vm, Number(phi12 >> 32n));
  if (subject === null) return what(k, vm);
  switch (op) {
    case 0x00n: return callCap(k, vm, subject.vm, subject.slot, true);
    case 0x02n: return map(k, vm, subject);
    case 0x03n: return unmap(k, vm, subject);
    case 0x05n: return drop(k, vm, subject);
    case 0x0bn: return setMaxGas(k, vm, subject);
    case 0x0dn: return resume(k, vm, subject);
  }
  const object = resolveRef(k, vm, Number(phi12 & U32)); // binary ops need the object reference too
  if (object === null) return what(k, vm);
  switch (op) {
    case 0x04n: return split(k, vm, subject, object);
    case 0x06n: return move(k, vm, subject, object);
    case 0x07n: return copy(k, vm, subject, object);
    default: return downgrade(k, vm, subject, object); // 0x0A
  }
}
