/**
 * Builders for kernel tests: pre-states as plain KernelSnapshot literals (vectors/lib/kernel.ts), one
 * checked step runner, and `edit` to write the expected post-state as "the pre-state plus these
 * changes", so that a test compares the whole snapshot and any unlisted change fails it.
 *
 *   const pre = kernel({ code: [code(ECALLI(64))], vms: [vm({ id: 0, status: 'running', gas: 1000n,
 *     slots: { 64: handle(1) } }), vm({ id: 1 })] });
 *   const r = step(pre);                       // one instruction + its kernel transition, invariants checked
 *   expect(r.snap).toEqual(edit(pre, { active: 1, vms: { 0: { … }, 1: { … } } }));
 *
 * Instructions are hex strings, one per instruction (see ../helpers.ts); the encoders below give the
 * few that kernel tests need, with their gas-block cost in jar1 derived by hand from the single-pass
 * model (spec/pvm-core.md 5.2, 5.3).
 */
import { expect } from 'vitest';
import { kernelViolations } from '../../../harness/invariants.js';
import type { CapSnapshot, FrameSnapshot, KernelSession, KernelSnapshot, SlotSnapshot, VmSnapshot, VmStatusName } from '../../../vectors/lib/kernel.js';
import type { CodeImage, KernelExit, PageAccess } from '../../../vectors/lib/types.js';
import { HUH, LOW, NUM_REGS, WHAT } from '../../../vectors/lib/types.js';
import { modelKernel } from '../../kernel/index.js';
import { image } from '../helpers.js';

export { HUH, LOW, WHAT };

/** Little-endian hex of the low `bytes` bytes of v. */
function le(v: bigint | number, bytes: number): string {
  let x = BigInt.asUintN(bytes * 8, BigInt(v));
  let s = '';
  for (let i = 0; i < bytes; i++, x >>= 8n) s += (x & 0xffn).toString(16).padStart(2, '0');
  return s;
}

// ---- instructions (hex) and their jar1 block costs ----

/** `ecalli imm` with a 4-byte immediate (5 bytes). A block of it alone costs 97: 100 cycles − 3. */
export const ECALLI = (imm: number): string => `0a ${le(imm, 4)}`;
/** `ecall` (1 byte). A block of it alone costs 1 (1 cycle, max(1 − 3, 1)). */
export const ECALL = '03';
/** `trap` (1 byte). */
export const TRAP = '00';
/** `fallthrough` (1 byte). */
export const FALLTHROUGH = '01';
/** `load_imm rA, imm` (6 bytes, imm sign-extended from 32 bits). */
export const LOAD_IMM = (r: number, imm: number): string => `33 ${le(r, 1)} ${le(imm, 4)}`;
/** `load_imm_64 rA, imm` (10 bytes). */
export const LOAD_IMM_64 = (r: number, imm: bigint): string => `14 ${le(r, 1)} ${le(imm, 8)}`;
/** `load_u8 rA, [address]` (6 bytes). */
export const LOAD_U8 = (r: number, address: number): string => `34 ${le(r, 1)} ${le(address, 4)}`;
/** `store_u8 [address], rA` (6 bytes). */
export const STORE_U8 = (r: number, address: number): string => `3b ${le(r, 1)} ${le(address, 4)}`;
/** `add_imm_64 rA = rB + imm` (6 bytes). */
export const ADD_IMM_64 = (a: number, b: number, imm: number): string => `95 ${le(a | (b << 4), 1)} ${le(imm, 4)}`;

/** Gas of a block holding only `ecalli` (spec/pvm-core.md 5.3: 100 cycles, done at 100, 100 − 3). */
export const ECALLI_BLOCK = 97n;
/** Gas of a block holding only `ecall` (default row: 1 cycle, max(1 − 3, 1) = 1). */
export const ECALL_BLOCK = 1n;
/** Kernel dispatch charge of every ecalli/ecall (spec/kernel.md "Constants"). */
export const DISPATCH = 10n;
/** CALL/RESUME overhead paid by the caller (spec/kernel.md "Constants"). */
export const OVERHEAD = 10n;

