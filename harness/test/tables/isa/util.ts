/**
 * Shared assertions for the per-family ISA tests. Expected values in the tests are derived by hand
 * from spec/pvm-core.md (sections 2 and 3) and spec-notes/README.md, never from the model's output.
 */
import { expect } from 'vitest';
import type { CoreRunResult } from '../../../../vectors/lib/types.js';
import { byteAt, hex, run, type RunOptions } from '../core.js';

/** 2^64 - 1, the all-ones register. */
export const ONES = 0xffffffffffffffffn;

/** Total byte length of hand-encoded instructions. */
export function len(...instrs: readonly string[]): number {
  return instrs.reduce((n, s) => n + hex(s).length, 0);
}

/** The 13 registers of a state: `regs` by index, the rest 0. */
export function regFile(regs: Readonly<Record<number, bigint>> = {}): bigint[] {
  return Array.from({ length: 13 }, (_, i) => regs[i] ?? 0n);
}

/** Expects the run to have stopped with `kind` (not fault/ecalli) at `pc`. */
export function expectExit(r: CoreRunResult, kind: 'trap' | 'panic' | 'halt' | 'oog' | 'ecall', pc: number): void {
  expect(r.exit).toEqual({ kind });
  expect(r.state.pc).toBe(pc);
}

/** Expects a page fault at `address`, reported at `pc`. */
export function expectFault(r: CoreRunResult, address: bigint, pc: number): void {
  expect(r.exit).toEqual({ kind: 'fault', address });
  expect(r.state.pc).toBe(pc);
}

/** One single-instruction case: `code` runs, then a trap right after it. */
export interface RegCase {
  readonly name: string;
  /** The instruction under test, hand-encoded. */
  readonly code: string;
  /** Initial registers (the rest are 0). */
  readonly regs?: Readonly<Record<number, bigint>>;
  /** Registers expected to differ from (or be confirmed equal to) the initial file. */
  readonly want: Readonly<Record<number, bigint>>;
  readonly opts?: RunOptions;
}

/**
 * Runs `[code, '00']` and expects a trap at the trap's pc (= length of `code`), and a final register
 * file equal to the initial one with `want` applied (so no other register changed).
 */
export function expectRegs(c: RegCase): CoreRunResult {
  const r = run([c.code, '00'], { ...c.opts, regs: c.regs ?? {} });
  expectExit(r, 'trap', len(c.code));
  expect(r.state.regs).toEqual(regFile({ ...(c.regs ?? {}), ...c.want }));
  return r;
}

/**
 * Expects memory to hold exactly `bytes` at `address` and, apart from `others` (address -> hex), no
 * other non-zero byte anywhere (so a store wrote nothing else).
 */
export function expectMemory(r: CoreRunResult, address: number, bytes: string, others: Readonly<Record<number, string>> = {}): void {
  const all: [number, Uint8Array][] = [[address, hex(bytes)], ...Object.entries(others).map(([a, b]): [number, Uint8Array] => [Number(a), hex(b)])];
  let nonZero = 0;
  for (const [at, bs] of all) {
    const got = Array.from({ length: bs.length }, (_, i) => byteAt(r, at + i));
    expect(got.map(hexByte).join(' ')).toBe(Array.from(bs, hexByte).join(' '));
    nonZero += bs.filter((b) => b !== 0).length;
  }
  expect(r.state.memory.reduce((n, c) => n + c.bytes.filter((b) => b !== 0).length, 0)).toBe(nonZero);
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}
