/**
 * The impl's CoreMachine: registers as int32 halves, gas as a number budget backed by a bigint
 * reserve (gas is any u64: exact beyond 2^53), and two tiers behind one run(): the interpreter
 * alone, or the interpreter plus compiled hot blocks (jit.ts), chosen per machine.
 */
import type { Profile } from '../../vectors/lib/types.js';
import {
  EXIT_BUDGET, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP, type AddressSpace, type CompiledCode, type CoreMachine, type ExitCode,
} from './api.js';
import { absolutePc, blockCostAt, regionAt, type BlockFn, type Decoded, type LazyCode } from './decode.js';
import { AT_BOUNDARY, AT_EDGE, interpret } from './interp.js';
import { compileRegion, S_ARG, S_EXIT, S_GAS, S_LASTPC, S_MAX, S_PC, S_STEPS } from './jit.js';
import { ImplAddressSpace } from './memory.js';

/** interp: the switch interpreter; jit: the interpreter plus compiled regions for hot code. */
export type Tier = 'interp' | 'jit';

/** createMachine's optional second argument (impl only; api.ts callers pass none). */
export interface MachineOptions {
  /** interp: the switch interpreter only; jit: hot blocks become JS functions. Default: JAVM_IMPL_TIER, else jit. */
  readonly tier?: Tier;
  /** Block entries before a block is compiled (jit tier). Default 8; 0 compiles every block on first entry. */
  readonly hot?: number;
  /** A per-instruction observer (tracing, harness/trace): run() then steps the interpreter one instruction at a time, whatever the tier. */
  readonly hook?: StepHook;
}

/**
 * Sees every instruction a hooked machine runs (harness/trace). A machine without a hook pays one
 * check per run() call for this, nothing per instruction.
 */
export interface StepHook {
  /** A hooked run() starts: what the machine holds may have changed since the last after (a context switch, a host answer). */
  enter?(m: ImplMachine): void;
  /** Before the instruction at m.pc (its block maybe not yet paid); false stops the run there (EXIT_BUDGET). */
  before(m: ImplMachine, d: Decoded): boolean;
  /** After it (or after its block could not be paid: EXIT_OOG, no instruction started), with its exit; EXIT_BUDGET = none. */
  after(m: ImplMachine, d: Decoded, exit: number): void;
}

/** The default tier: JAVM_IMPL_TIER=interp|jit, else jit. */
export function defaultTier(): Tier {
  const env = typeof process === 'undefined' ? undefined : process.env.JAVM_IMPL_TIER;
  return env === 'interp' ? 'interp' : 'jit';
}

/** Machines start with this empty space; it is never mapped into (the memory getter replaces it first). */
const EMPTY_SPACE = new ImplAddressSpace();
/**
 * Gas, steps, max steps and exit details, shared with compiled regions during one run. One for all
 * machines: a run never starts another run before it returns (nothing calls out of the core).
 */
const S = new Float64Array(8);
const BUDGET_CHUNK = 2 ** 52; // above any block cost, and g + chunk stays exact
const TWO_52 = 2n ** 52n;
const U64_MAX = 2n ** 64n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** One register machine (api.ts CoreMachine); the kernel keeps one and swaps VM contexts into it. */
export class ImplMachine implements CoreMachine {
  /** Low and high halves of φ0..φ12. */
  readonly L = new Int32Array(16);
  readonly H = new Int32Array(16);
  pc = 0;
  /** Gas available to the hot loop (a number); the rest of a huge gas waits in `reserve`. */
  g = 0;
  private reserve = 0n;
  blockPaid = false;
  exitArg = 0;
  lastPc = 0;
  steps = 0;
  /** Accesses failing below this address panic (gp: spec-notes/0027; jar1: 0). */
  readonly guard: number;
  /** The address space instructions see (an empty one until the kernel or the engine sets it). */
  mem: ImplAddressSpace = EMPTY_SPACE;
  readonly tier: Tier;
  private readonly hot: number;
  private readonly hook: StepHook | null;

  constructor(profile: Profile, options: MachineOptions = {}) {
    this.guard = profile === 'gp' ? 0x10000 : 0;
    this.tier = options.tier ?? defaultTier();
    this.hot = options.hot ?? 8;
    this.hook = options.hook ?? null;
  }

  get memory(): AddressSpace {
    if (this.mem === EMPTY_SPACE) this.mem = new ImplAddressSpace(); // never hand out the shared empty space
    return this.mem;
  }

