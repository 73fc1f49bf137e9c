/**
 * Kernel state: the VM pool, the call stack, CODE caps, the UNTYPED bump allocator and the backing
 * store of physical pages, with the only helpers that change it (nothing is mutated).
 * Spec: Lean `Capability.lean` (Cap, CapTable, VmInstance, CallFrame), `Kernel.KernelState`;
 * Rust kernel.rs `InvocationKernel`, vm_pool.rs, cap.rs. Memory model: spec-notes/0029.
 *
 * The collections are persistent (Immutable.js): a transition shares everything it does not change,
 * so it costs O(log n) in VMs, caps, frames and pages, not a copy of the kernel (issue 14). Only this
 * module builds or changes them; the operation files read them (get, has, size, iteration: the same
 * names as JS Map and Set) and change them through the helpers below.
 */
import { List, Map as PMap, Set as PSet } from 'immutable';
import type { PageAccess } from '../../vectors/lib/types.js';
import type { Program } from '../decode/code.js';
import { checkU64, invariant } from '../numeric.js';

/** A persistent map and set, read with the JS Map/Set names (get, has, size, keys, values, iteration). */
export type PersistentMap<K, V> = PMap<K, V>;
export type PageSet = PSet<number>;

export type VmStatus = 'idle' | 'running' | 'waiting' | 'halted' | 'faulted';

/** A DATA cap: pages of the backing store, mapped (partly) at a base page fixed by its first MAP. */
export interface DataCap {
  readonly kind: 'data';
  /** First backing-store page. */
  readonly backing: number;
  readonly pages: number;
  /** Base page in the owner's address space, fixed on first MAP (spec-notes/0033). */
  readonly base: number | null;
  readonly access: PageAccess | null;
  /** Indices (0..pages-1) of the pages present in the owner's address space. */
  readonly mapped: PageSet;
}

export type Cap =
  | { readonly kind: 'untyped' }
  | DataCap
  | { readonly kind: 'code'; readonly id: number }
  | { readonly kind: 'handle'; readonly vm: number; readonly maxGas: bigint | null }
  | { readonly kind: 'callable'; readonly vm: number; readonly maxGas: bigint | null }
  | { readonly kind: 'protocol'; readonly id: number };

/** A 256-slot cap table with the per-slot "original" bits of protocol slots 1..28. */
export interface CNode {
  readonly slots: PersistentMap<number, Cap>;
  readonly original: PSet<number>;
}

export interface Vm {
  readonly status: VmStatus;
  readonly code: number;
  readonly regs: readonly bigint[];
  readonly pc: number;
  readonly gas: bigint;
  readonly cnode: CNode;
  /** The gas block at pc is already paid: only after a step budget ran out mid-block. */
  readonly blockPaid: boolean;
}

/** What REPLY needs to undo a CALL: the caller, the IPC slot emptied, and the pages it had mapped. */
export interface Frame {
  readonly caller: number;
  readonly ipcSlot: number | null;
  readonly ipcMapped: PageSet | null;
  /** The passed DATA cap's backing range, to recognise it on REPLY (spec-notes/0038). */
  readonly ipcCap: { readonly backing: number; readonly pages: number } | null;
}

export interface KernelState {
  readonly vms: PersistentMap<number, Vm>;
  /** Id of the next VM CREATE makes; ids are never reused. */
  readonly nextVmId: number;
  readonly active: number;
  readonly stack: List<Frame>;
  readonly code: readonly Program[];
  readonly untyped: { readonly offset: number; readonly total: number };
  /** Backing pages that were ever written (absent pages read as zeros). */
  readonly backing: PersistentMap<number, Uint8Array>;
  readonly memCycles: number;
}

export const NUM_SLOTS = 256;
export const IPC_SLOT = 0;
export const UNTYPED_SLOT = 254;
export const MAX_VMS = 65535;
export const MAX_CODE_CAPS = 5;
export const DISPATCH_GAS = 10n;
export const CALL_OVERHEAD_GAS = 10n;
export const GAS_PER_PAGE = 1500n;

export const emptyCNode: CNode = Object.freeze({ slots: PMap<number, Cap>(), original: PSet<number>() });

/** No pages. */
export const noPages: PageSet = PSet<number>();

/** The set of page indices listed. */
export const pageSet = (pages: Iterable<number>): PageSet => PSet(pages);

/** Pages [first, first + count) added to a set. */
export function pagesWith(set: PageSet, first: number, count: number): PageSet {
  return set.withMutations((m) => {
    for (let p = first; p < first + count; p++) m.add(p);
  });
}

/** A set without the pages that `drop` selects. */
export const pagesWithout = (set: PageSet, drop: (page: number) => boolean): PageSet => set.filterNot(drop);

