/**
 * CALL on a DATA cap (spec-notes/0042; Lean `handleCallData`): copies φ8 bytes from offset φ7 of the
 * called cap to offset φ9 of the DATA cap at the φ12 reference (0: WHAT), through the backing store,
 * as memmove; φ7 := φ8. Length 0, out of bounds, or a non-DATA end: WHAT. Gas 97 + 10; pc 5.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALLI, edit, handle, kernel, page, protocol, ref, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
// slot 3: source, 1 page at backing 0 holding 1, 2, 3, 4, 5; slot 4: destination, 2 pages at backing 1.
const SRC = page(0, { 0: 1, 1: 2, 2: 3, 3: 4, 4: 5 });
function pre(regs: Record<number, bigint>, slots: Record<number, CapSnapshot> = {}): KernelSnapshot {
  return kernel({
    code: [code(ECALLI(3), TRAP)], backing: [SRC], untyped: { offset: 5, total: 5 },
    vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 3: data(0, 1), 4: data(1, 2), 64: handle(1), ...slots } }), vm({ id: 1, slots: { 5: data(3, 1) } })],
  });
}
const ok = (s: KernelSnapshot, len: bigint, backing: KernelSnapshot['backing']) => edit(s, { backing, vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: len } } } });
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } });

test('3 bytes from offset 1 to offset 4096 + 10 of slot 4: backing page 2 bytes 10..12 = 2, 3, 4; φ7 = 3', () => {
  const s = pre({ 7: 1n, 8: 3n, 9: 4096n + 10n, 12: 4n });
  expect(step(s).snap).toEqual(ok(s, 3n, [SRC, page(2, { 10: 2, 11: 3, 12: 4 })]));
});

test('across a page boundary: 4 bytes to offset 4094 land in backing pages 1 and 2', () => {
  const s = pre({ 7: 0n, 8: 4n, 9: 4094n, 12: 4n });
  expect(step(s).snap).toEqual(ok(s, 4n, [SRC, page(1, { 4094: 1, 4095: 2 }), page(2, { 0: 3, 1: 4 })]));
});

test('within one cap, overlapping: memmove semantics (0..3 → 2..5 gives 1, 2, 1, 2, 3, 4)', () => {
  const s = pre({ 7: 0n, 8: 4n, 9: 2n, 12: 3n });
  expect(step(s).snap).toEqual(ok(s, 4n, [page(0, { 0: 1, 1: 2, 2: 1, 3: 2, 4: 3, 5: 4 })]));
});

test('to a DATA cap in a child CNode through a hop', () => {
  const s = pre({ 7: 0n, 8: 2n, 9: 0n, 12: BigInt(ref(5, 64)) });
  expect(step(s).snap).toEqual(ok(s, 2n, [SRC, page(3, { 0: 1, 1: 2 })]));
});

test.each<[string, Record<number, bigint>, Record<number, CapSnapshot>]>([
  ['length 0', { 7: 0n, 8: 0n, 9: 0n, 12: 4n }, {}],
  ['φ12 = 0 (no destination)', { 7: 0n, 8: 1n, 9: 0n, 12: 0n }, {}],
  ['a destination that is not DATA', { 7: 0n, 8: 1n, 9: 0n, 12: 6n }, { 6: protocol(1) }],
  ['an empty destination', { 7: 0n, 8: 1n, 9: 0n, 12: 7n }, {}],
  ['a destination hop that fails', { 7: 0n, 8: 1n, 9: 0n, 12: BigInt(ref(5, 65)) }, {}],
  ['source out of bounds (4094 + 3 > 4096)', { 7: 4094n, 8: 3n, 9: 0n, 12: 4n }, {}],
  ['destination out of bounds (8190 + 3 > 8192)', { 7: 0n, 8: 3n, 9: 8190n, 12: 4n }, {}],
  ['a length of 2^64 − 1 (no wrapping)', { 7: 1n, 8: 2n ** 64n - 1n, 9: 0n, 12: 4n }, {}],
])('%s: WHAT, no byte moves', (_, regs, slots) => {
  const s = pre(regs, slots);
  expect(step(s).snap).toEqual(what(s));
});
