/**
 * The impl as a CoreEngine (vectors/lib/engine.ts): parse a blob, build an address space over one
 * backing store from the plain page list, run a machine, and snapshot the result back to plain form.
 * Never imports model/ (../shared/STYLE.md).
 */
import type { CoreEngine, CoreRunOptions, CoreSession } from '../vectors/lib/engine.js';
import {
  NUM_REGS, PAGE_SIZE, type CodeImage, type CoreExit, type CoreRunInput, type CoreRunResult, type CoreSnapshot, type LoadError, type Profile, type Result,
} from '../vectors/lib/types.js';
import {
  EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP, memCyclesFor, type ExitCode,
} from './core/api.js';
import { implCoreFactory, parseCodeBlob, parseGpBlob, type ImplAddressSpace, type ImplMachine, type MachineOptions, type Tier } from './core/index.js';
import type { Decoded } from './core/decode.js';

export { implCoreFactory } from './core/index.js';

export { memCyclesFor };

/** A code image compiled once per (profile, memCycles): runCore is called with the same image many times. */
const compiled = new WeakMap<CodeImage, Map<number, Decoded>>();

function compileCached(profile: Profile, image: CodeImage, memCycles: number): Decoded {
  let byKey = compiled.get(image);
  if (byKey === undefined) {
    byKey = new Map();
    compiled.set(image, byKey);
  }
  const key = profile === 'gp' ? -1 : memCycles;
  let d = byKey.get(key);
  if (d === undefined) {
    d = implCoreFactory.compile(profile, image, memCycles);
    byKey.set(key, d);
  }
  return d;
}

function exitOf(code: ExitCode, arg: number): CoreExit | null {
  switch (code) {
    case EXIT_HALT: return { kind: 'halt' };
    case EXIT_TRAP: return { kind: 'trap' };
    case EXIT_PANIC: return { kind: 'panic' };
    case EXIT_OOG: return { kind: 'oog' };
    case EXIT_FAULT: return { kind: 'fault', address: BigInt(arg) };
    case EXIT_ECALLI: return { kind: 'ecalli', id: arg };
    case EXIT_ECALL: return { kind: 'ecall' };
    case EXIT_BUDGET: return null;
  }
}

function regsOf(m: ImplMachine): bigint[] {
  const out = new Array<bigint>(NUM_REGS);
  for (let i = 0; i < NUM_REGS; i++) out[i] = m.getReg(i);
  return out;
}

/** A CoreEngine over the impl core with a fixed tier (the differential tests run both). */
export function implCoreWithTier(tier: Tier, hot?: number): CoreEngine {
  const options = hot === undefined ? { tier } : { tier, hot };
  return {
    name: `impl-${tier}`,
    parseCode: (profile, blob) => parseCode(profile, blob),
    runCore: (input, runOptions) => runCore(input, runOptions, options),
    start: (input) => startCore(input, options),
  };
}

/** gp: a Gray Paper deblob; jar1: a CODE sub-blob. */
export function parseCode(profile: Profile, blob: Uint8Array): Result<CodeImage, LoadError> {
  return profile === 'gp' ? parseGpBlob(blob) : parseCodeBlob(blob);
}

/** A machine over a fresh address space and backing store, loaded with a plain machine state. */
function setUp(input: CoreRunInput, machine: MachineOptions): { m: ImplMachine; space: ImplAddressSpace; code: Decoded } {
  const code = compileCached(input.profile, input.image, memCyclesFor(input.memoryPages ?? 0));
  const m = implCoreFactory.createMachine(input.profile, machine);
  const space = implCoreFactory.createAddressSpace();
  const pageCount = input.pages.reduce((n, r) => n + r.length / PAGE_SIZE, 0);
  const backing = new Uint8Array(pageCount * PAGE_SIZE);
  let used = 0;
  for (const r of input.pages) {
    if (r.address % PAGE_SIZE !== 0 || r.length % PAGE_SIZE !== 0) throw new RangeError(`page range ${r.address}+${r.length} is not page aligned`);
    for (let a = r.address; a < r.address + r.length; a += PAGE_SIZE) {
      space.mapPage(a / PAGE_SIZE, backing.subarray(used, used + PAGE_SIZE), r.access);
      used += PAGE_SIZE;
    }
  }
  for (const c of input.memory) {
    for (let i = 0; i < c.bytes.length; i++) {
      const a = (c.address + i) % 2 ** 32;
      const page = space.page(Math.floor(a / PAGE_SIZE));
      if (page === undefined) throw new RangeError(`memory chunk at ${c.address}: byte ${a} is on an inaccessible page`);
      page[a % PAGE_SIZE] = c.bytes[i]!;
    }
  }
  m.memory = space;
  if (input.regs.length !== NUM_REGS) throw new RangeError(`expected ${NUM_REGS} registers, got ${input.regs.length}`);
  for (let i = 0; i < NUM_REGS; i++) m.setReg(i, input.regs[i]!);
  m.pc = input.pc;
  m.gas = input.gas;
  m.blockPaid = false;
  return { m, space, code };
}

function snapshotOf(m: ImplMachine, space: ImplAddressSpace): CoreSnapshot {
  return { pc: m.pc, gas: m.gas, regs: regsOf(m), pages: space.ranges(), memory: space.nonZero() };
}

/** Runs the impl core from a plain machine state to its first exit (or maxSteps). */
export function runCore(input: CoreRunInput, runOptions: CoreRunOptions = {}, machine: { tier?: Tier; hot?: number } = {}): CoreRunResult {
  const { m, space, code } = setUp(input, machine);
  const e = m.run(code, runOptions.maxSteps ?? Infinity);
  return { exit: exitOf(e, m.exitArg), state: snapshotOf(m, space), steps: m.steps };
}

/**
 * A resumable run (vectors/lib/engine.ts CoreSession): one machine and address space for the whole
 * session. The machine clears blockPaid at every exit and keeps it after a budget stop, as the
 * session contract asks.
 */
export function startCore(input: CoreRunInput, machine: MachineOptions = {}): CoreSession {
  const { m, space, code } = setUp(input, machine);
  return {
    run(maxSteps = Infinity) {
      const e = m.run(code, maxSteps);
      return { exit: exitOf(e, m.exitArg), steps: m.steps };
    },
    get pc() {
      return m.pc;
    },
    get gas() {
      return m.gas;
    },
    getReg: (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= NUM_REGS) throw new RangeError(`getReg: register ${i} outside 0..12`);
      return m.getReg(i);
    },
    setReg: (i, v) => m.setReg(i, v),
    snapshot: () => snapshotOf(m, space),
  };
}

/** The impl core with the default tier (JAVM_IMPL_TIER, else jit). */
export const implCore: CoreEngine = { name: 'impl', parseCode, runCore: (input, options) => runCore(input, options), start: (input) => startCore(input) };
