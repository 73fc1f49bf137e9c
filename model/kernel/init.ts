/**
 * Kernel start from a JAR v2 blob: VM 0 RUNNING at pc 0 of the invoked CODE cap, protocol caps 1..28
 * (original), the manifest's caps at their slots, UNTYPED at 254 when memory_pages > 0, DATA caps
 * carved from UNTYPED in manifest order and mapped at their base pages, args in the slot-0 DATA cap,
 * 1500 gas per DATA page charged first. Spec: Rust `InvocationKernel::new_inner`, Lean `initKernel`;
 * spec-notes/0021, 0022, 0053.
 */
import { NUM_REGS, PAGE_SIZE, type LoadError, type Result } from '../../vectors/lib/types.js';
import { parseJarBlob } from '../blob/jar.js';
import { fail } from '../blob/reader.js';
import { programFrom } from '../decode/program.js';
import { memCyclesForPages } from '../profile.js';
import { writeInitData } from './memory-caps.js';
import {
  backingStore, callStack, cnodeOf, cnodeWith, GAS_PER_PAGE, MAX_CODE_CAPS, pageSet, UNTYPED_SLOT, vmPool, withKernel,
  type Cap, type CNode, type DataCap, type KernelState, type Vm,
} from './state.js';

export interface KernelOptions {
  readonly gas: bigint;
  readonly args?: Uint8Array;
  readonly reg7?: bigint;
}

export interface KernelLoaded {
  readonly state: KernelState;
  readonly initGas: bigint;
  /** The gas did not cover initGas: the invocation ends in out-of-gas before any instruction. */
  readonly initOutOfGas: boolean;
}

/** VM 0's cap table before the manifest: protocol caps 1..28, all original. */
function protocolCNode(): CNode {
  const slots: [number, Cap][] = [];
  for (let id = 1; id <= 28; id++) slots.push([id, { kind: 'protocol', id }]);
  return cnodeOf(slots, slots.map(([id]) => id));
}

/** Builds the kernel state of a JAR v2 blob, or the load error that rejects it. */
export function loadKernel(blob: Uint8Array, opts: KernelOptions): Result<KernelLoaded, LoadError> {
  const parsed = parseJarBlob(blob);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const codeCaps = m.caps.filter((c) => c.type === 'code');
  if (codeCaps.length > MAX_CODE_CAPS) return fail('too_many_code_caps', `${codeCaps.length} CODE caps, at most ${MAX_CODE_CAPS} per invocation`);
  let cnode = protocolCNode();
  let offset = 0;
  const inits: [DataCap, Uint8Array][] = [];
  for (const c of m.caps) {
    if (c.type === 'code') {
      cnode = cnodeWith(cnode, c.slot, { kind: 'code', id: codeCaps.indexOf(c) });
      continue;
    }
    const mapped = pageSet(Array.from({ length: c.pageCount }, (_, p) => p));
    const cap: DataCap = { kind: 'data', backing: offset, pages: c.pageCount, base: c.basePage, access: c.access, mapped };
    offset += c.pageCount;
    cnode = cnodeWith(cnode, c.slot, cap);
    inits.push([cap, c.data]);
  }
  const invoke = cnode.slots.get(m.invokeCap);
  if (invoke?.kind !== 'code') return fail('no_invoke_cap', `invoke_cap ${m.invokeCap} is not a CODE cap`);
  if (m.memoryPages > 0) cnode = cnodeWith(cnode, UNTYPED_SLOT, { kind: 'untyped' });
  const regs = new Array<bigint>(NUM_REGS).fill(0n);
  regs[7] = opts.reg7 ?? 0n;
  const args = opts.args ?? new Uint8Array();
  const ipc = m.caps.find((c) => c.slot === 0 && c.type === 'data');
  if (args.length > 0) {
    if (ipc === undefined || ipc.type !== 'data') return fail('out_of_bounds', 'args given but the manifest has no DATA cap in slot 0 to hold them');
    if (args.length > ipc.pageCount * PAGE_SIZE) return fail('out_of_bounds', `args of ${args.length} bytes do not fit the ${ipc.pageCount}-page DATA cap in slot 0`);
    regs[8] = BigInt(ipc.basePage * PAGE_SIZE);
    regs[9] = BigInt(args.length);
  }
  const initGas = GAS_PER_PAGE * BigInt(offset);
  const initOutOfGas = opts.gas < initGas;
  const vm0: Vm = { status: 'running', code: invoke.id, regs, pc: 0, gas: initOutOfGas ? 0n : opts.gas - initGas, cnode, blockPaid: false };
  let state: KernelState = {
    vms: vmPool([[0, Object.freeze(vm0)]]), nextVmId: 1, active: 0, stack: callStack([]),
    code: codeCaps.map((c) => programFrom(c.type === 'code' ? c.image : { code: new Uint8Array(), bitmask: new Uint8Array(), jumpTable: [] })),
    untyped: { offset, total: m.memoryPages }, backing: backingStore([]), memCycles: memCyclesForPages(m.memoryPages),
  };
  for (const [cap, data] of inits) if (data.length > 0) state = writeInitData(state, cap, data);
  const slot0 = cnode.slots.get(0);
  if (args.length > 0 && slot0?.kind === 'data') state = writeInitData(state, slot0, args);
  return { ok: true, value: { state: withKernel(state, {}), initGas, initOutOfGas } };
}
