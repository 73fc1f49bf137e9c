/**
 * The kit's assembler, for the harness, the benchmarks and the tests: it lives in vectors/lib/asm.ts
 * (the vector generator uses it, and vectors/ imports nothing from harness/); this module re-exports it.
 */
export * from '../../vectors/lib/asm.js';