  set memory(space: AddressSpace) {
    if (!(space instanceof ImplAddressSpace)) throw new TypeError('ImplMachine.memory: expected an address space from implCoreFactory.createAddressSpace()');
    this.mem = space;
  }

  get gas(): bigint {
    return this.reserve === 0n ? BigInt(this.g) : this.reserve + BigInt(this.g);
  }

  set gas(v: bigint) {
    if (v < 0n || v > U64_MAX) throw new RangeError(`ImplMachine.gas = ${v}: expected 0..2^64-1`);
    if (v <= TWO_52) {
      this.g = Number(v);
      this.reserve = 0n;
    } else {
      this.g = BUDGET_CHUNK;
      this.reserve = v - TWO_52;
    }
  }

  get gasNumber(): number {
    if (this.reserve === 0n) return this.g; // g alone is at most 2^53 - 1
    const total = this.reserve + BigInt(this.g);
    return total <= MAX_SAFE ? Number(total) : -1;
  }

  set gasNumber(v: number) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`ImplMachine.gasNumber = ${v}: expected an integer 0..2^53-1`);
    this.g = v;
    this.reserve = 0n;
  }

  /** Moves reserve gas into the number budget so that it covers `cost` if the total does; returns the budget. */
  refill(cost: number): number {
    while (this.g < cost && this.reserve > 0n) {
      const take = this.reserve < TWO_52 ? this.reserve : TWO_52;
      if (this.g + Number(take) > Number.MAX_SAFE_INTEGER) break;
      this.g += Number(take);
      this.reserve -= take;
    }
    return this.g;
  }

  getReg(i: number): bigint {
    const hi = this.H[i]!;
    if (hi === 0) return BigInt(this.L[i]! >>> 0);
    return (BigInt(hi >>> 0) << 32n) | BigInt(this.L[i]! >>> 0);
  }

  setReg(i: number, v: bigint): void {
    if (!Number.isInteger(i) || i < 0 || i > 12) throw new RangeError(`setReg: register ${i} outside 0..12`);
    if (v < 0n || v > U64_MAX) throw new RangeError(`setReg(${i}, ${v}): expected 0..2^64-1`);
    if (v <= 0xffffffffn) {
      this.L[i] = Number(v) | 0;
      this.H[i] = 0;
    } else {
      this.L[i] = Number(BigInt.asUintN(32, v)) | 0;
      this.H[i] = Number(v >> 32n) | 0;
    }
  }

  saveRegs(words: Int32Array, offset: number): void {
    const L = this.L;
    const H = this.H;
    for (let i = 0; i < 13; i++) {
      words[offset + 2 * i] = L[i]!;
      words[offset + 2 * i + 1] = H[i]!;
    }
  }

  loadRegs(words: Int32Array, offset: number): void {
    const L = this.L;
    const H = this.H;
    for (let i = 0; i < 13; i++) {
      L[i] = words[offset + 2 * i]!;
      H[i] = words[offset + 2 * i + 1]!;
    }
  }

  run(code: CompiledCode, maxSteps: number): ExitCode {
    const d = code as Decoded;
    if (d.op === undefined) throw new TypeError('ImplMachine.run: code was not compiled by implCoreFactory');
    this.steps = 0;
    this.exitArg = 0;
    if (this.hook !== null) return this.runHooked(this.hook, d, maxSteps);
    if (this.pc > d.length) return this.pastEnd(d, maxSteps);
    if (d.lazy !== null) return this.runRegions(d.lazy, maxSteps, this.tier === 'jit');
    if (this.tier === 'interp') return interpret(this, d, maxSteps, false) as ExitCode;
    return this.runTiered(d, maxSteps) as ExitCode;
  }

  /**
   * A lazily decoded program (decode.ts): runs in the region holding pc (decoded on first entry),
   * with pcs local to it, and moves to the next region each time execution leaves one.
   */
  private runRegions(lazy: LazyCode, maxSteps: number, jit: boolean): ExitCode {
    for (;;) {
      const v = regionAt(lazy, this.pc);
      this.pc -= v.base;
      const e = jit ? this.runTiered(v, maxSteps) : interpret(this, v, maxSteps, false);
      this.pc = absolutePc(v, this.pc);
      if (e !== AT_EDGE) {
        this.lastPc = absolutePc(v, this.lastPc);
        return e as ExitCode;
      }
    }
  }

  /** The interpreter one instruction at a time, the hook around each (tracing); same results as an unhooked run. */
  private runHooked(hook: StepHook, d: Decoded, maxSteps: number): ExitCode {
    let total = 0;
    hook.enter?.(this);
    for (;;) {
      if (total >= maxSteps || !hook.before(this, d)) {
        this.steps = total;
        this.lastPc = this.pc;
        return EXIT_BUDGET;
      }
      this.steps = 0;
      const e = this.pc > d.length ? this.pastEnd(d, 1)
        : d.lazy !== null ? this.runRegions(d.lazy, 1, false) : (interpret(this, d, 1, false) as ExitCode);
      total += this.steps;
      hook.after(this, d, e);
      if (e !== EXIT_BUDGET) {
        this.steps = total;
        return e;
      }
    }
  }

  /** An entry beyond |c|: its one-instruction block (ζ = 0, a trap) is charged, then it traps (spec-notes/0016, 0018). */
  private pastEnd(d: Decoded, maxSteps: number): ExitCode {
    this.lastPc = this.pc;
    if (maxSteps <= 0) return EXIT_BUDGET;
    if (!this.blockPaid) {
      const c = blockCostAt(d, this.pc);
      if (this.refill(c) < c) {
        this.gas = 0n;
        return EXIT_OOG;
      }
      this.g -= c;
    }
    this.blockPaid = false;
    this.steps = 1;
    return EXIT_TRAP;
  }

  /** Interpreter between blocks, compiled regions from hot block starts on; AT_EDGE when leaving a lazily decoded region d. */
  private runTiered(d: Decoded, maxSteps: number): number {
    for (;;) {
      const pc = this.pc;
      const paid = this.blockPaid;
      let f: BlockFn | null | undefined;
      if (!paid && d.blockStart[pc] === 1) {
        f = d.blocks[pc];
        if (f === undefined && ++d.hits[pc]! > this.hot) {
          const region = compileRegion(d, pc);
          for (const s of region.starts) d.blocks[s] = region.fn;
          for (const [p, g] of region.paid) d.paidBlocks.set(p, g);
          f = region.fn;
        }
      } else if (paid && d.paidBlocks.size > 0) f = d.paidBlocks.get(pc);
      if (f !== undefined && f !== null) {
        S[S_GAS] = this.g;
        S[S_STEPS] = this.steps;
        S[S_MAX] = maxSteps;
        const r = (f as unknown as BlockCall)(this.L, this.H, S, this.mem, pc);
        this.g = S[S_GAS]!;
        this.steps = S[S_STEPS]!;
        if (r === -1) return this.compiledExit(S);
        // no progress (gas or step budget short of the next block or segment): the interpreter goes on
        const to = r >= 0 ? r : -10 - r;
        if (to !== pc || (r >= 0) === paid) {
          this.pc = to;
          this.blockPaid = r < 0;
          if (to >= d.limit) return AT_EDGE;
          continue;
        }
      }
      const e = interpret(this, d, maxSteps, true);
      if (e !== AT_BOUNDARY) return e;
    }
  }

  /** Applies an exit reported by a compiled block. */
  private compiledExit(S: Float64Array): ExitCode {
    let e = S[S_EXIT]! as ExitCode;
    this.pc = S[S_PC]! >>> 0; // an integer (a pc read as a double would box every VM's pc in the kernel)
    this.lastPc = S[S_LASTPC]! >>> 0;
    this.blockPaid = false;
    const arg = S[S_ARG]!;
    if (e === EXIT_FAULT) {
      if (arg < this.guard) e = EXIT_PANIC;
      else this.exitArg = (arg & ~4095) >>> 0;
    } else this.exitArg = arg;
    return e === EXIT_HALT ? EXIT_HALT : e;
  }
}

type BlockCall = (L: Int32Array, H: Int32Array, S: Float64Array, mem: ImplAddressSpace, pc: number) => number;

/**
 * A machine kept for the life of the process (exported so that it stays reachable). V8 drops a hidden
 * class once every instance of it died at a full GC, and deoptimizes the code specialised to it:
 * without this, a kernel or runCore becoming garbage could cost the next one the optimized machine
 * code. Its number fields are given the doubles real runs give them (gas above 2^31; steps and
 * exitArg read from the Float64Array S), so that it has, and every machine made after it gets, the
 * hidden class real machines end up with.
 */
export const SHAPE_KEEPER = new ImplMachine('jar1');
SHAPE_KEEPER.gas = 2n ** 40n;
SHAPE_KEEPER.steps = 0.5;
SHAPE_KEEPER.exitArg = 0.5;
SHAPE_KEEPER.memory = new ImplAddressSpace();
