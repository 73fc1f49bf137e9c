/**
 * Test helpers: build a code image from hand-encoded instructions and run the model's core on it.
 * Instructions are given as hex strings, one per instruction, so that the bitmask (instruction
 * starts) follows from the list, as in spec/pvm-core.md section 8.
 */
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { codeImage } from '../../vectors/lib/code-image.js';
import type { CoreRunResult, MemoryChunk, PageRange, Profile } from '../../vectors/lib/types.js';
import { modelCore } from '../index.js';

/** The core `run` drives: the model, unless a cross-engine runner (harness/test, impl/test) swaps it. */
let core: CoreEngine = modelCore;

/** Makes `run` drive another engine (null: back to the model); the hand-derived tables stay engine-neutral. */
export function useCoreEngine(engine: CoreEngine | null): void {
  core = engine ?? modelCore;
}

/** `hex` (bytes of a hex string, spaces and `|` ignored) and `image` (a code image from instructions given one per hex string) are shared with the vector generator. */
export { hexBytes as hex, codeImage as image } from '../../vectors/lib/code-image.js';

export interface RunOptions {
  readonly profile?: Profile;
  readonly jumpTable?: readonly number[];
  /** Initial registers by index; the rest are 0. */
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly pages?: readonly PageRange[];
  readonly memory?: readonly MemoryChunk[];
  readonly gas?: bigint;
  readonly pc?: number;
  readonly memoryPages?: number;
}

/** Runs the current core (the model by default) on hand-encoded instructions (default: jar1, gas 1000, no memory). */
export function run(instrs: readonly string[], opts: RunOptions = {}): CoreRunResult {
  const regs = Array.from({ length: 13 }, (_, i) => opts.regs?.[i] ?? 0n);
  return core.runCore({
    profile: opts.profile ?? 'jar1',
    image: codeImage(instrs, opts.jumpTable ?? []),
    pc: opts.pc ?? 0,
    gas: opts.gas ?? 1000n,
    regs,
    pages: opts.pages ?? [],
    memory: opts.memory ?? [],
    memoryPages: opts.memoryPages ?? 0,
  });
}

/** Gas used by a run that started with `start` gas. */
export function gasUsed(result: CoreRunResult, start = 1000n): bigint {
  return start - result.state.gas;
}

/** A register of the final state. */
export function reg(result: CoreRunResult, i: number): bigint {
  const v = result.state.regs[i];
  if (v === undefined) throw new Error(`no register ${i}`);
  return v;
}

/** The byte at an address of the final state (0 where no chunk covers it). */
export function byteAt(result: CoreRunResult, address: number): number {
  for (const c of result.state.memory) {
    if (address >= c.address && address < c.address + c.bytes.length) return c.bytes[address - c.address] ?? 0;
  }
  return 0;
}
