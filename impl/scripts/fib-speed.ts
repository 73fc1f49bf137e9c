/**
 * Throughput of the impl core on the Fibonacci loop (n = 1e6, 5,000,004 instructions), per
 * tier: `npx vite-node impl/scripts/fib-speed.ts [runs]`. A quick measurement, not a test.
 */
import { fibLoopBlob } from '../../harness/test/tables/fib-loop.js';
import { EXIT_ECALLI } from '../core/api.js';
import { implCoreFactory, type Tier } from '../core/index.js';

// The fixture is a JAR v2 manifest: 10-byte header, one 19-byte cap entry, then the CODE sub-blob.
const parsed = implCoreFactory.parseCodeBlob(fibLoopBlob.subarray(29));
if (!parsed.ok) throw new Error(parsed.error.message);
const runs = Number(process.argv[2] ?? 5);

for (const tier of ['interp', 'jit'] as Tier[]) {
  const times: number[] = [];
  let steps = 0;
  for (let k = 0; k < runs; k++) {
    const code = implCoreFactory.compile('jar1', parsed.value, 25);
    const m = implCoreFactory.createMachine('jar1', { tier });
    m.memory = implCoreFactory.createAddressSpace();
    m.gas = 1_000_000_000n;
    const t0 = process.hrtime.bigint();
    const e = m.run(code, Infinity);
    const t1 = process.hrtime.bigint();
    if (e !== EXIT_ECALLI || m.getReg(7) !== 14197223477820724411n || 1_000_000_000n - m.gas !== 19_000_098n) {
      throw new Error(`${tier}: wrong result (exit ${e}, r7 ${m.getReg(7)}, gas used ${1_000_000_000n - m.gas})`);
    }
    steps = m.steps;
    times.push(Number(t1 - t0) / 1e9);
  }
  const best = Math.min(...times);
  console.log(`${tier}: ${steps} instructions, best of ${runs}: ${(best * 1000).toFixed(1)} ms = ${(steps / best / 1e6).toFixed(1)} M instructions/s`);
}
