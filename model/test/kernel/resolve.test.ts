/**
 * Cap references (spec/kernel.md "Cap references"; Lean `resolveCapRef`; spec-notes/0030): ecall's φ12
 * holds the subject in its high u32 and the object in its low u32; a u32 reference is byte 0 = slot,
 * bytes 3, 2, 1 = HANDLE slots hopped through in that order (0 = no hop), starting at the active VM;
 * a hop needs a HANDLE whose VM is alive and neither RUNNING nor WAITING. A failure is φ7 = WHAT.
 * Driven through SET_MAX_GAS (0x0B, subject only) and MOVE (0x06, subject and object). Every case
 * costs 1 (ecall block) + 10 (dispatch) and leaves pc after the ecall.
 */
import { describe, expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, ECALL, edit, frame, handle, kernel, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
const ECALL_CODE = code(ECALL, TRAP);
const SET_MAX_GAS = 0x0bn;
const MOVE = 0x06n;

/** Root VM 0 runs ecall with op, φ12 and φ7 = 1234; `others` are IDLE VMs 1.. unless given. */
function pre(op: bigint, phi12: bigint, slots: Record<number, CapSnapshot>, others: VmSnapshot[] = []): KernelSnapshot {
  return kernel({ code: [ECALL_CODE], vms: [vm({ id: 0, status: 'running', gas: G, regs: { 7: 1234n, 11: op, 12: phi12 }, slots }), ...others] });
}
const what = (s: KernelSnapshot, id = 0): KernelSnapshot => edit(s, { vms: { [id]: { gas: (s.vms.find((v) => v.id === id)?.gas ?? 0n) - 11n, pc: 1, regs: { 7: WHAT } } } });
const done = (s: KernelSnapshot, vms: Record<number, { slots: Record<number, CapSnapshot | null> }>): KernelSnapshot =>
  edit(s, { vms: { ...vms, 0: { gas: G - 11n, pc: 1, slots: vms[0]?.slots ?? {} } } });

describe('φ12 halves', () => {
  test('subject = high u32 (slot 3), object = low u32 (slot 4): MOVE 3 → 4', () => {
    const s = pre(MOVE, refs(3, 4), { 3: protocol(9) });
    expect(step(s).snap).toEqual(done(s, { 0: { slots: { 3: null, 4: protocol(9) } } }));
  });

  test('the same caps with the halves swapped (subject 4 empty, object 3 occupied): WHAT', () => {
    const s = pre(MOVE, refs(4, 3), { 3: protocol(9) });
    expect(step(s).snap).toEqual(what(s));
  });
});

describe('hops', () => {
  const chain = [vm({ id: 1, slots: { 65: handle(2), 5: handle(9) } }), vm({ id: 2, slots: { 66: handle(3) } }), vm({ id: 3, slots: { 7: handle(4) } }), vm({ id: 4 }), vm({ id: 9 })];

  test('one hop in byte 3: ref(5 via 64) names VM 1 slot 5', () => {
    const s = pre(SET_MAX_GAS, refs(ref(5, 64)), { 64: handle(1) }, chain);
    expect(step(s).snap).toEqual(done(s, { 1: { slots: { 5: handle(9, 1234n) } } }));
  });

  test('one hop in byte 1 (bytes 3 and 2 zero) is the same place', () => {
    const s = pre(SET_MAX_GAS, refs((64 << 8) | 5), { 64: handle(1) }, chain);
    expect(step(s).snap).toEqual(done(s, { 1: { slots: { 5: handle(9, 1234n) } } }));
  });

  test('three hops 64 → 65 → 66 (bytes 3, 2, 1) name VM 3 slot 7', () => {
    const s = pre(SET_MAX_GAS, refs(ref(7, 64, 65, 66)), { 64: handle(1) }, chain);
    expect(step(s).snap).toEqual(done(s, { 3: { slots: { 7: handle(4, 1234n) } } }));
  });

  test('hops in the wrong order (65 first, from VM 0 where slot 65 is empty): WHAT', () => {
    const s = pre(SET_MAX_GAS, refs(ref(7, 65, 64, 66)), { 64: handle(1) }, chain);
    expect(step(s).snap).toEqual(what(s));
  });

  test.each<[string, CapSnapshot | undefined]>([['an empty slot', undefined], ['a CALLABLE', callable(1)], ['a protocol cap', protocol(1)]])('a hop through %s: WHAT', (_, cap) => {
    const s = pre(SET_MAX_GAS, refs(ref(5, 64)), cap === undefined ? {} : { 64: cap }, chain);
    expect(step(s).snap).toEqual(what(s));
  });

  test('a hop whose VM is gone: WHAT (unreachable from valid states: a HANDLE is the only way to drop its VM)', () => {
    const s = pre(SET_MAX_GAS, refs(ref(5, 64)), { 64: handle(7) }, [vm({ id: 1, slots: { 5: handle(9) } }), vm({ id: 9 })]);
    expect(step(s, 1, { check: false }).snap).toEqual(what(s));
  });

  test.each(['faulted', 'halted'] as const)('a hop into a %s VM is allowed', (status) => {
    const s = pre(SET_MAX_GAS, refs(ref(5, 64)), { 64: handle(1) }, [vm({ id: 1, status, slots: { 5: handle(9) } }), vm({ id: 9 })]);
    expect(step(s).snap).toEqual(done(s, { 1: { slots: { 5: handle(9, 1234n) } } }));
  });

  test('a hop into the RUNNING VM (the active VM holds its own HANDLE): WHAT', () => {
    const s = kernel({
      code: [ECALL_CODE], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 1 }), vm({ id: 1, status: 'running', gas: G, regs: { 11: SET_MAX_GAS, 12: refs(ref(5, 64)) }, slots: { 64: handle(1), 5: handle(9) } }), vm({ id: 9 })],
    });
    expect(step(s).snap).toEqual(what(s, 1));
  });

  test('a hop into a WAITING VM (the active VM holds a HANDLE to its caller): WHAT', () => {
    const s = kernel({
      code: [ECALL_CODE], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 1, slots: { 5: handle(9) } }), vm({ id: 1, status: 'running', gas: G, regs: { 11: SET_MAX_GAS, 12: refs(ref(5, 64)) }, slots: { 64: handle(0) } }), vm({ id: 9 })],
    });
    expect(step(s).snap).toEqual(what(s, 1));
  });

  test('the subject resolves but the object does not (hop through empty slot 64): WHAT, nothing moves', () => {
    const s = pre(MOVE, refs(3, ref(4, 64)), { 3: protocol(9) });
    expect(step(s).snap).toEqual(what(s));
  });

  test('MOVE into a child CNode through a hop: VM 0 slot 3 → VM 1 slot 4', () => {
    const s = pre(MOVE, refs(3, ref(4, 64)), { 3: protocol(9), 64: handle(1) }, [vm({ id: 1 })]);
    expect(step(s).snap).toEqual(done(s, { 0: { slots: { 3: null } }, 1: { slots: { 4: protocol(9) } } }));
  });
});
