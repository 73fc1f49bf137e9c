/**
 * The impl kernel state to and from the canonical KernelSnapshot (vectors/lib/kernel.ts; the model's
 * pair is model/kernel/engine.ts `toSnapshot`, `fromSnapshot`), through KernelState and its context
 * store: VMs ascending by id, slots ascending, mapped pages ascending, only backing pages holding a
 * non-zero byte, fresh copies of bytes.
 */
import type { CapSnapshot, FrameSnapshot, KernelSnapshot, SlotSnapshot, VmSnapshot } from '../../vectors/lib/kernel.js';
import { NUM_REGS, PAGE_SIZE } from '../../vectors/lib/types.js';
import type { CoreFactory } from '../core/api.js';
import { mapPages } from './memory.js';
import {
  CAP_CALLABLE, CAP_CODE, CAP_DATA, CAP_HANDLE, CAP_PROTOCOL, DataCap, emptyKernel, STATUS_NAMES, UNTYPED,
  type Cap, type KernelState, type Vm,
} from './state.js';

const ascending = (xs: Iterable<number>): number[] => Array.from(xs).sort((a, b) => a - b);

/** A cap as a snapshot carries it (key order as in vectors/lib/kernel.ts). */
function capSnapshot(c: Cap): CapSnapshot {
  switch (c.kind) {
    case CAP_DATA:
      return { kind: 'data', backing: c.backing, pages: c.pages, base: c.base < 0 ? null : c.base, access: c.access, mapped: c.mapped === null ? [] : ascending(c.mapped) };
    case CAP_HANDLE:
      return { kind: 'handle', vm: c.vm, maxGas: c.maxGas };
    case CAP_CALLABLE:
      return { kind: 'callable', vm: c.vm, maxGas: c.maxGas };
    case CAP_CODE:
      return { kind: 'code', id: c.id };
    case CAP_PROTOCOL:
      return { kind: 'protocol', id: c.id };
    default:
      return { kind: 'untyped' };
  }
}

function vmSnapshot(k: KernelState, vm: Vm): VmSnapshot {
  const slots: SlotSnapshot[] = vm.caps.slots().map((slot) => ({
    slot, cap: capSnapshot(vm.caps.get(slot) as Cap), original: vm.original?.has(slot) === true,
  }));
  const regs: bigint[] = [];
  for (let i = 0; i < NUM_REGS; i++) regs.push(k.contexts.reg(vm, i));
  return { id: vm.id, status: STATUS_NAMES[vm.status] ?? 'faulted', code: vm.code, pc: vm.pc, gas: k.contexts.gasOf(vm), regs, blockPaid: vm.blockPaid, slots };
}

/** The canonical snapshot of a kernel state. */
export function toSnapshot(k: KernelState): KernelSnapshot {
  const stack: FrameSnapshot[] = k.stack.map((f) => ({ caller: f.caller.id, ipcSlot: f.ipcSlot < 0 ? null : f.ipcSlot, ipcMapped: f.ipcMapped === null ? null : [...f.ipcMapped], ipcCap: f.ipcCap === null ? null : { backing: f.ipcCap.backing, pages: f.ipcCap.pages } }));
  const backing = ascending(k.backing.pages.keys())
    .map((page) => ({ page, bytes: (k.backing.pages.get(page) as Uint8Array).slice() }))
    .filter((p) => p.bytes.some((b) => b !== 0));
  return {
    vms: k.vms.all().map((vm) => vmSnapshot(k, vm)),
    nextVmId: k.nextVmId,
    active: k.active.id,
    stack,
    code: k.images.map((img) => ({ code: Uint8Array.from(img.code), bitmask: Uint8Array.from(img.bitmask), jumpTable: Array.from(img.jumpTable) })),
    untyped: { offset: k.untypedOffset, total: k.untypedTotal },
    backing,
    memCycles: k.memCycles,
  };
}

/** A snapshot's cap as the kernel holds it. */
function capFrom(c: CapSnapshot): Cap {
  switch (c.kind) {
    case 'data': {
      const cap = new DataCap(c.backing, c.pages);
      cap.base = c.base ?? -1;
      cap.access = c.access;
      return cap;
    }
    case 'handle': return { kind: CAP_HANDLE, vm: c.vm, maxGas: c.maxGas };
    case 'callable': return { kind: CAP_CALLABLE, vm: c.vm, maxGas: c.maxGas };
    case 'code': return { kind: CAP_CODE, id: c.id };
    case 'protocol': return { kind: CAP_PROTOCOL, id: c.id };
    case 'untyped': return UNTYPED;
  }
}

/** The kernel state a snapshot describes, over a core (a snapshot that names a missing VM or CODE cap is a caller bug: it throws). */
export function fromSnapshot(factory: CoreFactory, snap: KernelSnapshot): KernelState {
  const images = snap.code.map((c) => ({ code: Uint8Array.from(c.code), bitmask: Uint8Array.from(c.bitmask), jumpTable: [...c.jumpTable] }));
  const k = emptyKernel(factory, images, snap.memCycles);
  k.nextVmId = snap.nextVmId;
  k.untypedOffset = snap.untyped.offset;
  k.untypedTotal = snap.untyped.total;
  for (const p of snap.backing) {
    if (p.bytes.length !== PAGE_SIZE) throw new Error(`snapshot: backing page ${p.page} has ${p.bytes.length} bytes, expected ${PAGE_SIZE}`);
    k.backing.pages.set(p.page, Uint8Array.from(p.bytes));
  }
  for (const v of snap.vms) {
    if (v.code < 0 || v.code >= images.length) throw new Error(`snapshot: vms[id ${v.id}].code = ${v.code}, expected an index into code (${images.length} entries)`);
    const vm = k.addVm(v.id, v.code);
    vm.status = STATUS_NAMES.indexOf(v.status);
    vm.pc = v.pc;
    vm.blockPaid = v.blockPaid;
    k.contexts.setGas(vm, v.gas);
    v.regs.forEach((r, i) => k.contexts.setReg(vm, i, r));
    for (const s of v.slots) {
      const cap = capFrom(s.cap);
      vm.caps.put(s.slot, cap);
      if (s.original) (vm.original ??= new Set()).add(s.slot);
      if (cap.kind === CAP_DATA && s.cap.kind === 'data') for (const p of s.cap.mapped) mapPages(vm, cap, p, 1, k.backing, k.newSpace);
    }
  }
  const active = k.vms.get(snap.active);
  if (active === undefined) throw new Error(`snapshot: active = ${snap.active} names no VM`);
  k.active = active;
  for (const f of snap.stack) {
    const caller = k.vms.get(f.caller);
    if (caller === undefined) throw new Error(`snapshot: stack frame caller ${f.caller} names no VM`);
    k.stack.push({ caller, ipcSlot: f.ipcSlot ?? -1, ipcMapped: f.ipcMapped === null ? null : [...f.ipcMapped], ipcCap: f.ipcCap === null ? null : { backing: f.ipcCap.backing, pages: f.ipcCap.pages } });
  }
  return k;
}
