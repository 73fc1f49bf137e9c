/**
 * Builders of kernel states as plain KernelSnapshot literals (./kernel.ts), shared by the tests
 * (model/test/kernel/build.ts re-exports them) and the vector generator (vectors/gen/kernel.ts). Pure
 * data: nothing here runs an engine or checks that a state is reachable.
 *
 *   kernel({ code: [img], vms: [vm({ id: 0, status: 'running', gas: 1000n, slots: { 64: handle(1) } }), vm({ id: 1 })] })
 */
import type { BackingPage, CapSnapshot, FrameSnapshot, KernelSnapshot, SlotSnapshot, VmSnapshot, VmStatusName } from './kernel.js';
import { NUM_REGS, PAGE_SIZE, type CodeImage, type PageAccess } from './types.js';

// ---- caps ----

/** A HANDLE to a VM (max gas: none unless given). */
export const handle = (vm: number, maxGas: bigint | null = null): CapSnapshot => ({ kind: 'handle', vm, maxGas });
/** A CALLABLE to a VM. */
export const callable = (vm: number, maxGas: bigint | null = null): CapSnapshot => ({ kind: 'callable', vm, maxGas });
/** A protocol cap. */
export const protocol = (id: number): CapSnapshot => ({ kind: 'protocol', id });
/** The UNTYPED cap. */
export const untyped = (): CapSnapshot => ({ kind: 'untyped' });
/** A CODE cap naming KernelSnapshot.code[id]. */
export const codeCap = (id: number): CapSnapshot => ({ kind: 'code', id });

export interface DataOptions {
  readonly base?: number;
  readonly access?: PageAccess;
  /** Indices of the mapped pages, ascending. */
  readonly mapped?: readonly number[];
}

/** A DATA cap over backing pages [backing, backing + pages); unmapped unless base/access/mapped are given. */
export function data(backing: number, pages: number, opts: DataOptions = {}): CapSnapshot {
  return { kind: 'data', backing, pages, base: opts.base ?? null, access: opts.access ?? null, mapped: [...(opts.mapped ?? [])] };
}

/** A DATA cap mapped whole at `base` with `access`. */
export const mappedData = (backing: number, pages: number, base: number, access: PageAccess = 'W'): CapSnapshot =>
  data(backing, pages, { base, access, mapped: Array.from({ length: pages }, (_, i) => i) });

// ---- VMs, frames, kernels ----

export interface VmSpec {
  readonly id: number;
  /** Default 'idle'. */
  readonly status?: VmStatusName;
  /** Index into the kernel's code list; default 0. */
  readonly code?: number;
  readonly pc?: number;
  readonly gas?: bigint;
  /** Registers by index; the others are 0. */
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly slots?: Readonly<Record<number, CapSnapshot>>;
  /** Slots whose original bit is set (spec-notes/0047). */
  readonly original?: readonly number[];
  /** Only after a step budget ran out mid-block. */
  readonly blockPaid?: boolean;
}

/** The 13 registers of a record (absent = 0). */
const regsOf = (r: Readonly<Record<number, bigint>> = {}): bigint[] => Array.from({ length: NUM_REGS }, (_, i) => r[i] ?? 0n);

/** Slot entries of a record, ascending, with original bits. */
function slotsOf(slots: Readonly<Record<number, CapSnapshot>> = {}, original: readonly number[] = []): SlotSnapshot[] {
  return Object.keys(slots).map(Number).sort((a, b) => a - b)
    .map((slot) => ({ slot, cap: slots[slot] as CapSnapshot, original: original.includes(slot) }));
}

/** A VM snapshot: idle, code 0, pc 0, gas 0, registers 0, no caps unless given. */
export function vm(spec: VmSpec): VmSnapshot {
  return {
    id: spec.id, status: spec.status ?? 'idle', code: spec.code ?? 0, pc: spec.pc ?? 0, gas: spec.gas ?? 0n,
    regs: regsOf(spec.regs), blockPaid: spec.blockPaid ?? false, slots: slotsOf(spec.slots, spec.original),
  };
}

/**
 * A call frame: the caller, the IPC slot it gave (null: none), and for a DATA IPC cap its mapped pages
 * before the CALL and its backing range (`dataFrame` fills both).
 */
export const frame = (
  caller: number, ipcSlot: number | null = null, ipcMapped: readonly number[] | null = null,
  ipcCap: { readonly backing: number; readonly pages: number } | null = null,
): FrameSnapshot => ({ caller, ipcSlot, ipcMapped, ipcCap });

/** A call frame for a DATA IPC cap over [backing, backing + pages) given from `ipcSlot` with `mapped` pages. */
export const dataFrame = (caller: number, ipcSlot: number, mapped: readonly number[], backing: number, pages: number): FrameSnapshot =>
  frame(caller, ipcSlot, mapped, { backing, pages });

export interface KernelSpec {
  readonly vms: readonly VmSnapshot[];
  readonly code: readonly CodeImage[];
  /** Default 0. */
  readonly active?: number;
  readonly stack?: readonly FrameSnapshot[];
  /** Default: one past the highest VM id. */
  readonly nextVmId?: number;
  /** Default: offset = the end of the highest DATA backing range, total = offset. */
  readonly untyped?: { readonly offset: number; readonly total: number };
  readonly backing?: readonly BackingPage[];
  /** Default 25 (memory_pages ≤ 2048). */
  readonly memCycles?: number;
}

/** A kernel snapshot; VMs sorted by id. */
export function kernel(spec: KernelSpec): KernelSnapshot {
  const vms = [...spec.vms].sort((a, b) => a.id - b.id);
  const end = Math.max(0, ...vms.flatMap((v) => v.slots.map((e) => (e.cap.kind === 'data' ? e.cap.backing + e.cap.pages : 0))));
  return {
    vms, nextVmId: spec.nextVmId ?? Math.max(-1, ...vms.map((v) => v.id)) + 1, active: spec.active ?? 0, stack: spec.stack ?? [],
    code: spec.code, untyped: spec.untyped ?? { offset: end, total: end }, backing: spec.backing ?? [], memCycles: spec.memCycles ?? 25,
  };
}

/** A backing page (4096 bytes) with the given bytes at the given offsets; the rest zeros. */
export function page(page: number, at: Readonly<Record<number, number>>): BackingPage {
  const bytes = new Uint8Array(PAGE_SIZE);
  for (const [k, v] of Object.entries(at)) bytes[Number(k)] = v;
  return { page, bytes };
}

// ---- register values of the kernel ABI ----

/** φ12 for ecall: subject reference in the high u32, object reference in the low u32 (spec-notes/0030). */
export const refs = (subject: number, object = 0): bigint => (BigInt(subject >>> 0) << 32n) | BigInt(object >>> 0);

/** A u32 cap reference: slot in byte 0, then HANDLE hops taken in the order byte 3, byte 2, byte 1. */
export const ref = (slot: number, ...hops: number[]): number => {
  const [h1 = 0, h2 = 0, h3 = 0] = hops; // hops in the order they are taken
  return ((h1 << 24) | (h2 << 16) | (h3 << 8) | slot) >>> 0;
};
