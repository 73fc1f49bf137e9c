/**
 * The impl kernel behind the engine contract (vectors/lib/kernel.ts; the model's is
 * model/kernel/engine.ts), over any core that implements impl/core/api.ts: a session holds the kernel
 * state, its core machine and whether the invocation ended; load a JAR v2 blob (init.ts) or start from
 * a snapshot (snapshot.ts).
 */
import type { HostAnswer, KernelEngine, KernelRunResult, KernelSession, KernelSnapshot, TraceSink } from '../../vectors/lib/kernel.js';
import type { KernelExit } from '../../vectors/lib/types.js';
import { memCyclesFor, type CoreFactory } from '../core/api.js';
import { answerProtocolCall } from './host.js';
import { loadKernel } from './init.js';
import { CoreSlot, resumeProtocolCall, runKernel } from './run.js';
import { fromSnapshot, toSnapshot } from './snapshot.js';
import { DataCap, emptyKernel, type KernelState } from './state.js';

export { memCyclesFor }; // the jar1 load/store tier (spec-notes/0012), defined at the core boundary

/** A session over the impl kernel: the state changes in place; `ended` keeps the exit that ended the invocation. */
export class ImplKernel implements KernelSession {
  private readonly core: CoreSlot;
  /** Set once the invocation ended (not by a protocol call): run() reports it again. */
  private ended: KernelExit | null;

  constructor(readonly state: KernelState, factory: CoreFactory, readonly initGas: bigint, private readonly trace: TraceSink | undefined, initOutOfGas = false) {
    this.core = new CoreSlot(factory);
    this.ended = initOutOfGas ? { kind: 'oog' } : null; // init not paid: out of gas before any instruction (spec-notes/0021)
  }

  run(maxSteps = Infinity): KernelRunResult {
    if (this.ended !== null) return { exit: this.ended, steps: 0 };
    const r = runKernel(this.state, this.core, maxSteps, this.trace);
    if (r.exit !== null && r.exit.kind !== 'protocol') this.ended = r.exit;
    return r;
  }

  resumeProtocolCall(r7: bigint, r8: bigint): void {
    resumeProtocolCall(this.state, r7, r8);
  }

  /** The host's full answer (host.ts); after an end, that end again. */
  answerProtocolCall(answer: HostAnswer): KernelExit | null {
    if (this.ended !== null) return this.ended;
    this.ended = answerProtocolCall(this.state, answer);
    return this.ended;
  }

  snapshot(): KernelSnapshot {
    return toSnapshot(this.state);
  }
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
  const keeper = new ImplKernel(emptyKernel(factory, [], memCyclesFor(0)), factory, 0n, undefined);
  SHAPE_KEEPERS.push(keeper, keeper.state.addVm(0, 0), new DataCap(0, 0));
  return {
    name,
    load(blob, options) {
      const loaded = loadKernel(factory, blob, options);
      if (!loaded.ok) return loaded;
      const { state, initGas, initOutOfGas } = loaded.value;
      return { ok: true, value: new ImplKernel(state, factory, initGas, options.trace, initOutOfGas) };
    },
    fromSnapshot: (snapshot, trace) => new ImplKernel(fromSnapshot(factory, snapshot), factory, 0n, trace),
  };
}
