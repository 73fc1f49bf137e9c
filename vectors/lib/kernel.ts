/**
 * The kernel half of the contract between engines (../../shared/DESIGN.md "The contract between engines").
 * Plain, JSON-able types: model/ and impl/ each implement `KernelEngine` on their own; the harness,
 * the CLI and the vector runners only see these shapes. A snapshot is canonical: two engines in the
 * same machine state produce deep-equal snapshots (same key order, arrays sorted as documented).
 */
import type { CodeImage, KernelExit, LoadError, PageAccess, Result } from './types.js';

export type VmStatusName = 'idle' | 'running' | 'waiting' | 'halted' | 'faulted';

/** A capability as a snapshot carries it. */
export type CapSnapshot =
  | { readonly kind: 'untyped' }
  | {
      readonly kind: 'data';
      /** First page of the backing store it owns, and how many pages. */
      readonly backing: number;
      readonly pages: number;
      /** Base page in the owner's address space and access, fixed by the first MAP (null before). */
      readonly base: number | null;
      readonly access: PageAccess | null;
      /** Indices 0..pages-1 of the pages mapped in the owner's address space, ascending. */
      readonly mapped: readonly number[];
    }
  | { readonly kind: 'code'; readonly id: number }
  | { readonly kind: 'handle'; readonly vm: number; readonly maxGas: bigint | null }
  | { readonly kind: 'callable'; readonly vm: number; readonly maxGas: bigint | null }
  | { readonly kind: 'protocol'; readonly id: number };

export interface SlotSnapshot {
  readonly slot: number;
  readonly cap: CapSnapshot;
  /** The slot's "original" bit (spec-notes/0047). */
  readonly original: boolean;
}

export interface VmSnapshot {
  readonly id: number;
  readonly status: VmStatusName;
  /** Index into KernelSnapshot.code. */
  readonly code: number;
  readonly pc: number;
  readonly gas: bigint;
  readonly regs: readonly bigint[];
  /** The gas block at pc was already paid (only after a step budget ran out mid-block). */
  readonly blockPaid: boolean;
  /** Occupied slots, ascending by slot. */
  readonly slots: readonly SlotSnapshot[];
}

export interface FrameSnapshot {
  readonly caller: number;
  /** The caller's slot the IPC cap came from, or null when none was passed. */
  readonly ipcSlot: number | null;
  /** The passed DATA cap's mapped pages before the CALL (ascending), restored on REPLY; null if not DATA. */
  readonly ipcMapped: readonly number[] | null;
  /**
   * The backing range of the DATA cap passed (null if none or not DATA): REPLY restores ipcMapped only
   * onto that same cap; any other DATA cap in the callee's slot 0 returns unmapped (spec-notes/0038).
   */
  readonly ipcCap: { readonly backing: number; readonly pages: number } | null;
}

export interface BackingPage {
  readonly page: number;
  readonly bytes: Uint8Array;
}

export interface KernelSnapshot {
  /** VMs alive, ascending by id. */
  readonly vms: readonly VmSnapshot[];
  readonly nextVmId: number;
  readonly active: number;
  /** Bottom first. */
  readonly stack: readonly FrameSnapshot[];
  /** The CODE caps' programs, by id. */
  readonly code: readonly CodeImage[];
  readonly untyped: { readonly offset: number; readonly total: number };
  /** Backing-store pages holding a non-zero byte, ascending; all others read as zeros. */
  readonly backing: readonly BackingPage[];
  readonly memCycles: number;
}

/**
 * What happened at one kernel transition, for the differential tester's trace diff: the active VM
 * stopped its core at `pc` because of `cause` (with `arg`: the ecalli immediate, the ecall op φ11
 * truncated to 32 bits, or the low 32 bits of a fault address; else 0), and after the kernel handled it
 * the active VM is `active` with `gas`, φ7 and φ8.
 */
export interface KernelEvent {
  readonly vm: number;
  readonly pc: number;
  readonly cause: 'ecalli' | 'ecall' | 'halt' | 'trap' | 'panic' | 'oog' | 'fault';
  readonly arg: number;
  readonly active: number;
  readonly gas: bigint;
  readonly r7: bigint;
  readonly r8: bigint;
}

export type TraceSink = (e: KernelEvent) => void;

export interface KernelLoadOptions {
  readonly gas: bigint;
  /** Bytes written into the slot-0 DATA cap; φ8/φ9 point at them (spec-notes/0022). */
  readonly args?: Uint8Array;
  readonly reg7?: bigint;
  readonly trace?: TraceSink;
}

export interface KernelRunResult {
  /** null when the step budget ran out first (not a VM outcome). */
  readonly exit: KernelExit | null;
  /** Instructions executed in this call. */
  readonly steps: number;
}

/** One memory write of a host answer: bytes at an address of the active VM's address space. */
export interface HostWrite {
  readonly address: number;
  readonly bytes: Uint8Array;
}

/**
 * The host's full answer to a protocol call (spec-notes/0063, 0064): φ7 and φ8 of the active VM,
 * memory writes into its address space, and a gas charge. Applied in this order: the charge (gas
 * saturates at 0), then the writes (all checked first: each byte's page mapped writable, no wrap
 * past 2^32; one denied byte rejects every write and ends the invocation with Panic), then φ7, φ8.
 */
export interface HostAnswer {
  readonly r7: bigint;
  readonly r8: bigint;
  /** Applied in order, a later write over an earlier one; default none. */
  readonly writes?: readonly HostWrite[];
  /** Gas taken from the active VM, a u64; default 0. */
  readonly charge?: bigint;
}

/** One invocation of the kernel, from load (or a snapshot) to its exits. Stateful from the outside. */
export interface KernelSession {
  /** Runs until an exit to the host, or until maxSteps instructions (default: no limit). */
  run(maxSteps?: number): KernelRunResult;
  /** The host's answer to a protocol exit: φ7 and φ8 of the active VM; the next run() goes on. */
  resumeProtocolCall(r7: bigint, r8: bigint): void;
  /**
   * The host's full answer (HostAnswer for the order): null when the next run() goes on, or the exit
   * that ended the invocation (Panic, when a write was denied), which run() then reports again.
   */
  answerProtocolCall(answer: HostAnswer): KernelExit | null;
  snapshot(): KernelSnapshot;
  /** Gas charged at load for DATA pages (1500 per page). */
  readonly initGas: bigint;
}

export interface KernelEngine {
  readonly name: string;
  load(blob: Uint8Array, options: KernelLoadOptions): Result<KernelSession, LoadError>;
  /** A session that starts from any kernel state (vectors' pre-states). */
  fromSnapshot(snapshot: KernelSnapshot, trace?: TraceSink): KernelSession;
}
