/**
 * The engine-neutral half of the hand-derived core tables: build a code image from hand-encoded
 * instructions and run the core engine the caller chose (describeCoreTables in index.ts sets it for
 * each engine in beforeAll). Instructions are given as hex strings, one per instruction, so that the
 * bitmask (instruction starts) follows from the list, as in spec/pvm-core.md section 8. Imports only
 * vectors/lib: model/test and impl/test both run these tables, and neither imports the other.
 */
import type { CoreEngine } from '../../../vectors/lib/engine.js';
import { codeImage } from '../../../vectors/lib/code-image.js';
import type { CoreRunResult, MemoryChunk, PageRange, Profile } from '../../../vectors/lib/types.js';

/** The core `run` drives; null outside a describeCoreTables block. */
let core: CoreEngine | null = null;

/** Makes `run` drive `engine` (null: none, so a table run outside its block fails loudly). */
export function useCoreEngine(engine: CoreEngine | null): void {
  core = engine;
}

/** `hex` (bytes of a hex string, spaces and `|` ignored) and `image` (a code image from instructions given one per hex string) are shared with the vector generator. */
export { hexBytes as hex, codeImage as image } from '../../../vectors/lib/code-image.js';

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

/** Runs the current core on hand-encoded instructions (default: jar1, gas 1000, no memory). */
export function run(instrs: readonly string[], opts: RunOptions = {}): CoreRunResult {
  if (core === null) throw new Error('no core engine: run the tables through describeCoreTables (harness/test/tables/index.ts)');
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
