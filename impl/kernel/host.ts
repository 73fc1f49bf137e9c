/**
 * The host's full answer to a protocol call (model/kernel/host.ts): a gas charge, memory writes into
 * the active VM's address space (checked against its own pages, then written through to the backing
 * store), and φ7, φ8. Spec: Lean `Accumulation.lean` `handleHostCall`, `Kernel.resumeProtocolCall`;
 * spec-notes/0063 (writes), 0064 (charge).
 */
import type { HostAnswer, HostWrite } from '../../vectors/lib/kernel.js';
import { PAGE_SIZE, type KernelExit } from '../../vectors/lib/types.js';
import { materialise } from './memory.js';
import { resumeProtocolCall } from './run.js';
import { ST_FAULTED, type Backing, type KernelState, type Vm } from './state.js';

const ADDRESS_END = 2 ** 32;

/** Whether every byte of every write lies below 2^32 on a page the VM maps writable (spec-notes/0063). */
export function writesAllowed(vm: Vm, writes: readonly HostWrite[]): boolean {
  for (const w of writes) {
    const n = w.bytes.length;
    if (n === 0) continue; // touches no page
    if (!Number.isSafeInteger(w.address) || w.address < 0 || w.address + n > ADDRESS_END) return false;
    for (let page = Math.floor(w.address / PAGE_SIZE); page <= Math.floor((w.address + n - 1) / PAGE_SIZE); page++) {
      if (vm.owners?.get(page)?.access !== 'W') return false;
    }
  }
  return true;
}

/** Writes allowed bytes in order through the VM's DATA caps into the backing pages (lazy pages are allocated first). */
export function applyWrites(vm: Vm, writes: readonly HostWrite[], backing: Backing): void {
  for (const w of writes) {
    let done = 0;
    while (done < w.bytes.length) {
      const address = w.address + done;
      const page = Math.floor(address / PAGE_SIZE);
      const cap = vm.owners?.get(page);
      if (cap === undefined) throw new Error(`invariant: host write to page ${page}, which writesAllowed passed but is not mapped`);
      if (vm.lazy?.has(page) === true) materialise(vm, page, backing);
      const bytes = backing.materialise(cap.backing + page - cap.base); // a W page outside `lazy` already has its bytes
      const offset = address % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, w.bytes.length - done);
      bytes.set(w.bytes.subarray(done, done + n), offset); // in place: the address space maps this very array
      done += n;
    }
  }
}

/** The VM's gas less a host charge (a u64), saturating at 0 (spec-notes/0064). */
export function chargeGas(k: KernelState, vm: Vm, charge: bigint): void {
  if (charge < 0n || charge >= 1n << 64n) throw new Error(`invariant: host charge ${charge} is not a u64`);
  if (charge === 0n) return;
  const gas = k.contexts.gasOf(vm);
  k.contexts.setGas(vm, gas > charge ? gas - charge : 0n);
}

/** The host's answer: charge, then the writes (all or none), then φ7, φ8; null (the VM runs on) or the panic that ends the invocation (spec-notes/0063, 0064). */
export function answerProtocolCall(k: KernelState, answer: HostAnswer): KernelExit | null {
  const vm = k.active;
  chargeGas(k, vm, answer.charge ?? 0n);
  const writes = answer.writes ?? [];
  if (!writesAllowed(vm, writes)) { // the invocation ends: the root (if active) is FAULTED as at any root panic; a child keeps its state
    if (k.stack.length === 0) vm.status = ST_FAULTED;
    return { kind: 'panic' };
  }
  applyWrites(vm, writes, k.backing);
  resumeProtocolCall(k, answer.r7, answer.r8);
  return null;
}