/** A cap table of the given slots, with the listed slots' original bits set. */
export const cnodeOf = (slots: Iterable<readonly [number, Cap]>, original: Iterable<number> = []): CNode =>
  Object.freeze({ slots: PMap(slots as Iterable<[number, Cap]>), original: PSet(original) });

/** The VM pool of the listed VMs. */
export const vmPool = (vms: Iterable<readonly [number, Vm]>): PersistentMap<number, Vm> => PMap(vms as Iterable<[number, Vm]>);

/** A call stack of the listed frames, bottom first. */
export const callStack = (frames: Iterable<Frame>): List<Frame> => List(frames);

/** A backing store of the listed pages. */
export const backingStore = (pages: Iterable<readonly [number, Uint8Array]>): PersistentMap<number, Uint8Array> =>
  PMap(pages as Iterable<[number, Uint8Array]>);

/** The VM with an id; a missing VM is a model bug at every call site. */
export function vmOf(s: KernelState, id: number): Vm {
  const vm = s.vms.get(id);
  invariant(vm !== undefined, `no VM ${id}`);
  return vm;
}

/** The active VM. */
export const activeVm = (s: KernelState): Vm => vmOf(s, s.active);

/** The state with VM id changed by f. */
export const updateVm = (s: KernelState, id: number, f: (vm: Vm) => Vm): KernelState => withVm(s, id, f(vmOf(s, id)));

/** The state with VM id (new or not) := vm. */
export const withVm = (s: KernelState, id: number, vm: Vm): KernelState => Object.freeze({ ...s, vms: s.vms.set(id, Object.freeze(vm)) });

/** The state without VM id. */
export const withoutVm = (s: KernelState, id: number): KernelState => Object.freeze({ ...s, vms: s.vms.delete(id) });

/** The state with the kernel-level fields replaced. */
export const withKernel = (s: KernelState, change: Partial<KernelState>): KernelState => Object.freeze({ ...s, ...change });

/** The innermost call frame, if any. */
export const topFrame = (s: KernelState): Frame | undefined => s.stack.last();

/** Number of frames on the call stack (0: the root VM is active). */
export const stackDepth = (s: KernelState): number => s.stack.size;

/** The state with a frame pushed. */
export const withFramePushed = (s: KernelState, frame: Frame): KernelState => withKernel(s, { stack: s.stack.push(Object.freeze(frame)) });

/** The state with the innermost frame popped. */
export const withFramePopped = (s: KernelState): KernelState => withKernel(s, { stack: s.stack.pop() });

/** The bytes of a backing page, if it was ever written. */
export const backingPage = (s: KernelState, page: number): Uint8Array | undefined => s.backing.get(page);

/** The state with backing pages replaced (each page's bytes are never changed afterwards). */
export function withBackingPages(s: KernelState, pages: Iterable<readonly [number, Uint8Array]>): KernelState {
  const backing = s.backing.withMutations((m) => {
    for (const [page, bytes] of pages) m.set(page, bytes);
  });
  return backing === s.backing ? s : withKernel(s, { backing });
}

/** A VM with register i set (v must be a u64). */
export function vmWithReg(vm: Vm, i: number, v: bigint): Vm {
  checkU64(v, `φ${i}`);
  const regs = [...vm.regs];
  regs[i] = v;
  return { ...vm, regs: Object.freeze(regs) };
}

/** The state with the active VM's register i set. */
export const setActiveReg = (s: KernelState, i: number, v: bigint): KernelState => updateVm(s, s.active, (vm) => vmWithReg(vm, i, v));

/** The active VM's register i. */
export const activeReg = (s: KernelState, i: number): bigint => activeVm(s).regs[i] ?? 0n;

/** The cap in a VM's slot, if any. */
export const capAt = (s: KernelState, vm: number, slot: number): Cap | undefined => vmOf(s, vm).cnode.slots.get(slot);

/** A CNode with a slot set (or emptied); a write to a protocol slot clears its original bit (Lean `CapTable.set/take`). */
export function cnodeWith(c: CNode, slot: number, cap: Cap | null): CNode {
  const slots = cap === null ? c.slots.delete(slot) : c.slots.set(slot, Object.freeze(cap));
  return Object.freeze({ slots, original: c.original.delete(slot) });
}

/** The state with a cap placed in (or removed from) a VM's slot. */
export const setCap = (s: KernelState, vm: number, slot: number, cap: Cap | null): KernelState =>
  updateVm(s, vm, (v) => ({ ...v, cnode: cnodeWith(v.cnode, slot, cap) }));

/** Whether a cap may be COPYed (and copied by CREATE): UNTYPED, CODE, CALLABLE and protocol caps. */
export const isCopyable = (c: Cap): boolean => c.kind === 'untyped' || c.kind === 'code' || c.kind === 'callable' || c.kind === 'protocol';

/** Number of VMs alive (the 65,535 limit counts these). */
export const liveVms = (s: KernelState): number => s.vms.size;
