/**
 * The impl kernel behind the engine contract (vectors/lib/kernel.ts), over any core that implements
 * impl/core/api.ts: load a JAR v2 blob (spec-notes/0021, 0022, 0053) or start from a snapshot.
 */
import type { CapSnapshot, KernelEngine, KernelLoadOptions, KernelSession, KernelSnapshot, TraceSink } from '../../vectors/lib/kernel.js';
import type { LoadError, Result } from '../../vectors/lib/types.js';
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import { memCyclesFor, type CoreFactory } from '../core/api.js';
import { ImplKernel } from './kernel.js';
import { loadError, readManifest, type ManifestCode, type ManifestData } from './manifest.js';
import { mapPages, writeInitial } from './memory.js';
import {
  CAP_CALLABLE, CAP_CODE, CAP_DATA, CAP_HANDLE, CAP_PROTOCOL, DataCap, MAX_CODE_CAPS, PAGE_GAS, ST_RUNNING, STATUS_NAMES, UNTYPED, UNTYPED_SLOT,
  type Cap,
} from './state.js';

export { memCyclesFor }; // the jar1 load/store tier (spec-notes/0012), defined at the core boundary

/** Builds the kernel of a blob: VM 0 RUNNING at pc 0 of the invoked CODE cap, its caps, memory and args. */
function load(factory: CoreFactory, blob: Uint8Array, options: KernelLoadOptions): Result<KernelSession, LoadError> {
  const parsed = readManifest(blob, (b) => factory.parseCodeBlob(b));
  if (!parsed.ok) return parsed;
  const man = parsed.value;
  const codes = man.caps.filter((c): c is ManifestCode => c.type === 'code');
  if (codes.length > MAX_CODE_CAPS) return loadError('too_many_code_caps', `jar blob: ${codes.length} CODE caps, at most ${MAX_CODE_CAPS} per invocation`);
  const args = options.args ?? new Uint8Array(0);
  const argsCap = man.caps.find((c): c is ManifestData => c.type === 'data' && c.slot === 0);
  if (args.length > 0) {
    if (argsCap === undefined) return loadError('out_of_bounds', 'args given but the manifest has no DATA cap in slot 0 to hold them');
    if (args.length > argsCap.pageCount * PAGE_SIZE) return loadError('out_of_bounds', `args of ${args.length} bytes do not fit the ${argsCap.pageCount}-page DATA cap in slot 0`);
  }
  const memCycles = memCyclesFor(man.memoryPages);
  const images = codes.map((c) => c.image);
  const k = new ImplKernel(factory, images, images.map((img) => factory.compile('jar1', img, memCycles)), memCycles, options.trace);
  const invoke = codes.findIndex((c) => c.slot === man.invokeSlot);
  const root = k.newVm(0, invoke);
  root.status = ST_RUNNING;
  root.original = new Set();
  for (let id = 1; id <= 28; id++) {
    root.caps.put(id, { kind: CAP_PROTOCOL, id });
    root.original.add(id);
  }
  // manifest caps over the protocol caps, DATA carved from the allocator in manifest order (spec-notes/0053)
  let offset = 0;
  const inits: [DataCap, Uint8Array][] = [];
  for (const c of man.caps) {
    if (c.type === 'code') {
      root.set(c.slot, { kind: CAP_CODE, id: codes.indexOf(c) });
      continue;
    }
    const cap = new DataCap(offset, c.pageCount);
    cap.base = c.basePage;
    cap.access = c.access;
    offset += c.pageCount;
    root.set(c.slot, cap);
    inits.push([cap, c.bytes]);
  }
  if (man.memoryPages > 0) root.set(UNTYPED_SLOT, UNTYPED);
  for (const [cap, bytes] of inits) if (bytes.length > 0) writeInitial(k.backing, cap, bytes);
  const slot0 = root.caps.get(0);
  if (args.length > 0 && slot0?.kind === CAP_DATA) writeInitial(k.backing, slot0, args);
  for (const slot of root.caps.slots()) {
    const cap = root.caps.get(slot);
    if (cap?.kind === CAP_DATA) mapPages(root, cap, 0, cap.pages, k.backing, k.newSpace);
  }
  k.setReg(root, 7, options.reg7 ?? 0n);
  if (args.length > 0 && argsCap !== undefined) {
    k.setReg(root, 8, BigInt(argsCap.basePage * PAGE_SIZE));
    k.setReg(root, 9, BigInt(args.length));
  }
  k.initGas = PAGE_GAS * BigInt(offset);
  if (options.gas < k.initGas) k.ended = { kind: 'oog' }; // init not paid: out of gas before any instruction (spec-notes/0021)
  k.setGas(root, options.gas < k.initGas ? 0n : options.gas - k.initGas);
  k.untypedOffset = offset;
  k.untypedTotal = man.memoryPages;
  k.active = root;
  return { ok: true, value: k };
}

