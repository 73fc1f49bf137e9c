/**
 * The canonical KernelSnapshot of an impl kernel (vectors/lib/kernel.ts): VMs ascending by id, slots
 * ascending, mapped pages ascending, only backing pages holding a non-zero byte, fresh copies of bytes.
 */
import type { CapSnapshot, FrameSnapshot, KernelSnapshot, SlotSnapshot, VmSnapshot } from '../../vectors/lib/kernel.js';
import { NUM_REGS } from '../../vectors/lib/types.js';
import type { ImplKernel } from './kernel.js';
import { CAP_CALLABLE, CAP_CODE, CAP_DATA, CAP_HANDLE, CAP_PROTOCOL, STATUS_NAMES, type Cap, type Vm } from './state.js';

const ascending = (xs: Iterable<number>): number[] => Array.from(xs).sort((a, b) => a - b);

/** A cap as a snapshot carries it (key order as in vectors/lib/kernel.ts). */
export function capSnapshot(c: Cap): CapSnapshot {
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

function vmSnapshot(k: ImplKernel, vm: Vm): VmSnapshot {
  const slots: SlotSnapshot[] = vm.caps.slots().map((slot) => ({
    slot, cap: capSnapshot(vm.caps.get(slot) as Cap), original: vm.original?.has(slot) === true,
  }));
  const regs: bigint[] = [];
  for (let i = 0; i < NUM_REGS; i++) regs.push(k.reg(vm, i));
  return { id: vm.id, status: STATUS_NAMES[vm.status] ?? 'faulted', code: vm.code, pc: k.pcOf(vm), gas: k.gasOf(vm), regs, blockPaid: k.blockPaidOf(vm), slots };
}

/** The canonical snapshot of the kernel's current state. */
export function toSnapshot(k: ImplKernel): KernelSnapshot {
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
