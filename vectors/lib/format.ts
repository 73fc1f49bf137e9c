/**
 * The conformance-vector file format (vectors/README.md): plain JSON types of the four runners and
 * the conversions between them and the engine contracts' typed values. Canonical form: every u64 is a
 * lowercase "0x..." string without leading zeros, bytes are lowercase hex strings, a code bitmask is a
 * string of '0'/'1' (one per code byte), objects are built with their keys in a fixed order and
 * written with two-space indentation and a final newline. Nothing here runs an engine.
 */
import type { BackingPage, CapSnapshot, FrameSnapshot, HostAnswer, KernelLoadOptions, KernelSnapshot, SlotSnapshot, VmSnapshot } from './kernel.js';
import type { CodeImage, CoreExit, KernelExit, MemoryChunk, PageRange, Profile } from './types.js';
import { fromHex, fromU64, toHex, u64 } from './hex.js';

export type Runner = 'decode' | 'isa' | 'program' | 'kernel';
export const RUNNERS: readonly Runner[] = ['decode', 'isa', 'program', 'kernel'];

/** A u64 as "0x..." (lowercase, no leading zeros). */
export type U64 = string;
/** Bytes as lowercase hex, two digits per byte. */
export type Hex = string;

export interface CodeJson { readonly code: Hex; readonly bitmask: string; readonly jumpTable: readonly number[] }
export interface PageJson { readonly address: number; readonly length: number; readonly access: 'R' | 'W' }
export interface ChunkJson { readonly address: number; readonly bytes: Hex }

export type CoreExitJson =
  | { readonly kind: 'halt' | 'trap' | 'panic' | 'oog' | 'ecall' }
  | { readonly kind: 'fault'; readonly address: U64 }
  | { readonly kind: 'ecalli'; readonly id: number };

export type KernelExitJson =
  | { readonly kind: 'panic' | 'oog' }
  | { readonly kind: 'halt'; readonly value: U64 }
  | { readonly kind: 'fault'; readonly address: U64 }
  | { readonly kind: 'protocol'; readonly id: number };

// ---- decode ----
export type DecodeFormat = 'gp_deblob' | 'code_blob' | 'jar_manifest';
export interface DecodeInput { readonly format: DecodeFormat; readonly blob: Hex }
export interface DecodeExpected { readonly accepted: boolean; readonly class: string | null; readonly image: CodeJson | null }

// ---- isa ----
export interface IsaInput {
  readonly code: CodeJson;
  readonly memoryPages: number;
  readonly pc: number;
  readonly gas: U64;
  readonly regs: readonly U64[];
  readonly pages: readonly PageJson[];
  readonly memory: readonly ChunkJson[];
}
export interface IsaExpected {
  readonly exit: CoreExitJson | null;
  readonly pc: number;
  readonly gas: U64;
  readonly regs: readonly U64[];
  readonly pages: readonly PageJson[];
  readonly memory: readonly ChunkJson[];
}

// ---- program ----
/**
 * The host's answer to one protocol call (gp: one ecalli/ecall): φ7, φ8, and optionally memory writes
 * into the active VM's address space and a gas charge (vectors/program.md; spec-notes/0063, 0064).
 */
export interface HostAnswerJson {
  readonly r7: U64;
  readonly r8: U64;
  readonly memory?: readonly ChunkJson[];
  readonly charge?: U64;
}
export interface GpProgramInput {
  readonly blob: Hex;
  readonly pc: number;
  readonly gas: U64;
  readonly regs: readonly U64[];
  readonly pages: readonly PageJson[];
  readonly memory: readonly ChunkJson[];
  readonly host: readonly HostAnswerJson[];
}
export interface Jar1ProgramInput {
  readonly blob: Hex;
  readonly gas: U64;
  readonly reg7: U64;
  readonly args: Hex;
  readonly host: readonly HostAnswerJson[];
}
export type ProgramInput = GpProgramInput | Jar1ProgramInput;
export interface ProgramStepJson {
  readonly exit: CoreExitJson | KernelExitJson | null;
  readonly vm: number;
  readonly pc: number;
  readonly gas: U64;
  readonly regs: readonly U64[];
}
export interface GpProgramExpected { readonly exits: readonly ProgramStepJson[]; readonly pages: readonly PageJson[]; readonly memory: readonly ChunkJson[] }
export interface Jar1ProgramExpected {
  readonly accepted: boolean;
  /** The load error class when not accepted. */
  readonly class: string | null;
  readonly initGas: U64;
  /** The kernel state right after load, before any instruction (null when not accepted); optional in an implementation's answer. */
  readonly initial?: SnapshotJson | null;
  readonly exits: readonly ProgramStepJson[];
}
export type ProgramExpected = GpProgramExpected | Jar1ProgramExpected;

