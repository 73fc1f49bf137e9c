/**
 * DOWNGRADE (ecall 0x0A): a CALLABLE to the subject HANDLE's VM, with the HANDLE's max gas, at the
 * object; the HANDLE stays. Not a HANDLE, an empty subject or an occupied object: WHAT.
 * Spec: Lean `handleDowngrade`; Rust `ecall_downgrade`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, ECALL, ecallRoot, edit, handle, kernel, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(phi12: bigint, slots: Record<number, CapSnapshot>): KernelSnapshot {
  return kernel({ code: [code(ECALL, TRAP)], vms: [ecallRoot(OP.DOWNGRADE, phi12, { slots }), vm({ id: 1 }), vm({ id: 2 })] });
}

test('HANDLE(1, max 77) in 64 → CALLABLE(1, 77) in 65; the HANDLE stays', () => {
  const s = pre(refs(64, 65), { 64: handle(1, 77n) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 65: callable(1, 77n) } } } }));
});

test('a HANDLE without max gas gives a CALLABLE without one, placed in a child CNode through a hop', () => {
  const s = pre(refs(66, ref(3, 64)), { 64: handle(1), 66: handle(2) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 }, 1: { slots: { 3: callable(2) } } } }));
});

test.each<[string, bigint, Record<number, CapSnapshot>]>([
  ['a CALLABLE', refs(64, 65), { 64: callable(1) }],
  ['a protocol cap', refs(64, 65), { 64: protocol(1) }],
  ['an empty subject', refs(64, 65), {}],
  ['an occupied object', refs(64, 65), { 64: handle(1), 65: protocol(1) }],
])('%s: WHAT', (_, phi12, slots) => {
  const s = pre(phi12, slots);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
});
