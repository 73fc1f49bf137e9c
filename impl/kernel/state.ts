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
export const DISPATCH_GAS = 10n;
export const CALL_GAS = 10n;
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

export class Vm {
  status = ST_IDLE;
  /** pc, gas and blockPaid while the VM is not loaded in the machine (the machine holds them while it is). */
  pc = 0;
  gas = 0n;
  blockPaid = false;
  /** Occupied slots only: a VM with three caps costs three entries, not 256. */
  readonly caps = new Map<number, Cap>();
  /** Slots whose original bit is set (only VM 0 has any: spec-notes/0047). */
  original: Set<number> | null = null;
  /** Created on the first mapped page. */
  space: AddressSpace | null = null;
  /** Address page → the DATA cap of this CNode mapping it (the no-aliasing check of MAP). */
  owners: Map<number, DataCap> | null = null;

  /** id: the VM's id; code: its CODE cap index; ctx: its 26-word slot in the kernel's register store. */
  constructor(readonly id: number, readonly code: number, readonly ctx: number) {}

  /** Writes a slot (or empties it with null); any write clears the slot's original bit. */
  set(slot: number, cap: Cap | null): void {
    if (cap === null) this.caps.delete(slot);
    else this.caps.set(slot, cap);
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
