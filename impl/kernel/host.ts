/**
 * Host answers in the impl kernel: the memory writes of a protocol-call answer, checked against the
 * active VM's own pages and then written through to the backing store (spec-notes/0063).
 */
import type { HostWrite } from '../../vectors/lib/kernel.js';
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import { materialise } from './memory.js';
import type { Backing, Vm } from './state.js';

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
