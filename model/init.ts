/**
 * jar1 program start for a single VM (no kernel yet): DATA caps mapped at their base pages, their
 * bytes copied in, args at the base of the slot-0 DATA cap, init gas charged, pc 0 of the invoked CODE cap.
 * Spec: Lean `Interpreter.initCap`, Rust `InvocationKernel::new_inner`; spec-notes/0020, 0021, 0022.
 */
import { NUM_REGS, PAGE_SIZE, type CoreRunInput, type LoadError, type MemoryChunk, type PageRange, type Result } from '../vectors/lib/types.js';
import { parseJarBlob, type JarProgram } from './blob/jar.js';
import { fail } from './blob/reader.js';

/** Gas charged per DATA page of the manifest before the first instruction (spec-notes/0021). */
export const GAS_PER_PAGE = 1500n;

export interface Jar1Options {
  readonly gas: bigint;
  readonly args?: Uint8Array;
  readonly reg7?: bigint;
}

export interface Jar1Loaded {
  readonly program: JarProgram;
  readonly input: CoreRunInput;
  readonly initGas: bigint;
  /** The gas did not cover initGas: the run ends in out-of-gas before the first instruction. */
  readonly initOutOfGas: boolean;
}

/** Parses a JAR v2 blob and builds the core's starting state. */
export function loadJar1(blob: Uint8Array, opts: Jar1Options): Result<Jar1Loaded, LoadError> {
  const parsed = parseJarBlob(blob);
  if (!parsed.ok) return parsed;
  const program = parsed.value;
  const code = program.caps.find((c) => c.slot === program.invokeCap && c.type === 'code');
  if (code === undefined || code.type !== 'code') return fail('no_invoke_cap', `invoke_cap ${program.invokeCap} is not a CODE cap`);
  const pages: PageRange[] = [];
  const memory: MemoryChunk[] = [];
  let dataPages = 0;
  for (const c of program.caps) {
    if (c.type !== 'data') continue;
    dataPages += c.pageCount;
    if (c.pageCount > 0) pages.push({ address: c.basePage * PAGE_SIZE, length: c.pageCount * PAGE_SIZE, access: c.access });
    if (c.data.length > 0) memory.push({ address: c.basePage * PAGE_SIZE, bytes: c.data });
  }
  const regs = new Array<bigint>(NUM_REGS).fill(0n);
  regs[7] = opts.reg7 ?? 0n;
  const ipc = program.caps.find((c) => c.slot === 0 && c.type === 'data');
  const args = opts.args ?? new Uint8Array();
  if (ipc !== undefined && ipc.type === 'data') {
    if (args.length > ipc.pageCount * PAGE_SIZE) return fail('out_of_bounds', `args of ${args.length} bytes do not fit the ${ipc.pageCount}-page DATA cap in slot 0`);
    if (args.length > 0) {
      memory.push({ address: ipc.basePage * PAGE_SIZE, bytes: args });
      regs[8] = BigInt(ipc.basePage * PAGE_SIZE); // φ8, φ9 stay 0 without args (Rust new_inner)
      regs[9] = BigInt(args.length);
    }
  } else if (args.length > 0) {
    return fail('out_of_bounds', `args given but the manifest has no DATA cap in slot 0 to hold them`);
  }
  const initGas = GAS_PER_PAGE * BigInt(dataPages);
  const initOutOfGas = opts.gas < initGas;
  const input: CoreRunInput = {
    profile: 'jar1',
    image: code.image,
    pc: 0,
    gas: initOutOfGas ? 0n : opts.gas - initGas,
    regs,
    pages: pages.sort((a, b) => a.address - b.address),
    memory,
    memoryPages: program.memoryPages,
  };
  return { ok: true, value: { program, input, initGas, initOutOfGas } };
}
