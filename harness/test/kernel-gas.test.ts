/**
 * Gas on the kernel path at and beyond 2^53: the impl kernel keeps a VM's gas in a number while it is
 * at most 2^53 - 1 and in a bigint above (impl/kernel/contexts.ts), and moves it in and out of the core
 * machine through `gasNumber` when the machine offers it (the impl core) or `gas` (the model-core
 * double). Every kernel engine must give the gas the rules give (hand-derived below) and equal the
 * model after every run, on both sides of 2^53 and when a CALL, a REPLY or a charge crosses it.
 */
import { describe, expect, test } from 'vitest';
import { code, DISPATCH, ECALLI, ECALLI_BLOCK, frame, handle, kernel, OVERHEAD, vm } from '../../model/test/kernel/build.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import { modelKernel } from '../../model/kernel/index.js';
import { implCoreFactory } from '../../impl/index.js';
import type { KernelEngine, KernelSession, KernelSnapshot } from '../../vectors/lib/kernel.js';
import { KERNEL_ENGINES } from './support/kernel-engines.js';

const IMPLS = KERNEL_ENGINES.filter((e) => e.engine !== modelKernel);
const P53 = 2n ** 53n;
const U64_MAX = 2n ** 64n - 1n;

const gasOf = (s: KernelSnapshot, id: number): bigint | undefined => s.vms.find((v) => v.id === id)?.gas;

/** Runs both sessions with the same budgets; after every run the exits and the snapshots must be equal. */
function lockstep(impl: KernelSession, model: KernelSession, budgets: readonly number[], label: string): KernelSnapshot {
  for (const [k, b] of budgets.entries()) {
    const i = impl.run(b);
    const m = model.run(b);
    expect(i, `${label}: run ${k} (budget ${b})`).toEqual(m);
    expect(impl.snapshot(), `${label}: snapshot after run ${k}`).toEqual(model.snapshot());
  }
  return model.snapshot();
}

// Root (code 0): pc 0 `ecalli 64` (CALL the HANDLE in slot 64), pc 5 `ecalli 0` (REPLY: halt).
// Child (code 1): pc 0 `ecalli 0` (REPLY). Each ecalli is a block of its own: 97 gas, then 10 dispatch.
// The CALL costs the root 97 + 10 + 10 (overhead) = 117; the child gets min(ceiling, G - 117) and
// the root keeps the rest. The child's REPLY costs it 97 + 10 and returns what is left, so the root
// has G - 117 - 107 = G - 224 again, and its REPLY leaves G - 331 at the halt, whatever the ceiling.
const CALL_COST = ECALLI_BLOCK + DISPATCH + OVERHEAD;
const REPLY_COST = ECALLI_BLOCK + DISPATCH;
const callAndReply = (g: bigint, ceiling: bigint | null, childGas: bigint): KernelSnapshot => kernel({
  code: [code(ECALLI(64), ECALLI(0)), code(ECALLI(0))],
  vms: [vm({ id: 0, status: 'running', gas: g, slots: { 64: handle(1, ceiling) } }), vm({ id: 1, code: 1, gas: childGas })],
});

const GAS = [U64_MAX, P53 + 200n, P53 + CALL_COST, P53 + CALL_COST - 1n, P53, P53 - 1n, 1_000_000n];
const CEILINGS = [null, U64_MAX, 2n ** 60n, P53, P53 - 1n, 1_000n];

