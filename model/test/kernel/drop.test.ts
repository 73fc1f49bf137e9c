/**
 * DROP (ecall 0x05) empties the subject slot (spec-notes/0033): an empty slot is a no-op; a DATA cap
 * leaves the address space and its pages are not given back; a HANDLE destroys its VM unless that VM
 * is RUNNING or WAITING (WHAT). Success leaves φ7 as it was. Spec: Lean `handleDrop`; Rust `ecall_drop`.
 * Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import { code, ECALL, ecallRoot, edit, frame, handle, kernel, mappedData, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
const CODE = [code(ECALL, TRAP)];
function pre(subject: number, slots: Record<number, CapSnapshot>, others: VmSnapshot[] = [], original: number[] = []): KernelSnapshot {
  return kernel({ code: CODE, vms: [ecallRoot(OP.DROP, refs(subject), { slots, original }), ...others] });
}
const emptied = (s: KernelSnapshot, slot: number, remove: number[] = []) => edit(s, { remove, vms: { 0: { gas: G - 11n, pc: 1, slots: { [slot]: null } } } });

test('a protocol cap in an original slot: the slot is empty, the bit gone', () => {
  const s = pre(1, { 1: protocol(1) }, [], [1]);
  expect(step(s).snap).toEqual(emptied(s, 1));
});

test('an empty slot: no-op, no WHAT', () => {
  const s = pre(9, {});
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 } } }));
});

test('a mapped DATA cap: gone from the slot and the address space, the allocator keeps its offset (pages leak)', () => {
  const s = pre(3, { 3: mappedData(0, 2, 16) });
  expect(s.untyped).toEqual({ offset: 2, total: 2 });
  expect(step(s).snap).toEqual(emptied(s, 3));
});

test.each(['idle', 'faulted', 'halted'] as const)('a HANDLE to a %s VM destroys it; its own HANDLE to VM 2 goes with it, VM 2 stays orphaned', (status) => {
  const s = pre(64, { 64: handle(1) }, [vm({ id: 1, status, slots: { 64: handle(2) } }), vm({ id: 2 })]);
  expect(step(s).snap).toEqual(emptied(s, 64, [1]));
});

test('a cap in a child CNode through a hop', () => {
  const s = pre(ref(5, 64), { 64: handle(1) }, [vm({ id: 1, slots: { 5: protocol(3) } })]);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 }, 1: { slots: { 5: null } } } }));
});

test.each<[string, number]>([['RUNNING (its own HANDLE)', 1], ['WAITING (its caller)', 0]])('a HANDLE to a %s VM: WHAT, nothing destroyed', (_, target) => {
  const s = kernel({
    code: CODE, active: 1, stack: [frame(0)],
    vms: [vm({ id: 0, status: 'waiting', pc: 1 }), vm({ id: 1, status: 'running', gas: G, regs: { 11: OP.DROP, 12: refs(64) }, slots: { 64: handle(target) } })],
  });
  expect(step(s).snap).toEqual(edit(s, { vms: { 1: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
});

test('a subject hop that fails: WHAT', () => {
  const s = pre(ref(5, 64), {});
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
});
