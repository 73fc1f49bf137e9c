/**
 * The iterative Fibonacci loop as a JAR v2 blob, hand-assembled:
 *   0: load_imm r7, 0        2: load_imm r9, 1        5: load_imm r8, 1000000     11: fallthrough
 *  12: add_64 r10 = r7 + r9 15: move_reg r7 <- r9    17: move_reg r9 <- r10      19: add_imm_64 r8 = r8 - 1
 *  22: branch_ne_imm r8, 0 -> 12                     25: ecalli 0 (REPLY on slot 0 once the kernel exists)
 */
import { expect, test } from 'vitest';
import { runJar1 } from '../index.js';
import { fibLoopBlob } from './fixtures/fib-loop.js';

/** F(n) mod 2^64 by the same recurrence, computed independently of the VM. */
function fib(n: number): bigint {
  let a = 0n;
  let b = 1n;
  for (let k = 0; k < n; k++) [a, b] = [b, BigInt.asUintN(64, a + b)];
  return a;
}

test('fib loop n = 1e6 stops at ecalli 0 with F(1e6) mod 2^64 and 19,000,098 core gas', () => {
  const start = 1_000_000_000n;
  const r = runJar1(fibLoopBlob, { gas: start });
  if (!r.ok) throw new Error(r.error.message);
  expect(fib(1_000_000)).toBe(14197223477820724411n);
  expect(r.value.exit).toEqual({ kind: 'ecalli', id: 0 });
  expect(r.value.state.regs[7]).toBe(14197223477820724411n);
  expect(r.value.state.pc).toBe(27);
  // block@0: three load_imm + fallthrough finish at cycle 2 -> cost 1; loop block: maxDone 22 -> 19 per
  // iteration (branch_ne_imm to 12 is not a trap: branchCost 20); block@25 ecalli: 100 - 3 = 97.
  // 1 + 19 * 1e6 + 97 = 19,000,098; the kernel's ecalli dispatch adds 10 (19,000,108: issue 3).
  expect(start - r.value.state.gas).toBe(19_000_098n);
});