function capFrom(c: CapSnapshot): Cap {
  switch (c.kind) {
    case 'data': {
      const cap = new DataCap(c.backing, c.pages);
      cap.base = c.base ?? -1;
      cap.access = c.access;
      return cap;
    }
    case 'handle': return { kind: CAP_HANDLE, vm: c.vm, maxGas: c.maxGas };
    case 'callable': return { kind: CAP_CALLABLE, vm: c.vm, maxGas: c.maxGas };
    case 'code': return { kind: CAP_CODE, id: c.id };
    case 'protocol': return { kind: CAP_PROTOCOL, id: c.id };
    case 'untyped': return UNTYPED;
  }
}

/** A kernel in the state a snapshot describes. */
function restore(factory: CoreFactory, snap: KernelSnapshot, trace: TraceSink | undefined): KernelSession {
  const images = snap.code.map((c) => ({ code: Uint8Array.from(c.code), bitmask: Uint8Array.from(c.bitmask), jumpTable: [...c.jumpTable] }));
  const k = new ImplKernel(factory, images, images.map((img) => factory.compile('jar1', img, snap.memCycles)), snap.memCycles, trace);
  k.nextVmId = snap.nextVmId;
  k.untypedOffset = snap.untyped.offset;
  k.untypedTotal = snap.untyped.total;
  for (const p of snap.backing) {
    if (p.bytes.length !== PAGE_SIZE) throw new Error(`snapshot: backing page ${p.page} has ${p.bytes.length} bytes, expected ${PAGE_SIZE}`);
    k.backing.pages.set(p.page, Uint8Array.from(p.bytes));
  }
  for (const v of snap.vms) {
    if (v.code < 0 || v.code >= images.length) throw new Error(`snapshot: vms[id ${v.id}].code = ${v.code}, expected an index into code (${images.length} entries)`);
    const vm = k.newVm(v.id, v.code);
    vm.status = STATUS_NAMES.indexOf(v.status);
    k.setContext(vm, v.pc, v.gas, v.blockPaid);
    v.regs.forEach((r, i) => k.setReg(vm, i, r));
    for (const s of v.slots) {
      const cap = capFrom(s.cap);
      vm.caps.put(s.slot, cap);
      if (s.original) (vm.original ??= new Set()).add(s.slot);
      if (cap.kind === CAP_DATA && s.cap.kind === 'data') for (const p of s.cap.mapped) mapPages(vm, cap, p, 1, k.backing, k.newSpace);
    }
  }
  const active = k.vms.get(snap.active);
  if (active === undefined) throw new Error(`snapshot: active = ${snap.active} names no VM`);
  k.active = active;
  for (const f of snap.stack) {
    const caller = k.vms.get(f.caller);
    if (caller === undefined) throw new Error(`snapshot: stack frame caller ${f.caller} names no VM`);
    k.stack.push({ caller, ipcSlot: f.ipcSlot ?? -1, ipcMapped: f.ipcMapped === null ? null : [...f.ipcMapped], ipcCap: f.ipcCap === null ? null : { backing: f.ipcCap.backing, pages: f.ipcCap.pages } });
  }
  return k;
}

/**
 * One idle kernel (with its machine, address space and a VM) per engine, kept for the life of the
 * process. V8 drops the hidden class of a kind of object once every instance of it died at a full
 * GC, and deoptimizes the code specialised to it: without these, the end of one invocation (its
 * kernel becoming garbage) could cost the next one the optimized kernel and machine code.
 */
const SHAPE_KEEPERS: unknown[] = [];

/** The impl kernel over a core factory. */
export function kernelEngine(factory: CoreFactory, name = 'impl'): KernelEngine {
  const keeper = new ImplKernel(factory, [], [], memCyclesFor(0), undefined);
  SHAPE_KEEPERS.push(keeper, keeper.newVm(0, 0), new DataCap(0, 0));
  return {
    name,
    load: (blob, options) => load(factory, blob, options),
    fromSnapshot: (snapshot, trace) => restore(factory, snapshot, trace),
  };
}