// ---- kernel ----
export type CapJson =
  | { readonly kind: 'untyped' }
  | { readonly kind: 'data'; readonly backing: number; readonly pages: number; readonly base: number | null; readonly access: 'R' | 'W' | null; readonly mapped: readonly number[] }
  | { readonly kind: 'code' | 'protocol'; readonly id: number }
  | { readonly kind: 'handle' | 'callable'; readonly vm: number; readonly maxGas: U64 | null };
export interface SlotJson { readonly slot: number; readonly cap: CapJson; readonly original: boolean }
export interface VmJson {
  readonly id: number; readonly status: string; readonly code: number; readonly pc: number; readonly gas: U64;
  readonly regs: readonly U64[]; readonly blockPaid: boolean; readonly slots: readonly SlotJson[];
}
export interface SnapshotJson {
  readonly vms: readonly VmJson[];
  readonly nextVmId: number;
  readonly active: number;
  readonly stack: readonly FrameSnapshot[];
  readonly code: readonly CodeJson[];
  readonly untyped: { readonly offset: number; readonly total: number };
  readonly backing: readonly { readonly page: number; readonly bytes: Hex }[];
  readonly memCycles: number;
}
export interface KernelInput { readonly pre: SnapshotJson }
export interface KernelExpected { readonly exit: KernelExitJson | null; readonly post: SnapshotJson }

export type VectorInput = DecodeInput | IsaInput | ProgramInput | KernelInput;
export type VectorExpected = DecodeExpected | IsaExpected | ProgramExpected | KernelExpected;

/** One vector file. `edge` names the opcode edge class (isa) or kernel result class; `notes` the spec-notes it pins. */
export interface Vector {
  readonly name: string;
  readonly runner: Runner;
  readonly profile: Profile;
  readonly handler: string;
  readonly edge: string | null;
  readonly notes: readonly string[];
  readonly description: string;
  readonly input: VectorInput;
  readonly expected: VectorExpected;
}

// ---- scalars ----

// u64 and bytes go through the kit's one codec (hex.ts); re-exported for the format's users.
export { fromHex, fromU64, toHex, u64 } from './hex.js';

export const codeJson = (c: CodeImage): CodeJson => ({ code: toHex(c.code), bitmask: Array.from(c.bitmask, (b) => (b ? '1' : '0')).join(''), jumpTable: [...c.jumpTable] });
export const codeFrom = (c: CodeJson): CodeImage => ({ code: fromHex(c.code), bitmask: Uint8Array.from(c.bitmask, (ch) => (ch === '1' ? 1 : 0)), jumpTable: [...c.jumpTable] });
export const pagesJson = (p: readonly PageRange[]): PageJson[] => p.map((r) => ({ address: r.address, length: r.length, access: r.access }));
export const memoryJson = (m: readonly MemoryChunk[]): ChunkJson[] => m.map((c) => ({ address: c.address, bytes: toHex(c.bytes) }));
export const memoryFrom = (m: readonly ChunkJson[]): MemoryChunk[] => m.map((c) => ({ address: c.address, bytes: fromHex(c.bytes) }));
export const regsJson = (r: readonly bigint[]): U64[] => r.map(u64);
export const regsFrom = (r: readonly U64[]): bigint[] => r.map(fromU64);
/** A jar1 program input as KernelEngine.load takes it: the blob, and gas, φ7 and args (args only when non-empty). */
export function jar1LoadOf(input: Jar1ProgramInput): { readonly blob: Uint8Array; readonly options: KernelLoadOptions } {
  const args = fromHex(input.args);
  return { blob: fromHex(input.blob), options: { gas: fromU64(input.gas), reg7: fromU64(input.reg7), ...(args.length > 0 ? { args } : {}) } };
}
/** A host answer of a vector as the engines take it (KernelSession.answerProtocolCall). */
export function hostAnswerFrom(a: HostAnswerJson): HostAnswer {
  return {
    r7: fromU64(a.r7), r8: fromU64(a.r8),
    ...(a.memory !== undefined && a.memory.length > 0 ? { writes: memoryFrom(a.memory) } : {}),
    ...(a.charge !== undefined ? { charge: fromU64(a.charge) } : {}),
  };
}
/** A host answer in the vector format: the optional fields only when they say something (keys in fixed order). */
export function hostAnswerJson(a: HostAnswer): HostAnswerJson {
  return {
    r7: u64(a.r7), r8: u64(a.r8),
    ...(a.writes !== undefined && a.writes.length > 0 ? { memory: memoryJson(a.writes) } : {}),
    ...(a.charge !== undefined && a.charge > 0n ? { charge: u64(a.charge) } : {}),
  };
}

