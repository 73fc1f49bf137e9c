/**
 * MOVE (ecall 0x06) subject → object: the same place is a no-op; an occupied object or an empty subject
 * is WHAT; a DATA cap that changes CNode arrives with no page mapped, base and access kept
 * (spec-notes/0041); within one CNode it keeps its mapping. Writes clear original bits (spec-notes/0047).
 * Spec: Lean `handleMove`; Rust `ecall_move`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALL, ecallRoot, edit, handle, kernel, mappedData, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(phi12: bigint, slots: Record<number, CapSnapshot>, original: number[] = [], child: Record<number, CapSnapshot> = {}): KernelSnapshot {
  return kernel({ code: [code(ECALL, TRAP)], vms: [ecallRoot(OP.MOVE, phi12, { slots: { 64: handle(1), ...slots }, original }), vm({ id: 1, slots: child })] });
}
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } });

test('a protocol cap out of original slot 1 into 40: both slots written, no original bit left', () => {
  const s = pre(refs(1, 40), { 1: protocol(1) }, [1]);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 1: null, 40: protocol(1) } } } }));
});

test('onto itself: no-op, the original bit stays', () => {
  const s = pre(refs(1, 1), { 1: protocol(1) }, [1]);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 } } }));
});

test('a mapped DATA cap within the CNode keeps its mapping', () => {
  const s = pre(refs(3, 4), { 3: mappedData(0, 2, 16) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: null, 4: mappedData(0, 2, 16) } } } }));
});

test('a mapped DATA cap into a child CNode arrives unmapped, base 16 and RW kept', () => {
  const s = pre(refs(3, ref(4, 64)), { 3: mappedData(0, 2, 16) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: null } }, 1: { slots: { 4: data(0, 2, { base: 16, access: 'W' }) } } } }));
});

test('a cap out of a child CNode into the active one (subject through a hop)', () => {
  const s = pre(refs(ref(5, 64), 6), {}, [], { 5: protocol(2) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 6: protocol(2) } }, 1: { slots: { 5: null } } } }));
});

test('a HANDLE moves like any cap (the child now holds its own HANDLE)', () => {
  const s = pre(refs(64, ref(7, 64)), {});
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 64: null } }, 1: { slots: { 7: handle(1) } } } }));
});

test.each<[string, bigint, Record<number, CapSnapshot>]>([
  ['the object occupied', refs(3, 4), { 3: protocol(1), 4: protocol(2) }],
  ['an empty subject', refs(3, 4), {}],
  ['an object hop that fails', refs(3, ref(4, 65)), { 3: protocol(1) }],
])('%s: WHAT, nothing moves', (_, phi12, slots) => {
  const s = pre(phi12, slots);
  expect(step(s).snap).toEqual(what(s));
});
