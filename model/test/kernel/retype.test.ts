/**
 * RETYPE (ecalli on UNTYPED): φ7 pages from the shared bump allocator into a new unmapped DATA cap at
 * the φ12 reference; φ7 := the destination slot. Cost 10 + 1500·φ7 after the 10-gas dispatch, charged
 * before any check (spec-notes/0051); a destination failure consumes nothing (spec-notes/0036).
 * Spec: Lean `handleRetype`; Rust `handle_call_untyped`.
 * Gas: from 100,000 the ecalli block (97) and dispatch (10) leave 99,893 before the RETYPE cost.
 */
import { describe, expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALLI, edit, frame, handle, kernel, ref, step, TRAP, untyped, vm, WHAT } from './build.js';

const G = 100_000n;
const AFTER_DISPATCH = G - 107n;
const cost = (n: bigint): bigint => 10n + 1500n * n;

/** VM 0 calls UNTYPED in slot 20 (init puts it in 254, out of ecalli's 0..127 reach: a program MOVEs it down first) with φ7 = n, φ12 = dst; allocator at 2 of 10 (slot 3 holds pages 0..1). */
function pre(n: bigint, dst: number, opts: { gas?: bigint; slots?: Record<number, CapSnapshot>; more?: VmSnapshot[] } = {}): KernelSnapshot {
  return kernel({
    code: [code(ECALLI(20), TRAP)], untyped: { offset: 2, total: 10 },
    vms: [vm({ id: 0, status: 'running', gas: opts.gas ?? G, regs: { 7: n, 12: BigInt(dst) }, slots: { 3: data(0, 2), 20: untyped(), ...opts.slots } }), ...(opts.more ?? [])],
  });
}

describe('RETYPE', () => {
  test('3 pages into slot 70: DATA(backing 2, 3 pages, unmapped), φ7 = 70, offset 5, 10 + 4,500 charged', () => {
    const s = pre(3n, 70);
    expect(step(s).snap).toEqual(edit(s, { untyped: { offset: 5, total: 10 }, vms: { 0: { gas: AFTER_DISPATCH - 4_510n, pc: 5, regs: { 7: 70n }, slots: { 70: data(2, 3) } } } }));
  });

  test('exactly the rest (8 pages): offset reaches total 10', () => {
    const s = pre(8n, 70);
    expect(step(s).snap).toEqual(edit(s, { untyped: { offset: 10, total: 10 }, vms: { 0: { gas: AFTER_DISPATCH - cost(8n), pc: 5, regs: { 7: 70n }, slots: { 70: data(2, 8) } } } }));
  });

  test('one page too many (9): WHAT, the cost 13,510 stays charged, the allocator does not move', () => {
    const s = pre(9n, 70);
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: AFTER_DISPATCH - 13_510n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('0 pages: an empty DATA cap at the offset, cost 10 (both sources allow it)', () => {
    const s = pre(0n, 70);
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: AFTER_DISPATCH - 10n, pc: 5, regs: { 7: 70n }, slots: { 70: data(2, 0) } } } }));
  });

  test('destination occupied: WHAT, cost charged, no pages consumed (spec-notes/0036)', () => {
    const s = pre(3n, 3);
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: AFTER_DISPATCH - 4_510n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('destination through a hop: the cap lands in VM 1 slot 5, φ7 = 5', () => {
    const s = pre(3n, ref(5, 64), { slots: { 64: handle(1) }, more: [vm({ id: 1 })] });
    expect(step(s).snap).toEqual(edit(s, { untyped: { offset: 5, total: 10 }, vms: { 0: { gas: AFTER_DISPATCH - 4_510n, pc: 5, regs: { 7: 5n } }, 1: { slots: { 5: data(2, 3) } } } }));
  });

  test('destination hop fails (slot 64 empty): WHAT, cost charged, no pages consumed', () => {
    const s = pre(3n, ref(5, 64));
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: AFTER_DISPATCH - 4_510n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('one gas short of 107 + 4,510: out of gas, gas 0, pc kept at the ecalli (spec-notes/0034)', () => {
    const s = pre(3n, 70, { gas: 107n + 4_510n - 1n });
    const r = step(s);
    expect(r.exit).toEqual({ kind: 'oog' });
    expect(r.snap).toEqual(edit(s, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });

  test('φ7 = 2^64 − 1: the cost is computed without wrapping, so out of gas', () => {
    const s = pre(2n ** 64n - 1n, 70);
    expect(step(s).exit).toEqual({ kind: 'oog' });
  });

  test('a child with a copy of UNTYPED allocates from the same offset (one shared allocator)', () => {
    const s = kernel({
      code: [code(ECALLI(20), TRAP)], untyped: { offset: 2, total: 10 }, active: 1, stack: [frame(0)],
      vms: [
        vm({ id: 0, status: 'waiting', pc: 5, slots: { 3: data(0, 2), 20: untyped(), 64: handle(1) } }),
        vm({ id: 1, status: 'running', gas: G, regs: { 7: 1n, 12: 9n }, slots: { 20: untyped() } }),
      ],
    });
    expect(step(s).snap).toEqual(edit(s, { untyped: { offset: 3, total: 10 }, vms: { 1: { gas: AFTER_DISPATCH - 1_510n, pc: 5, regs: { 7: 9n }, slots: { 9: data(2, 1) } } } }));
  });
});
