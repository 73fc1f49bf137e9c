/**
 * SPLIT (ecall 0x04): the subject DATA cap, wholly unmapped, keeps pages [0, φ7) and the object gets
 * the rest; both halves unmapped with no base or access. φ7 = 0, φ7 ≥ pages, any page mapped, or an
 * occupied object: WHAT. Spec: Lean `handleSplit`; Rust `ecall_split`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALL, ecallRoot, edit, handle, kernel, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(at: bigint, phi12: bigint, slots: Record<number, CapSnapshot>): KernelSnapshot {
  return kernel({ code: [code(ECALL, TRAP)], vms: [ecallRoot(OP.SPLIT, phi12, { regs: { 7: at }, slots: { 64: handle(1), ...slots } }), vm({ id: 1 })] });
}
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } });

test('4 pages at 1: subject = backing 0 (1 page), object slot 4 = backing 1 (3 pages)', () => {
  const s = pre(1n, refs(3, 4), { 3: data(0, 4) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: data(0, 1), 4: data(1, 3) } } } }));
});

test('a cap with a fixed base but no page mapped splits; both halves lose base and access', () => {
  const s = pre(3n, refs(3, 4), { 3: data(0, 4, { base: 16, access: 'W' }) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: data(0, 3), 4: data(3, 1) } } } }));
});

test('the high half can go into a child CNode through a hop', () => {
  const s = pre(2n, refs(3, ref(6, 64)), { 3: data(0, 4) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: data(0, 2) } }, 1: { slots: { 6: data(2, 2) } } } }));
});

test.each<[string, bigint, bigint, Record<number, CapSnapshot>]>([
  ['a page mapped', 1n, refs(3, 4), { 3: data(0, 4, { base: 16, access: 'W', mapped: [3] }) }],
  ['φ7 = 0', 0n, refs(3, 4), { 3: data(0, 4) }],
  ['φ7 = the page count', 4n, refs(3, 4), { 3: data(0, 4) }],
  ['the object occupied', 1n, refs(3, 4), { 3: data(0, 4), 4: protocol(2) }],
  ['the object is the subject', 1n, refs(3, 3), { 3: data(0, 4) }],
  ['not a DATA cap', 1n, refs(3, 4), { 3: protocol(2) }],
  ['an empty subject', 1n, refs(3, 4), {}],
  ['an object hop that fails', 1n, refs(3, ref(6, 65)), { 3: data(0, 4) }],
])('%s: WHAT', (_, at, phi12, slots) => {
  const s = pre(at, phi12, slots);
  expect(step(s).snap).toEqual(what(s));
});
