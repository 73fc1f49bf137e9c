/**
 * The impl kernel's cost model (issue 4): recursive fib n = 20 through CREATE/CALL/REPLY (21,891 VMs)
 * on the registered impl engine, and 65,535 VMs in one invocation (a root that CREATEs in a loop
 * until CREATE answers WHAT). Times and heap are printed, never asserted: speed and memory claims come
 * from `npm run bench` (its scaling section measures the 65,535-VM invocation's time and heap).
 */
import { expect, test } from 'vitest';
import { code, codeCap, ECALL, ECALLI, kernel, LOAD_IMM, LOAD_IMM_64, vm, WHAT } from '../../model/test/kernel/build.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import { implKernel } from '../../impl/kernel/index.js';

const impl = implKernel;

/** calls(n) = VMs that fib(n) runs: 1 for n < 2, else 1 + calls(n-1) + calls(n-2); VMs = calls (root included). */
function calls(n: number): number {
  return n < 2 ? 1 : 1 + calls(n - 1) + calls(n - 2);
}

test('recursive fib n = 20 on the impl: Halt(6765), 21,891 VMs; time printed', () => {
  expect(calls(20)).toBe(21_891);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const l = impl.load(fibRecursiveBlob, { gas: 10_000_000_000n, reg7: 20n });
    if (!l.ok) throw new Error(l.error.message);
    const r = l.value.run();
    times.push(performance.now() - t0);
    expect(r.exit).toEqual({ kind: 'halt', value: 6765n });
    if (k === 0) expect(l.value.snapshot().vms.length).toBe(21_891);
  }
  console.log(`fib(20) through the impl kernel: ${times.map((t) => t.toFixed(1)).join(', ')} ms (best ${Math.min(...times).toFixed(1)} ms)`);
});

// CREATE into slot 64, then MOVE that HANDLE into the new VM's own slot 65 (object reference through the
// HANDLE in slot 64), so slot 64 is free again; stop when CREATE answers WHAT (65,535 VMs alive: spec/kernel.md).
//  0 load_imm r12, 64 | 6 fallthrough | 7 loop: load_imm r7, 0 | 13 load_imm r12, 64 | 19 ecalli 32 (CREATE)
// 24 branch_eq_imm r7, -2 → 54 | 28 load_imm_64 r11, 6 (MOVE) | 38 load_imm_64 r12, 64 << 32 | (64 << 24 | 65)
// 48 ecall | 49 jump → 7 | 54 ecalli 0 (REPLY: halt with φ7 = WHAT)
const CREATE_LOOP = code(
  LOAD_IMM(12, 64), '01', LOAD_IMM(7, 0), LOAD_IMM(12, 64), ECALLI(32), '51 17 fe 1e', LOAD_IMM_64(11, 6n),
  LOAD_IMM_64(12, (64n << 32n) | BigInt((64 << 24) | 65)), ECALL, '28 d6ffffff', ECALLI(0),
);

test('65,535 VMs in one invocation: CREATE answers WHAT at the limit; time and memory printed', () => {
  global.gc?.();
  const before = process.memoryUsage();
  const s = impl.fromSnapshot(kernel({ code: [CREATE_LOOP], vms: [vm({ id: 0, status: 'running', gas: 10_000_000_000n, slots: { 32: codeCap(0) } })] }));
  const t0 = performance.now();
  const r = s.run();
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  expect(r.exit).toEqual({ kind: 'halt', value: WHAT });
  const snap = s.snapshot();
  expect(snap.vms.length).toBe(65_535);
  expect(snap.nextVmId).toBe(65_535);
  const heapMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
  const rssMb = after.rss / 2 ** 20;
  console.log(`65,535 VMs: ${ms.toFixed(0)} ms, heap +${heapMb.toFixed(1)} MB, rss ${rssMb.toFixed(0)} MB, arrayBuffers ${(after.arrayBuffers / 2 ** 20).toFixed(1)} MB`);
});
