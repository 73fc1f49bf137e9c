/**
 * CREATE (CALL on a CODE cap): a new IDLE VM running that code, whose cap table holds copies of the
 * caps at the φ7 bitmask's slots (0..63) of the CNode holding the CODE cap, and a HANDLE to it at φ12.
 * Spec: Lean `handleCreate`, Rust `handle_call_code`; spec-notes/0036 (validate first), 0039 (non-copyable),
 * 0040 (original bits in the child).
 */
import { NUM_REGS } from '../../vectors/lib/types.js';
import { cont, what, type Dispatch } from './results.js';
import { refOf, resolveRef, type Place } from './resolve.js';
import {
  activeReg, capAt, cnodeOf, isCopyable, liveVms, MAX_VMS, setActiveReg, setCap, vmOf, withKernel, withVm, type Cap, type KernelState, type Vm,
} from './state.js';

/** CREATE from the CODE cap at `code` (its CNode is the bitmask's source). */
export function create(s: KernelState, code: Place, codeId: number): Dispatch {
  const bitmask = activeReg(s, 7);
  if (liveVms(s) >= MAX_VMS) return what(s); // VM pool full
  const slots: [number, Cap][] = [];
  for (let bit = 0; bit < 64; bit++) {
    if (((bitmask >> BigInt(bit)) & 1n) === 0n) continue;
    const cap = vmOf(s, code.vm).cnode.slots.get(bit);
    if (cap === undefined) continue; // empty slots are skipped
    if (!isCopyable(cap)) return what(s); // a unique cap cannot be shared (spec-notes/0039)
    slots.push([bit, cap]);
  }
  const dst = resolveRef(s, refOf(activeReg(s, 12)));
  if (dst === null) return what(s); // destination unreachable
  if (capAt(s, dst.vm, dst.slot) !== undefined) return what(s); // destination occupied (spec-notes/0036: no VM made)
  const id = s.nextVmId;
  const child: Vm = { status: 'idle', code: codeId, regs: Object.freeze(new Array<bigint>(NUM_REGS).fill(0n)), pc: 0, gas: 0n, cnode: cnodeOf(slots), blockPaid: false };
  const added = withKernel(withVm(s, id, child), { nextVmId: id + 1 });
  return cont(setActiveReg(setCap(added, dst.vm, dst.slot, { kind: 'handle', vm: id, maxGas: null }), 7, BigInt(dst.slot)));
}