describe.each(IMPLS)('kernel $name: gas around 2^53', ({ engine }) => {
  test.each(GAS)('CALL with a ceiling, REPLY, halt from gas %s: the split and the refund as hand-derived, equal to the model', (g) => {
    for (const ceiling of CEILINGS) {
      for (const childGas of [0n, 5n, 2n ** 63n]) { // an IDLE callee's own gas is replaced by its share
        const pre = callAndReply(g, ceiling, childGas);
        const label = `gas ${g}, ceiling ${ceiling}, child gas ${childGas}`;
        const impl = engine.fromSnapshot(pre);
        const model = modelKernel.fromSnapshot(pre);
        const afterCall = lockstep(impl, model, [1], label);
        const after = g - CALL_COST;
        const share = ceiling !== null && ceiling < after ? ceiling : after;
        expect([gasOf(afterCall, 0), gasOf(afterCall, 1)], label).toEqual([after - share, share]);
        const end = lockstep(impl, model, [1, 1], label);
        expect(gasOf(end, 0), label).toBe(g - CALL_COST - REPLY_COST - REPLY_COST);
        expect(gasOf(end, 1), label).toBe(0n);
      }
    }
  });

  test('a REPLY whose refund takes the caller above 2^53 - 1: the sum, exactly', () => {
    // the root waits at pc 5 (its REPLY) with X; the child runs its REPLY with Y: the root gets X + Y - 107, then pays 107
    for (const [x, y] of [[P53 - 1n, P53 - 1n], [P53 - 1n, 108n], [P53 - 1n, 107n], [2n ** 63n, 2n ** 62n], [5n, P53 + 3n]] as const) {
      const pre = kernel({
        code: [code(ECALLI(64), ECALLI(0)), code(ECALLI(0))],
        vms: [vm({ id: 0, status: 'waiting', pc: 5, gas: x, slots: { 64: handle(1) } }), vm({ id: 1, code: 1, status: 'running', gas: y })],
        active: 1, stack: [frame(0)],
      });
      const end = lockstep(engine.fromSnapshot(pre), modelKernel.fromSnapshot(pre), [1, 1], `X ${x}, Y ${y}`);
      expect(gasOf(end, 0), `X ${x}, Y ${y}`).toBe(x + y - REPLY_COST - REPLY_COST);
    }
  });

  test.each([P53 - 1n, P53, P53 + 1n, U64_MAX])('recursive fib n = 6 loaded with gas %s: halt(8), the gas used as with 10^9 gas, equal to the model step by step', (g) => {
    const load = (e: KernelEngine, gas: bigint): KernelSession => {
      const l = e.load(fibRecursiveBlob, { gas, reg7: 6n });
      if (!l.ok) throw new Error(l.error.message);
      return l.value;
    };
    // the gas used does not depend on how much there is while it never runs short: 10^9 is plenty
    const small = load(engine, 1_000_000_000n);
    const r = small.run();
    expect(r.exit).toEqual({ kind: 'halt', value: 8n });
    const used = 1_000_000_000n - (gasOf(small.snapshot(), 0) ?? 0n);
    const budgets = Array.from({ length: 120 }, (_, k) => 1 + (k % 7)).concat([Infinity]);
    const end = lockstep(load(engine, g), load(modelKernel, g), budgets, `gas ${g}`);
    expect(gasOf(end, 0)).toBe(g - used);
  });
});

describe('impl core machine: gasNumber', () => {
  test('reads the gas as a number up to 2^53 - 1 and -1 above; writes replace the whole gas', () => {
    const m = implCoreFactory.createMachine('jar1');
    m.gas = P53 - 1n;
    expect(m.gasNumber).toBe(Number.MAX_SAFE_INTEGER);
    m.gas = P53;
    expect(m.gasNumber).toBe(-1);
    m.gas = U64_MAX;
    expect(m.gasNumber).toBe(-1);
    m.gasNumber = 12_345;
    expect(m.gas).toBe(12_345n);
    m.gasNumber = Number.MAX_SAFE_INTEGER;
    expect(m.gas).toBe(P53 - 1n);
    for (const bad of [-1, 0.5, 2 ** 53, NaN, Infinity]) expect(() => { m.gasNumber = bad; }, `${bad}`).toThrow(RangeError);
  });

  test('a machine whose gas came in through gasNumber runs out of gas exactly there', () => {
    // `ecalli 0` alone: a block of 97 gas. 96 is short by one (out of gas); 97 runs it with 0 left.
    const d = implCoreFactory.compile('jar1', code(ECALLI(0)), 25);
    for (const [g, exit, left] of [[96, 3, 0n], [97, 5, 0n], [100, 5, 3n]] as const) {
      const m = implCoreFactory.createMachine('jar1');
      m.pc = 0;
      m.gasNumber = g;
      expect(m.run(d, Infinity), `gas ${g}`).toBe(exit);
      expect(m.gas, `gas ${g}`).toBe(left);
    }
  });
});
