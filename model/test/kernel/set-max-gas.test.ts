/**
 * SET_MAX_GAS (ecall 0x0B): the subject HANDLE's per-CALL ceiling := φ7; anything else is WHAT
 * (spec-notes/0045). Spec: Lean `handleSetMaxGas`; Rust `ecall_set_max_gas`. Gas 1 + 10; pc 1.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, ECALL, ECALLI, ecallRoot, edit, frame, handle, kernel, OP, protocol, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(limit: bigint, slots: Record<number, CapSnapshot>): KernelSnapshot {
  return kernel({ code: [code(ECALL, ECALLI(64), TRAP), code(TRAP)], vms: [ecallRoot(OP.SET_MAX_GAS, refs(64), { regs: { 7: limit }, slots }), vm({ id: 1, code: 1 })] });
}

test('sets the ceiling (replacing 5 by 300); φ7 stays 300', () => {
  const s = pre(300n, { 64: handle(1, 5n) });
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { 64: handle(1, 300n) } } } }));
});

test('a ceiling of 0, then a CALL: the callee gets 0 gas, the caller keeps all', () => {
  // step 1: SET_MAX_GAS (10,000 − 11 = 9,989); step 2: ecalli 64 at pc 1 (block 97, dispatch 10, overhead 10):
  // 9,989 − 117 = 9,872 all kept by the caller; φ7 = 0 copied to the callee.
  const s = pre(0n, { 64: handle(1) });
  expect(step(s, 2).snap).toEqual(edit(s, {
    active: 1, stack: [frame(0)],
    vms: { 0: { status: 'waiting', gas: 9_872n, pc: 6, slots: { 64: handle(1, 0n) } }, 1: { status: 'running', gas: 0n } },
  }));
});

test.each<[string, Record<number, CapSnapshot>]>([['a CALLABLE', { 64: callable(1) }], ['a protocol cap', { 64: protocol(1) }], ['an empty slot', {}]])('%s: WHAT', (_, slots) => {
  const s = pre(300n, slots);
  expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
});
