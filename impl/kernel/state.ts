/**
 * Kernel state of the impl (model/kernel/state.ts): caps, VMs (a small object each: their registers
 * and gas live in the context store, contexts.ts, so one core machine runs them all), call frames,
 * the lazily allocated backing store, and `KernelState`, which holds them all. Mutable: the
 * operations (cnode.ts, memory-caps.ts, vm.ts, call.ts) change it in place.
 * Spec: kernel.md (caps, VM states, call stack); Lean `Capability.lean`, `Kernel.KernelState`;
 * spec-notes/0029 (per-VM address spaces over one backing store), 0047 (original bits).
 */
import type { CodeImage, PageAccess } from '../../vectors/lib/types.js';
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import type { AddressSpace, CompiledCode, CoreFactory } from '../core/api.js';
import { ContextStore, type Context } from './contexts.js';
import { CapTable, VmTable } from './tables.js';

export const CAP_UNTYPED = 0;
export const CAP_DATA = 1;
export const CAP_CODE = 2;
export const CAP_HANDLE = 3;
export const CAP_CALLABLE = 4;
export const CAP_PROTOCOL = 5;

export const ST_IDLE = 0;
export const ST_RUNNING = 1;
export const ST_WAITING = 2;
export const ST_HALTED = 3;
export const ST_FAULTED = 4;
export const STATUS_NAMES = ['idle', 'running', 'waiting', 'halted', 'faulted'] as const;

export const MAX_VMS = 65535;
export const MAX_CODE_CAPS = 5;
export const UNTYPED_SLOT = 254;
export const ADDRESS_PAGES = 0x100000;
export const DISPATCH_GAS = 10;
export const CALL_GAS = 10;
export const PAGE_GAS = 1500n;

export interface UntypedCap { readonly kind: typeof CAP_UNTYPED }
export interface CodeCap { readonly kind: typeof CAP_CODE; readonly id: number }
export interface ProtocolCap { readonly kind: typeof CAP_PROTOCOL; readonly id: number }
/** HANDLE or CALLABLE; immutable (SET_MAX_GAS replaces it), so copies may share the object. */
export interface VmCap { readonly kind: typeof CAP_HANDLE | typeof CAP_CALLABLE; readonly vm: number; readonly maxGas: bigint | null }

/** A DATA cap: unique (never copied), so it is mutated in place. base = -1 until the first MAP. */
export class DataCap {
  readonly kind = CAP_DATA;
  base = -1;
  access: PageAccess | null = null;
  /** Page indices (0..pages-1) mapped in the owner's address space; null when none. */
  mapped: Set<number> | null = null;

  constructor(readonly backing: number, readonly pages: number) {}
}

export type Cap = UntypedCap | DataCap | CodeCap | VmCap | ProtocolCap;

export const UNTYPED: UntypedCap = Object.freeze({ kind: CAP_UNTYPED });

/** Whether COPY (and CREATE) may duplicate the cap. */
export const copyable = (c: Cap): boolean => c.kind !== CAP_DATA && c.kind !== CAP_HANDLE;

/**
 * A VM. It is its own CNode (the cap table's fields live in the VM object: one object less for each of
 * up to 65,535 VMs); `caps` names that view.
 */
export class Vm extends CapTable<Cap> implements Context {
  status = ST_IDLE;
  /**
   * pc, gas and blockPaid while the VM is not loaded in the machine (the machine holds them while it
   * is). Gas up to 2^53 - 1 is a number in the context store (a number field here would cost a heap
   * box per VM); `big` holds gas above that, else null.
   */
  pc = 0;
  big: bigint | null = null;
  blockPaid = false;
  /** Slots whose original bit is set (only VM 0 has any: spec-notes/0047). */
  original: Set<number> | null = null;
  /** Created on the first mapped page. */
  space: AddressSpace | null = null;
  /** Address page → the DATA cap of this CNode mapping it (the no-aliasing check of MAP). */
  owners: Map<number, DataCap> | null = null;
  /**
   * Address pages mapped RW whose backing page was never written: kept out of the core's address space
   * until the first access faults on them (then materialised and retried), so mapping many pages
   * allocates nothing.
   */
  lazy: Set<number> | null = null;

  /** id: the VM's id; code: its CODE cap index; ctx: its slot in the context store. */
  constructor(readonly id: number, readonly code: number, readonly ctx: number) {
    super();
  }

  /** The VM's CNode. */
  get caps(): CapTable<Cap> {
    return this;
  }

  /** Writes a slot (or empties it with null); any write clears the slot's original bit. */
  set(slot: number, cap: Cap | null): void {
    if (cap === null) this.remove(slot);
    else this.put(slot, cap);
    if (this.original !== null) this.original.delete(slot);
  }
}

/** What REPLY needs to undo a CALL (model/kernel/state.ts `Frame`): the caller, and the IPC cap it passed. */
export interface Frame {
  readonly caller: Vm;
  /** The caller's slot the IPC cap came from, or -1. */
  readonly ipcSlot: number;
  /** The passed DATA cap's mapped pages before the CALL, ascending; null when the cap was not DATA. */
  readonly ipcMapped: readonly number[] | null;
  /** The passed DATA cap's backing range (its identity: ranges never overlap), or null. */
  readonly ipcCap: { readonly backing: number; readonly pages: number } | null;
}

/** Backing pages that were ever materialised; all others read as zeros. */
export class Backing {
  readonly pages = new Map<number, Uint8Array>();

  /** The page, allocated on first use. */
  materialise(page: number): Uint8Array {
    let b = this.pages.get(page);
    if (b === undefined) {
      b = new Uint8Array(PAGE_SIZE);
      this.pages.set(page, b);
    }
    return b;
  }
}

/** Shared zeros for read-only mappings of backing pages not materialised yet (the core never writes an R page). */
export const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** Creates an empty address space (memory.ts gives one to a VM at its first mapped page). */
export type SpaceMaker = () => AddressSpace;

/**
 * The whole kernel state (model/kernel/state.ts `KernelState`): the VM pool, the active VM, the call
 * stack, the CODE caps, the UNTYPED bump allocator, the backing store, and the context store.
 */
export class KernelState {
  readonly vms = new VmTable<Vm>();
  /** Id of the next VM CREATE makes; ids are never reused. */
  nextVmId = 1;
  active!: Vm;
  readonly stack: Frame[] = [];
  readonly backing = new Backing();
  readonly contexts = new ContextStore();
  untypedOffset = 0;
  untypedTotal = 0;

  constructor(
    readonly images: readonly CodeImage[],
    readonly compiled: readonly CompiledCode[],
    readonly memCycles: number,
    readonly newSpace: SpaceMaker,
  ) {}

  /** A fresh VM (IDLE, zero registers, pc 0, gas 0) with an id, running CODE cap `code`, in the pool. */
  addVm(id: number, code: number): Vm {
    const vm = new Vm(id, code, this.contexts.alloc());
    this.vms.set(id, vm);
    return vm;
  }

  /** Takes a VM out of the pool (DROP of its HANDLE); its context slot is reused. */
  removeVm(vm: Vm): void {
    this.vms.delete(vm.id);
    this.contexts.release(vm.ctx);
  }
}

/** An empty kernel state over a core: its CODE caps compiled for the memCycles tier. */
export function emptyKernel(factory: CoreFactory, images: readonly CodeImage[], memCycles: number): KernelState {
  const compiled = images.map((img) => factory.compile('jar1', img, memCycles));
  return new KernelState(images, compiled, memCycles, () => factory.createAddressSpace());
}
