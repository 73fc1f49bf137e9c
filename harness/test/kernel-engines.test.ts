/**
 * The kernel scenarios of model/test/kernel/fib.test.ts through the KernelEngine interface, for every
 * kernel engine: the model, the impl kernel over a model-core test double, and the registered impl.
 * Expected values are the issue's (hand-derived in model/test/fib-loop.test.ts and the fixtures' notes):
 * fib loop 19,000,108 gas with F(10^6) mod 2^64; recursive fib(10) = 55 with 61,636 gas and 177 VMs.
 */
import { describe, expect, test } from 'vitest';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import type { KernelEngine } from '../../vectors/lib/kernel.js';
import { KERNEL_ENGINES } from './support/kernel-engines.js';

function runToExit(engine: KernelEngine, blob: Uint8Array, gas: bigint, reg7: bigint) {
  const loaded = engine.load(blob, { gas, reg7 });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const r = loaded.value.run();
  return { exit: r.exit, snap: loaded.value.snapshot() };
}

/** F(n) mod 2^64 by the recurrence, independent of any VM. */
function fib(n: number): bigint {
  let a = 0n;
  let b = 1n;
  for (let k = 0; k < n; k++) [a, b] = [b, BigInt.asUintN(64, a + b)];
  return a;
}

describe.each(KERNEL_ENGINES)('kernel engine $name', ({ engine, slow }) => {
  test.skipIf(slow)('fib loop: the root REPLY halts with F(1e6) mod 2^64, 19,000,108 gas used', () => {
    const r = runToExit(engine, fibLoopBlob, 1_000_000_000n, 0n);
    expect(fib(1_000_000)).toBe(14197223477820724411n);
    expect(r.exit).toEqual({ kind: 'halt', value: 14197223477820724411n });
    expect(1_000_000_000n - (r.snap.vms[0]?.gas ?? 0n)).toBe(19_000_108n);
  });

  test('recursive fib n = 10: Halt(55), 61,636 gas used, 177 VMs', () => {
    const r = runToExit(engine, fibRecursiveBlob, 100_000_000n, 10n);
    expect(r.exit).toEqual({ kind: 'halt', value: 55n });
    expect(100_000_000n - (r.snap.vms[0]?.gas ?? 0n)).toBe(61_636n);
    // fib(10) makes 2·(calls with n ≥ 2) children: calls(n) = 1 + calls(n-1) + calls(n-2) for n ≥ 2 → 177 VMs in all
    expect(r.snap.vms.length).toBe(177);
    expect(r.snap.nextVmId).toBe(177);
  });

  test.each([0, 1, 2, 5, 12])('recursive fib(%s) halts with F(n)', (n) => {
    expect(runToExit(engine, fibRecursiveBlob, 100_000_000n, BigInt(n)).exit).toEqual({ kind: 'halt', value: fib(n) });
  });
});
