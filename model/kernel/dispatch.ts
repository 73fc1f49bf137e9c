/**
 * ecalli and ecall dispatch. ecalli imm CALLs the cap in local slot imm (0 = REPLY); ecall performs
 * the management op in φ11 on the subject (high u32 of φ12) and object (low u32) references.
 * Both charge 10 gas first. Spec: Lean `dispatchEcalli`, `dispatchEcall`; Rust `dispatch_ecalli`,
 * `dispatch_ecall`; spec-notes/0030, 0032, 0034, 0037, 0048, 0049, 0050, 0052.
 */
import { CHILD_STATUS } from '../../vectors/lib/types.js';
import { copy, downgrade, drop, move, setMaxGas } from './cnode.js';
import { callVm, reply, resume } from './call.js';
import { copyData, map, retype, split, unmap } from './memory-caps.js';
import { kernelFault, outOfGas, what, type Dispatch } from './results.js';
import { refOf, resolveRef, type Place } from './resolve.js';
import { activeReg, activeVm, capAt, DISPATCH_GAS, GAS_PER_PAGE, updateVm, type KernelState } from './state.js';
import { create } from './vm.js';

/** Charges the active VM; null when it cannot pay. */
function charge(s: KernelState, gas: bigint): KernelState | null {
  const vm = activeVm(s);
  return vm.gas < gas ? null : updateVm(s, s.active, (v) => ({ ...v, gas: v.gas - gas }));
}

/** CALL on the cap at a place (ecalli, or ecall op 0 with `dynamic` limiting the cap kinds: spec-notes/0049). */
function callCap(s: KernelState, at: Place, dynamic: boolean): Dispatch {
  const cap = capAt(s, at.vm, at.slot);
  if (cap === undefined) return what(s); // empty slot
  switch (cap.kind) {
    case 'protocol':
      return { state: s, result: { kind: 'protocol', id: cap.id } }; // the host answers (spec-notes/0048)
    case 'handle':
    case 'callable':
      return callVm(s, cap.vm, cap.maxGas);
    case 'untyped': {
      if (dynamic) return what(s);
      const paid = charge(s, 10n + activeReg(s, 7) * GAS_PER_PAGE); // RETYPE's own cost (spec-notes/0051)
      return paid === null ? outOfGas(s) : retype(paid);
    }
    case 'code':
      return dynamic ? what(s) : create(s, at, cap.id);
    case 'data':
      return dynamic ? what(s) : copyData(s, at);
  }
}

/** ecalli imm: immediates above 127 fault the VM with status 5 (spec-notes/0037); 0 is REPLY. */
export function dispatchEcalli(s: KernelState, imm: number): Dispatch {
  if (imm > 127) return kernelFault(s, CHILD_STATUS.invalidEcalli, BigInt(imm));
  const paid = charge(s, DISPATCH_GAS);
  if (paid === null) return outOfGas(s); // spec-notes/0034
  if (imm === 0) return reply(paid);
  return callCap(paid, { vm: paid.active, slot: imm }, false);
}

type Op = (s: KernelState, subject: Place, object: () => Place | null) => Dispatch;

/** Binary ops need the object reference to resolve too. */
const withObject = (f: (s: KernelState, subject: Place, object: Place) => Dispatch): Op => (s, subject, object) => {
  const o = object();
  return o === null ? what(s) : f(s, subject, o);
};

const OPS: ReadonlyMap<bigint, Op> = new Map<bigint, Op>([
  [0x00n, (s, at) => callCap(s, at, true)],
  [0x02n, (s, at) => map(s, at)],
  [0x03n, (s, at) => unmap(s, at)],
  [0x04n, withObject(split)],
  [0x05n, (s, at) => drop(s, at)],
  [0x06n, withObject(move)],
  [0x07n, withObject(copy)],
  [0x0an, withObject(downgrade)],
  [0x0bn, (s, at) => setMaxGas(s, at)],
  [0x0dn, (s, at) => (at.vm === s.active ? resume(s, at.slot) : what(s))], // own CNode only (spec-notes/0050)
]);

/** ecall: φ11 = op (the whole register: spec-notes/0052), φ12 = subject (high u32) | object (low u32) (spec-notes/0030). */
export function dispatchEcall(s: KernelState): Dispatch {
  const paid = charge(s, DISPATCH_GAS);
  if (paid === null) return outOfGas(s);
  const op = OPS.get(activeReg(paid, 11)); // DIRTY (0x0C) is not an op yet (spec-notes/0032)
  if (op === undefined) return what(paid);
  const phi12 = activeReg(paid, 12);
  const subject = resolveRef(paid, refOf(phi12 >> 32n));
  if (subject === null) return what(paid);
  return op(paid, subject, () => resolveRef(paid, refOf(phi12)));
}
