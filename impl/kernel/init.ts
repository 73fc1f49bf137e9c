/**
 * Kernel start from a JAR v2 blob (model/kernel/init.ts): VM 0 RUNNING at pc 0 of the invoked CODE
 * cap, protocol caps 1..28 (original), the manifest's caps at their slots, UNTYPED at 254 when
 * memory_pages > 0, DATA caps carved from UNTYPED in manifest order and mapped at their base pages, args
 * in the slot-0 DATA cap, 1500 gas per DATA page charged first.
 * Spec: Lean `initKernel`; spec-notes/0021, 0022, 0053.
 */
import type { KernelLoadOptions } from '../../vectors/lib/kernel.js';
import { PAGE_SIZE, type LoadError, type Result } from '../../vectors/lib/types.js';
import { memCyclesFor, type CoreFactory } from '../core/api.js';
import { loadError, readManifest, type ManifestCode, type ManifestData } from './manifest.js';
import { mapPages, writeInitData } from './memory.js';
import {
  CAP_CODE, CAP_DATA, CAP_PROTOCOL, DataCap, emptyKernel, MAX_CODE_CAPS, PAGE_GAS, ST_RUNNING, UNTYPED, UNTYPED_SLOT,
  type KernelState, type Vm,
} from './state.js';

/** A loaded kernel: its state and the gas the init charged (model/kernel/init.ts `KernelLoaded`). */
export interface KernelLoaded {
  readonly state: KernelState;
  readonly initGas: bigint;
  /** The gas did not cover initGas: the invocation ends in out-of-gas before any instruction (spec-notes/0021). */
  readonly initOutOfGas: boolean;
}

/** VM 0's caps before the manifest: protocol caps 1..28, all original. */
function addProtocolCaps(root: Vm): void {
  root.original = new Set();
  for (let id = 1; id <= 28; id++) {
    root.caps.put(id, { kind: CAP_PROTOCOL, id });
    root.original.add(id);
  }
}

/** Builds the kernel state of a JAR v2 blob over a core, or the load error that rejects it (Lean `initKernel`). */
export function loadKernel(factory: CoreFactory, blob: Uint8Array, options: KernelLoadOptions): Result<KernelLoaded, LoadError> {
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
  const k = emptyKernel(factory, codes.map((c) => c.image), memCyclesFor(man.memoryPages));
  const root = k.addVm(0, codes.findIndex((c) => c.slot === man.invokeSlot));
  root.status = ST_RUNNING;
  addProtocolCaps(root);
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
  for (const [cap, bytes] of inits) if (bytes.length > 0) writeInitData(k.backing, cap, bytes);
  const slot0 = root.caps.get(0);
  if (args.length > 0 && slot0?.kind === CAP_DATA) writeInitData(k.backing, slot0, args);
  for (const slot of root.caps.slots()) {
    const cap = root.caps.get(slot);
    if (cap?.kind === CAP_DATA) mapPages(root, cap, 0, cap.pages, k.backing, k.newSpace);
  }
  k.contexts.setReg(root, 7, options.reg7 ?? 0n);
  if (args.length > 0 && argsCap !== undefined) {
    k.contexts.setReg(root, 8, BigInt(argsCap.basePage * PAGE_SIZE));
    k.contexts.setReg(root, 9, BigInt(args.length));
  }
  const initGas = PAGE_GAS * BigInt(offset);
  const initOutOfGas = options.gas < initGas;
  k.contexts.setGas(root, initOutOfGas ? 0n : options.gas - initGas);
  k.untypedOffset = offset;
  k.untypedTotal = man.memoryPages;
  k.active = root;
  return { ok: true, value: { state: k, initGas, initOutOfGas } };
}
