/**
 * UNMAP (ecall 0x03) of the subject DATA cap: φ7 first page, φ8 count; pages outside the cap are
 * ignored; base and access stay fixed; a never-mapped cap is a no-op. Success leaves φ7 as it was.
 * Spec: Lean `handleUnmap`; Rust `ecall_unmap`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALL, ecallRoot, edit, handle, kernel, mappedData, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(first: bigint, count: bigint, slots: Record<number, CapSnapshot>, subject = 3): KernelSnapshot {
  return kernel({ code: [code(ECALL, TRAP)], vms: [ecallRoot(OP.UNMAP, refs(subject), { regs: { 7: first, 8: count }, slots: { 64: handle(1), ...slots } }), vm({ id: 1, slots: { 5: mappedData(8, 2, 16) } })] });
}
const ok = (s: KernelSnapshot, cap: CapSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 3: cap } } } });
const same = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1 } } });
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } });

test('pages 1..2 of 4: mapped [0, 3], base and access kept', () => {
  const s = pre(1n, 2n, { 3: mappedData(0, 4, 16) });
  expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'W', mapped: [0, 3] })));
});

test('a range reaching past the cap unmaps only its pages (3..12 → [0, 1, 2])', () => {
  const s = pre(3n, 10n, { 3: mappedData(0, 4, 16) });
  expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'W', mapped: [0, 1, 2] })));
});

test('first page 2^64 − 1: nothing to unmap, no error', () => {
  const s = pre(2n ** 64n - 1n, 1n, { 3: mappedData(0, 4, 16) });
  expect(step(s).snap).toEqual(same(s));
});

test('a never-mapped cap: no-op', () => {
  const s = pre(0n, 4n, { 3: data(0, 4) });
  expect(step(s).snap).toEqual(same(s));
});

test('through a hop: VM 1 slot 5 loses page 1', () => {
  const s = pre(1n, 1n, {}, ref(5, 64));
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 }, 1: { slots: { 5: data(8, 2, { base: 16, access: 'W', mapped: [0] }) } } } }));
});

test.each<[string, Record<number, CapSnapshot>]>([['not a DATA cap', { 3: protocol(1) }], ['an empty slot', {}]])('%s: WHAT', (_, slots) => {
  const s = pre(0n, 1n, slots);
  expect(step(s).snap).toEqual(what(s));
});
