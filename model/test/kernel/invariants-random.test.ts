/**
 * Random kernel-op sequences from a rich pre-state, stepped with run(1) and the kernel invariants
 * checked after every transition (build.ts `drive`). A check that the invariants hold for whatever the
 * model does, not a check of results: each op's results are pinned by the per-op files.
 * Fixed seed (JAVM_SEED overrides); each case is a list of (op, φ7..φ10, φ12) loaded by load_imm_64.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { modelKernel } from '../../kernel/index.js';
import {
  callable, code, codeCap, data, drive, ECALL, ECALLI, handle, kernel, LOAD_IMM_64, mappedData, protocol, TRAP, untyped, vm,
} from './build.js';

const SEED = Number(process.env.JAVM_SEED ?? 20261125);
const SLOTS = [0, 1, 3, 4, 5, 20, 32, 64, 65, 66, 70];
const slot = fc.constantFrom(...SLOTS);
const hop = fc.constantFrom(0, 0, 64, 65, 66);
const capRef = fc.tuple(slot, hop).map(([s, h]) => BigInt(((h << 24) | s) >>> 0));
const small = fc.constantFrom(0n, 1n, 2n, 3n, 16n, 17n, 2n ** 64n - 1n);
const action = fc.record({
  ecalli: fc.boolean(),
  imm: slot,
  op: fc.constantFrom(0n, 2n, 3n, 4n, 5n, 6n, 7n, 10n, 11n, 12n, 13n),
  regs: fc.tuple(small, small, small, fc.constantFrom(0n, 1n)),
  subject: capRef,
  object: capRef,
});

/** A program: per action, load φ7..φ12, then ecalli imm or ecall; children run a REPLY or a fault. */
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

function program(actions: readonly Action[]): ReturnType<typeof code> {
  const instrs: string[] = [];
  for (const a of actions) {
    const [r7, r8, r9, r10] = a.regs;
    instrs.push(LOAD_IMM_64(7, r7), LOAD_IMM_64(8, r8), LOAD_IMM_64(9, r9), LOAD_IMM_64(10, r10), LOAD_IMM_64(11, a.op), LOAD_IMM_64(12, (a.subject << 32n) | a.object));
    instrs.push(a.ecalli ? ECALLI(a.imm) : ECALL);
  }
  instrs.push(ECALLI(0));
  return code(...instrs);
}

test('random op sequences keep every kernel invariant after every run(1)', () => {
  fc.assert(
    fc.property(fc.array(action, { minLength: 1, maxLength: 12 }), (actions) => {
      const pre = kernel({
        code: [program(actions), code(ECALLI(0)), code(TRAP), code('ff')],
        untyped: { offset: 4, total: 12 },
        vms: [
          vm({
            id: 0, status: 'running', gas: 50_000_000n,
            slots: { 1: protocol(1), 3: mappedData(0, 2, 16), 4: data(2, 1), 20: untyped(), 32: codeCap(1), 64: handle(1, 5_000n), 65: handle(2), 66: handle(3), 70: callable(2) },
            original: [1],
          }),
          vm({ id: 1, code: 1, slots: { 5: data(3, 1), 20: untyped(), 64: handle(4) } }),
          vm({ id: 2, code: 2 }),
          vm({ id: 3, code: 3, status: 'faulted' }),
          vm({ id: 4, code: 1 }),
        ],
      });
      const r = drive(modelKernel.fromSnapshot(pre), { host: () => [0n, 0n], maxRuns: 2_000 });
      expect(r.exit).not.toBeNull();
    }),
    { seed: SEED, numRuns: 150 },
  );
});
