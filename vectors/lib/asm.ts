/**
 * The kit's own PVM/JAVM assembler: text in, code image and program blobs out (syntax: asm-parse.ts).
 * Independent of model/ (its tests, harness/test/asm.test.ts, check it against the model's decoder
 * and the hand-assembled fixtures). It sits under vectors/lib because the vector generator writes the
 * kernel programs with it, and vectors/ depends on nothing above it; harness/asm re-exports it.
 *
 *   const fib = asm`
 *     load_imm r9, 1
 *   loop:
 *     add_64 r10, r7, r9
 *     ...`;
 *   jarBlob({ caps: [{ slot: 64, type: 'code', image: fib }] });   gpBlob(fib);
 */
import { assemble, type AsmOptions, type Assembled } from './asm-assemble.js';

export { assemble, immWidth, type AsmLine, type AsmOptions, type Assembled } from './asm-assemble.js';
export { codeBlob, compactNatural, gpBlob, jarBlob, leastEntrySize, packBitmask, type JarCapSpec, type JarSpec } from './asm-blob.js';
export { ASM_OPCODES, type AsmFormat, type AsmOpcode } from './asm-opcodes.js';
export type { AsmError, AsmResult } from './asm-parse.js';

/** Assembles source that is part of this kit (a workload, a test); a mistake in it is a bug, so it throws. */
export function assembleOrThrow(source: string, options: AsmOptions = {}): Assembled {
  const r = assemble(source, options);
  if (!r.ok) throw new Error(`asm line ${r.error.line}: ${r.error.message}`);
  return r.value;
}

/** Tagged template form of assembleOrThrow: interpolated values are pasted as text. */
export function asm(strings: TemplateStringsArray, ...values: readonly (string | number | bigint)[]): Assembled {
  return assembleOrThrow(String.raw({ raw: strings }, ...values));
}

/** asm with options: asmWith({ wide: true })`...`. */
export function asmWith(options: AsmOptions) {
  return (strings: TemplateStringsArray, ...values: readonly (string | number | bigint)[]): Assembled =>
    assembleOrThrow(String.raw({ raw: strings }, ...values), options);
}