export function coreExitJson(e: CoreExit | null): CoreExitJson | null {
  if (e === null) return null;
  if (e.kind === 'fault') return { kind: 'fault', address: u64(e.address) };
  if (e.kind === 'ecalli') return { kind: 'ecalli', id: e.id };
  return { kind: e.kind };
}

export function kernelExitJson(e: KernelExit | null): KernelExitJson | null {
  if (e === null) return null;
  switch (e.kind) {
    case 'halt': return { kind: 'halt', value: u64(e.value) };
    case 'fault': return { kind: 'fault', address: u64(e.address) };
    case 'protocol': return { kind: 'protocol', id: e.id };
    default: return { kind: e.kind };
  }
}

// ---- kernel snapshots ----

function capJson(c: CapSnapshot): CapJson {
  switch (c.kind) {
    case 'data': return { kind: 'data', backing: c.backing, pages: c.pages, base: c.base, access: c.access, mapped: [...c.mapped] };
    case 'handle':
    case 'callable': return { kind: c.kind, vm: c.vm, maxGas: c.maxGas === null ? null : u64(c.maxGas) };
    case 'code':
    case 'protocol': return { kind: c.kind, id: c.id };
    case 'untyped': return { kind: 'untyped' };
  }
}

function capFrom(c: CapJson): CapSnapshot {
  switch (c.kind) {
    case 'data': return { kind: 'data', backing: c.backing, pages: c.pages, base: c.base, access: c.access, mapped: [...c.mapped] };
    case 'handle':
    case 'callable': return { kind: c.kind, vm: c.vm, maxGas: c.maxGas === null ? null : fromU64(c.maxGas) };
    case 'code':
    case 'protocol': return { kind: c.kind, id: c.id };
    case 'untyped': return { kind: 'untyped' };
  }
}

const slotJson = (s: SlotSnapshot): SlotJson => ({ slot: s.slot, cap: capJson(s.cap), original: s.original });
const vmJson = (v: VmSnapshot): VmJson => ({
  id: v.id, status: v.status, code: v.code, pc: v.pc, gas: u64(v.gas), regs: regsJson(v.regs), blockPaid: v.blockPaid, slots: v.slots.map(slotJson),
});
const frameJson = (f: FrameSnapshot): FrameSnapshot => ({
  caller: f.caller, ipcSlot: f.ipcSlot, ipcMapped: f.ipcMapped === null ? null : [...f.ipcMapped],
  ipcCap: f.ipcCap === null ? null : { backing: f.ipcCap.backing, pages: f.ipcCap.pages },
});

/** The canonical JSON of a kernel snapshot. */
export function snapshotJson(s: KernelSnapshot): SnapshotJson {
  return {
    vms: s.vms.map(vmJson),
    nextVmId: s.nextVmId,
    active: s.active,
    stack: s.stack.map(frameJson),
    code: s.code.map(codeJson),
    untyped: { offset: s.untyped.offset, total: s.untyped.total },
    backing: s.backing.map((p: BackingPage) => ({ page: p.page, bytes: toHex(p.bytes) })),
    memCycles: s.memCycles,
  };
}

/** The kernel snapshot of its JSON (the schema has checked the shape). */
export function snapshotFrom(s: SnapshotJson): KernelSnapshot {
  return {
    vms: s.vms.map((v) => ({
      id: v.id, status: v.status as VmSnapshot['status'], code: v.code, pc: v.pc, gas: fromU64(v.gas), regs: regsFrom(v.regs), blockPaid: v.blockPaid,
      slots: v.slots.map((e) => ({ slot: e.slot, cap: capFrom(e.cap), original: e.original })),
    })),
    nextVmId: s.nextVmId,
    active: s.active,
    stack: s.stack.map(frameJson),
    code: s.code.map(codeFrom),
    untyped: { offset: s.untyped.offset, total: s.untyped.total },
    backing: s.backing.map((p) => ({ page: p.page, bytes: fromHex(p.bytes) })),
    memCycles: s.memCycles,
  };
}

/** The exact text of a vector file: two-space JSON and a final newline (keys in construction order). */
export function vectorText(v: Vector): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}

/** Where a vector lives under the tree root. */
export const vectorPath = (v: Pick<Vector, 'profile' | 'runner' | 'handler' | 'name'>): string => `${v.profile}/${v.runner}/${v.handler}/${v.name}.json`;
