/**
 * The two Fibonacci programs of the issues through the kernel: the loop ends by REPLY from the root
 * (Halt, 19,000,108 gas: the core's 19,000,098 plus the 10-gas ecalli dispatch), and the recursive
 * version CREATEs and CALLs 176 children for n = 10 (Halt(55), 61,636 gas, 177 VMs).
 */
import { expect, test } from 'vitest';
import { loadKernel, runKernel } from '../../kernel/index.js';
import { fibLoopBlob } from '../fixtures/fib-loop.js';
import { fibRecursiveBlob } from '../../../vectors/gen/fib-recursive.js';

function runToExit(blob: Uint8Array, gas: bigint, reg7: bigint) {
  const loaded = loadKernel(blob, { gas, reg7 });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return runKernel(loaded.value.state);
}

test('fib loop: the root REPLY halts with F(1e6) mod 2^64 and 19,000,108 gas used', () => {
  const r = runToExit(fibLoopBlob, 1_000_000_000n, 0n);
  expect(r.exit).toEqual({ kind: 'halt', value: 14197223477820724411n });
  expect(1_000_000_000n - (r.state.vms.get(0)?.gas ?? 0n)).toBe(19_000_108n);
});

test('recursive fib n = 10: Halt(55), 61,636 gas used, 177 VMs', () => {
  const r = runToExit(fibRecursiveBlob, 100_000_000n, 10n);
  expect(r.exit).toEqual({ kind: 'halt', value: 55n });
  expect(100_000_000n - (r.state.vms.get(0)?.gas ?? 0n)).toBe(61_636n);
  expect(r.state.vms.size).toBe(177);
});

test.each([[0n, 0n], [1n, 1n], [2n, 1n], [5n, 5n], [12n, 144n]])('recursive fib(%s) = %s', (n, f) => {
  expect(runToExit(fibRecursiveBlob, 100_000_000n, n).exit).toEqual({ kind: 'halt', value: f });
});