/** A code image from instructions (hex strings, one per instruction); the bitmask marks each start. */
export const code = (...instrs: string[]): CodeImage => image(instrs);
/** A code image with a jump table. */
export const codeWithTable = (jumpTable: readonly number[], ...instrs: string[]): CodeImage => image(instrs, jumpTable);

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
/** A DATA cap over backing pages [backing, backing + pages); unmapped unless base/access/mapped are given. */
export function data(backing: number, pages: number, opts: { base?: number; access?: PageAccess; mapped?: readonly number[] } = {}): CapSnapshot {
  return { kind: 'data', backing, pages, base: opts.base ?? null, access: opts.access ?? null, mapped: [...(opts.mapped ?? [])] };
}
/** A DATA cap mapped whole at `base` with `access`. */
export const mappedData = (backing: number, pages: number, base: number, access: PageAccess = 'W'): CapSnapshot =>
  data(backing, pages, { base, access, mapped: Array.from({ length: pages }, (_, i) => i) });

// ---- VMs and kernels ----

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
  readonly backing?: readonly { readonly page: number; readonly bytes: Uint8Array }[];
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

// ---- expected states ----

export interface VmEdit {
  readonly status?: VmStatusName;
  readonly pc?: number;
  readonly gas?: bigint;
  /** Registers to overwrite, by index. */
  readonly regs?: Readonly<Record<number, bigint>>;
  /** Slots to overwrite (null empties the slot); a written slot loses its original bit. */
  readonly slots?: Readonly<Record<number, CapSnapshot | null>>;
  readonly blockPaid?: boolean;
}

export interface KernelEdit {
  readonly active?: number;
  readonly stack?: readonly FrameSnapshot[];
  readonly nextVmId?: number;
  readonly untyped?: { readonly offset: number; readonly total: number };
  readonly backing?: readonly { readonly page: number; readonly bytes: Uint8Array }[];
  /** Changes per existing VM id. */
  readonly vms?: Readonly<Record<number, VmEdit>>;
  /** New VMs (added in id order). */
  readonly add?: readonly VmSnapshot[];
  /** Ids of VMs that are gone. */
  readonly remove?: readonly number[];
}

/** A VM with changes applied. */
function editVm(v: VmSnapshot, e: VmEdit): VmSnapshot {
  const regs = [...v.regs];
  for (const [i, r] of Object.entries(e.regs ?? {})) regs[Number(i)] = r;
  const slots = new Map(v.slots.map((x) => [x.slot, x]));
  for (const [k, cap] of Object.entries(e.slots ?? {})) {
    if (cap === null) slots.delete(Number(k));
    else slots.set(Number(k), { slot: Number(k), cap, original: false });
  }
  return {
    id: v.id, status: e.status ?? v.status, code: v.code, pc: e.pc ?? v.pc, gas: e.gas ?? v.gas, regs,
    blockPaid: e.blockPaid ?? v.blockPaid, slots: [...slots.values()].sort((a, b) => a.slot - b.slot),
  };
}

/** The snapshot `s` with the listed changes: the expected post-state of a test. */
export function edit(s: KernelSnapshot, e: KernelEdit): KernelSnapshot {
  const gone = new Set(e.remove ?? []);
  const vms = s.vms.filter((v) => !gone.has(v.id)).map((v) => {
    const change = e.vms?.[v.id];
    return change === undefined ? v : editVm(v, change);
  });
  return {
    vms: [...vms, ...(e.add ?? [])].sort((a, b) => a.id - b.id),
    nextVmId: e.nextVmId ?? s.nextVmId, active: e.active ?? s.active, stack: e.stack ?? s.stack, code: s.code,
    untyped: e.untyped ?? s.untyped, backing: e.backing ?? s.backing, memCycles: s.memCycles,
  };
}

// ---- running ----

export interface Stepped {
  /** The state after the steps. */
  readonly snap: KernelSnapshot;
  /** The last run's exit (null: the step budget ended it, the normal case). */
  readonly exit: KernelExit | null;
  /** Instructions executed. */
  readonly steps: number;
}

/** Fails the current test with every invariant violated by `next` (or by the step from `prev`). */
export function expectInvariants(next: KernelSnapshot, prev?: KernelSnapshot, label = ''): void {
  const v = kernelViolations(next, prev);
  expect(v, `kernel invariants ${label}`).toEqual([]);
}

/**
 * Runs `n` times `run(1)` from the snapshot (each: one instruction and its kernel transition),
 * stopping early at an exit other than a protocol call, and checks the kernel invariants (harness/
 * invariants.ts) before, after each run, and across each run. `check: false` skips the checks (for
 * deliberately broken pre-states).
 */
