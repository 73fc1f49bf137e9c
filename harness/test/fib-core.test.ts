/**
 * The Fibonacci loop at the core level on every fast core engine: the CODE sub-blob of the
 * fixture, run from pc 0 with 10^9 gas, stops at ecalli 0 with F(10^6) mod 2^64 in φ7 after
 * 19,000,098 gas. Derivation (model/test/fib-loop.test.ts): block@0 = three load_imm + fallthrough,
 * done at cycle 2 → cost 1; loop block: maxDone 22 → 19 per iteration (branch_ne_imm to 12 is not a
 * trap: branchCost 20); block@25 ecalli: 100 − 3 = 97; 1 + 19·10^6 + 97 = 19,000,098.
 * The model runs this in model/test/fib-loop.test.ts (too slow to repeat here).
 */
import { describe, expect, test } from 'vitest';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { modelCore } from '../../model/index.js';
import { CORE_ENGINES } from './support/core-engines.js';

/** F(n) mod 2^64 by the recurrence, independent of any VM. */
function fib(n: number): bigint {
  let a = 0n;
  let b = 1n;
  for (let k = 0; k < n; k++) [a, b] = [b, BigInt.asUintN(64, a + b)];
  return a;
}

// The fixture: 10-byte JAR header, one 19-byte CODE cap entry (slot 64, data [0, 40)), then the sub-blob.
const subBlob = fibLoopBlob.subarray(29, 69);

describe.each(CORE_ENGINES.filter((e) => e.core !== modelCore))('fib loop on $name', ({ core }) => {
  test('ecalli 0 at pc 27 with F(1e6) mod 2^64 after 19,000,098 gas and 5,000,005 instructions', () => {
    const image = core.parseCode('jar1', subBlob);
    if (!image.ok) throw new Error(image.error.message);
    const gas = 1_000_000_000n;
    const r = core.runCore({ profile: 'jar1', image: image.value, pc: 0, gas, regs: Array(13).fill(0n), pages: [], memory: [], memoryPages: 0 });
    expect(fib(1_000_000)).toBe(14197223477820724411n);
    expect(r.exit).toEqual({ kind: 'ecalli', id: 0 });
    expect(r.state.regs[7]).toBe(14197223477820724411n);
    expect(r.state.pc).toBe(27);
    expect(gas - r.state.gas).toBe(19_000_098n);
    // 4 instructions before the loop, 5 per iteration, the ecalli: 4 + 5·10^6 + 1
    expect(r.steps).toBe(5_000_005);
  });
});
