/**
 * Mutable kernel state of the impl: caps, VMs (a small object each: the registers of a VM that is not
 * running live in the kernel's context store, so one core machine runs them all), call frames and the
 * lazily allocated backing store.
 * Spec: kernel.md (caps, VM states, call stack); spec-notes/0029 (per-VM address spaces over one
 * backing store), 0047 (original bits).
 */
import type { PageAccess } from '../../vectors/lib/types.js';
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import type { AddressSpace } from '../core/api.js';

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
/** Gas up to this is held as a number (exact); above it as a bigint (Vm.big). */
export const MAX_NUMBER_GAS = Number.MAX_SAFE_INTEGER;
export const MAX_NUMBER_GAS_N = BigInt(MAX_NUMBER_GAS);

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

/** Above this many caps a table moves from a flat list to a Map. */
const SMALL_TABLE = 16;

/**
 * A CNode: 256 slots, of which only the occupied ones cost memory. Small tables (most VMs hold a few
 * caps) are one exactly sized flat array [slot, cap, slot, cap, …] searched linearly and replaced on
 * insert (no spare capacity: 65,535 VMs must fit); larger ones a Map.
 */
export class CapTable {
  private list: (number | Cap)[] = [];
  private map: Map<number, Cap> | null = null;

  get size(): number {
    return this.map !== null ? this.map.size : this.list.length >> 1;
  }

  get(slot: number): Cap | undefined {
    if (this.map !== null) return this.map.get(slot);
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) if (l[i] === slot) return l[i + 1] as Cap;
    return undefined;
  }

  has(slot: number): boolean {
    return this.get(slot) !== undefined;
  }

  /** Writes a slot (the raw table write; Vm.set also clears the original bit). */
  put(slot: number, cap: Cap): void {
    if (this.map !== null) {
      this.map.set(slot, cap);
      return;
    }
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] === slot) {
        l[i + 1] = cap;
        return;
      }
    }
    if (l.length >> 1 < SMALL_TABLE) {
      const grown = new Array<number | Cap>(l.length + 2); // exactly sized: no spare capacity per VM
      for (let i = 0; i < l.length; i++) grown[i] = l[i]!;
      grown[l.length] = slot;
      grown[l.length + 1] = cap;
      this.list = grown;
      return;
    }
    const map = new Map<number, Cap>();
    for (let i = 0; i < l.length; i += 2) map.set(l[i] as number, l[i + 1] as Cap);
    map.set(slot, cap);
    this.map = map;
    this.list = [];
  }

  /** Empties a slot (the raw table write). */
  remove(slot: number): void {
    if (this.map !== null) {
      this.map.delete(slot);
      return;
    }
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] !== slot) continue;
      this.list = l.length === 2 ? [] : [...l.slice(0, i), ...l.slice(i + 2)];
      return;
    }
  }

  /** The occupied slots, ascending. */
  slots(): number[] {
    const out: number[] = [];
    if (this.map !== null) for (const k of this.map.keys()) out.push(k);
    else for (let i = 0; i < this.list.length; i += 2) out.push(this.list[i] as number);
    return out.sort((a, b) => a - b);
  }
}

/** Ids below this live in an array (CREATE hands them out densely); larger ones (from a snapshot) in a Map. */
const DENSE_IDS = 1 << 22;

/** Live VMs by id. */
export class VmTable {
  private readonly byId: (Vm | undefined)[] = [];
  private readonly sparse = new Map<number, Vm>();
  size = 0;

  get(id: number): Vm | undefined {
    return id < DENSE_IDS ? this.byId[id] : this.sparse.get(id);
  }

  set(id: number, vm: Vm): void {
    if (this.get(id) === undefined) this.size++;
    if (id >= DENSE_IDS) {
      this.sparse.set(id, vm);
      return;
    }
    while (this.byId.length < id) this.byId.push(undefined);
    this.byId[id] = vm;
  }

  delete(id: number): void {
    if (this.get(id) === undefined) return;
    if (id < DENSE_IDS) this.byId[id] = undefined;
    else this.sparse.delete(id);
    this.size--;
  }

  /** The live VMs, ascending by id. */
  all(): Vm[] {
    const out: Vm[] = [];
    for (const vm of this.byId) if (vm !== undefined) out.push(vm);
    for (const id of [...this.sparse.keys()].sort((x, y) => x - y)) out.push(this.sparse.get(id) as Vm);
    return out;
  }
}

/**
 * A VM. It is its own CNode (the cap table's fields live in the VM object: one object less for each of
 * up to 65,535 VMs); `caps` names that view.
 */
export class Vm extends CapTable {
  status = ST_IDLE;
  /**
   * pc, gas and blockPaid while the VM is not loaded in the machine (the machine holds them while it
   * is). Gas up to MAX_NUMBER_GAS is a number in the kernel's context store (a number field here would
   * cost a heap box per VM); `big` holds gas above that, else null.
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

  /** id: the VM's id; code: its CODE cap index; ctx: its 26-word slot in the kernel's register store. */
  constructor(readonly id: number, readonly code: number, readonly ctx: number) {
    super();
  }

  /** The VM's CNode. */
  get caps(): CapTable {
    return this;
  }

  /** Writes a slot (or empties it with null); any write clears the slot's original bit. */
  set(slot: number, cap: Cap | null): void {
    if (cap === null) this.remove(slot);
    else this.put(slot, cap);
    if (this.original !== null) this.original.delete(slot);
  }
}

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
