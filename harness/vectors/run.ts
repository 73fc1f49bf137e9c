/**
 * The vector runners' procedures (expectedOf and one function per runner) for the harness: they live in
 * vectors/lib/runners.ts, beside the format they interpret; this module re-exports them.
 */
export * from '../../vectors/lib/runners.js';