export function step(snap: KernelSnapshot, n = 1, opts: { check?: boolean } = {}): Stepped {
  const check = opts.check ?? true;
  if (check) expectInvariants(snap, undefined, 'of the pre-state');
  const session = modelKernel.fromSnapshot(snap);
  let prev = snap;
  let exit: KernelExit | null = null;
  let steps = 0;
  for (let i = 0; i < n; i++) {
    const r = session.run(1);
    steps += r.steps;
    exit = r.exit;
    const next = session.snapshot();
    if (check) expectInvariants(next, prev, `after run ${i + 1}`);
    prev = next;
    if (exit !== null && exit.kind !== 'protocol') break;
  }
  return { snap: prev, exit, steps };
}

/** The VM with an id in a snapshot (fails the test when absent). */
export function vmIn(s: KernelSnapshot, id: number): VmSnapshot {
  const v = s.vms.find((x) => x.id === id);
  if (v === undefined) throw new Error(`no VM ${id} in the snapshot`);
  return v;
}

/** The cap in a VM's slot, or undefined. */
export const capIn = (s: KernelSnapshot, id: number, slot: number): CapSnapshot | undefined => vmIn(s, id).slots.find((e) => e.slot === slot)?.cap;

/** φ12 for ecall: subject reference in the high u32, object reference in the low u32 (spec-notes/0030). */
export const refs = (subject: number, object = 0): bigint => (BigInt(subject >>> 0) << 32n) | BigInt(object >>> 0);

/** A u32 cap reference: slot in byte 0, then HANDLE hops taken in the order byte 3, byte 2, byte 1. */
export const ref = (slot: number, ...hops: number[]): number => {
  const [h1 = 0, h2 = 0, h3 = 0] = hops; // hops in the order they are taken
  return ((h1 << 24) | (h2 << 16) | (h3 << 8) | slot) >>> 0;
};

/** A backing page (4096 bytes) with the given bytes at the given offsets; the rest zeros. */
export function page(page: number, at: Readonly<Record<number, number>>): { page: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(4096);
  for (const [k, v] of Object.entries(at)) bytes[Number(k)] = v;
  return { page, bytes };
}

/** A root VM 0 (RUNNING, code 0) about to run an ecall op on φ12 = refs(subject, object), with `gas`. */
export function ecallRoot(op: bigint, phi12: bigint, spec: Omit<VmSpec, 'id' | 'status'> = {}): VmSnapshot {
  return vm({ ...spec, id: 0, status: 'running', gas: spec.gas ?? 10_000n, regs: { ...spec.regs, 11: op, 12: phi12 } });
}

/** ecall op numbers (φ11). */
export const OP = { CALL: 0x00n, MAP: 0x02n, UNMAP: 0x03n, SPLIT: 0x04n, DROP: 0x05n, MOVE: 0x06n, COPY: 0x07n, DOWNGRADE: 0x0an, SET_MAX_GAS: 0x0bn, DIRTY: 0x0cn, RESUME: 0x0dn } as const;

export interface Driven {
  /** The exit that ended the invocation (null: maxRuns reached first). */
  readonly exit: KernelExit | null;
  /** run(1) calls made. */
  readonly runs: number;
  /** The state at the end. */
  readonly snap: KernelSnapshot;
  /** Protocol exits answered, in order. */
  readonly protocolCalls: readonly number[];
}

/**
 * Drives a session with run(1) until the invocation ends, checking the kernel invariants after every
 * run and across it; a protocol exit is answered by `host` (given the cap id and the state at the exit:
 * returns φ7, φ8), or ends the drive when no host is given.
 */
export function drive(session: KernelSession, opts: { host?: (id: number, at: KernelSnapshot) => [bigint, bigint]; maxRuns?: number } = {}): Driven {
  let prev = session.snapshot();
  expectInvariants(prev, undefined, 'at the start');
  const calls: number[] = [];
  const max = opts.maxRuns ?? 100_000;
  for (let runs = 1; runs <= max; runs++) {
    const r = session.run(1);
    const next = session.snapshot();
    expectInvariants(next, prev, `after run ${runs}`);
    prev = next;
    if (r.exit === null) continue;
    if (r.exit.kind !== 'protocol' || opts.host === undefined) return { exit: r.exit, runs, snap: next, protocolCalls: calls };
    calls.push(r.exit.id);
    const [r7, r8] = opts.host(r.exit.id, next);
    session.resumeProtocolCall(r7, r8);
    const answered = session.snapshot();
    expectInvariants(answered, prev, `after the host answered protocol call ${r.exit.id}`);
    prev = answered;
  }
  return { exit: null, runs: max, snap: prev, protocolCalls: calls };
}
