/**
 * COPY (ecall 0x07) subject → object: UNTYPED, CODE, CALLABLE and protocol caps copy; DATA and HANDLE
 * (unique) are WHAT, as are an empty subject and an occupied object. The source keeps its original
 * bit; the copy has none (spec-notes/0047). Spec: Lean `handleCopy`; Rust `ecall_copy`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, codeCap, data, ECALL, ecallRoot, edit, handle, kernel, OP, protocol, ref, refs, step, TRAP, untyped, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(phi12: bigint, slots: Record<number, CapSnapshot>, original: number[] = []): KernelSnapshot {
  return kernel({ code: [code(ECALL, TRAP), code(TRAP)], vms: [ecallRoot(OP.COPY, phi12, { slots: { 64: handle(1), ...slots }, original }), vm({ id: 1 })] });
}

test.each<[string, CapSnapshot]>([['protocol', protocol(1)], ['CALLABLE', callable(1, 9n)], ['UNTYPED', untyped()], ['CODE', codeCap(1)]])('a %s cap copies into slot 40', (_, cap) => {
  const s = pre(refs(3, 40), { 3: cap });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 40: cap } } } }));
});

test('a copy of an original protocol cap: the source keeps its bit, the copy has none', () => {
  const s = pre(refs(1, 40), { 1: protocol(1) }, [1]);
  const after = step(s).snap;
  expect(after).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 40: protocol(1) } } } }));
  expect(after.vms[0]?.slots.find((e) => e.slot === 1)?.original).toBe(true);
});

test('into a child CNode through a hop', () => {
  const s = pre(refs(3, ref(8, 64)), { 3: protocol(4) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 }, 1: { slots: { 8: protocol(4) } } } }));
});

test.each<[string, bigint, Record<number, CapSnapshot>]>([
  ['a DATA cap', refs(3, 40), { 3: data(0, 1) }],
  ['a HANDLE', refs(64, 40), {}],
  ['an empty subject', refs(3, 40), {}],
  ['an occupied object', refs(3, 4), { 3: protocol(1), 4: protocol(2) }],
  ['onto itself (the object is occupied)', refs(3, 3), { 3: protocol(1) }],
])('%s: WHAT', (_, phi12, slots) => {
  const s = pre(phi12, slots);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
});
