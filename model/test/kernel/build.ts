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
import type { BackingPage, CapSnapshot, FrameSnapshot, KernelSession, KernelSnapshot, VmSnapshot, VmStatusName } from '../../../vectors/lib/kernel.js';
import { leHex as le } from '../../../vectors/lib/code-image.js';
import { vm, type VmSpec } from '../../../vectors/lib/kernel-build.js';
import type { CodeImage, KernelExit } from '../../../vectors/lib/types.js';
import { HUH, LOW, WHAT } from '../../../vectors/lib/types.js';
import { modelKernel } from '../../kernel/index.js';
import { image } from '../helpers.js';

export { HUH, LOW, WHAT };
/** The snapshot builders (caps, vm, frame, kernel, page, refs, ref) live in vectors/lib, shared with the vector generator. */
export {
  callable, codeCap, data, dataFrame, frame, handle, kernel, mappedData, page, protocol, ref, refs, untyped, vm,
  type DataOptions, type KernelSpec, type VmSpec,
} from '../../../vectors/lib/kernel-build.js';

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
  readonly backing?: readonly BackingPage[];
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
