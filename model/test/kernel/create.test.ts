/**
 * CREATE (ecalli on CODE): a new IDLE VM (next id, pc 0, registers 0, gas 0) running that code, with
 * copies of the copyable caps (UNTYPED, CODE, CALLABLE, protocol) at the φ7 bitmask's slots 0..63 of
 * the CNode holding the CODE cap, none marked original (spec-notes/0047); a HANDLE to it at the φ12
 * reference; φ7 := that slot. A selected DATA or HANDLE cap is WHAT (spec-notes/0039); a destination
 * failure creates nothing (spec-notes/0036). Spec: Lean `handleCreate`; Rust `handle_call_code`.
 * Gas: 97 (ecalli block) + 10 (dispatch), nothing more.
 */
import { describe, expect, test } from 'vitest';
import type { KernelSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, codeCap, data, ECALLI, edit, handle, kernel, protocol, ref, step, TRAP, untyped, vm, WHAT } from './build.js';

const G = 10_000n;
const bits = (...slots: number[]): bigint => slots.reduce((m, b) => m | (1n << BigInt(b)), 0n);

/** VM 0 calls CODE in slot 32 (code 1) with φ7 = mask, φ12 = dst; VM 5 exists (HANDLE in 6), next id 9. */
function pre(mask: bigint, dst: number): KernelSnapshot {
  return kernel({
    code: [code(ECALLI(32), TRAP), code(TRAP)], nextVmId: 9, untyped: { offset: 1, total: 4 },
    vms: [
      vm({
        id: 0, status: 'running', gas: G, regs: { 7: mask, 12: BigInt(dst) }, original: [1],
        slots: { 1: protocol(1), 2: callable(5), 3: untyped(), 4: data(0, 1), 6: handle(5), 32: codeCap(1) },
      }),
      vm({ id: 5 }),
    ],
  });
}
const child = (slots: VmSnapshot['slots']): VmSnapshot => ({ id: 9, status: 'idle', code: 1, pc: 0, gas: 0n, regs: Array(13).fill(0n), blockPaid: false, slots });
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } });

describe('CREATE', () => {
  test('bits 1, 2, 3, 32 and an empty 40: VM 9 with protocol/CALLABLE/UNTYPED/CODE copies (not original), HANDLE in 64, φ7 = 64', () => {
    const s = pre(bits(1, 2, 3, 32, 40), 64);
    expect(step(s).snap).toEqual(edit(s, {
      nextVmId: 10,
      vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: 64n }, slots: { 64: handle(9) } } },
      add: [child([
        { slot: 1, cap: protocol(1), original: false }, { slot: 2, cap: callable(5), original: false },
        { slot: 3, cap: untyped(), original: false }, { slot: 32, cap: codeCap(1), original: false },
      ])],
    }));
  });

  test('an empty bitmask: a VM with no caps', () => {
    const s = pre(0n, 64);
    expect(step(s).snap).toEqual(edit(s, { nextVmId: 10, vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: 64n }, slots: { 64: handle(9) } } }, add: [child([])] }));
  });

  test.each([['DATA', 4], ['HANDLE', 6]])('a selected %s cap (not copyable): WHAT, no VM', (_, slot) => {
    const s = pre(bits(1, slot), 64);
    expect(step(s).snap).toEqual(what(s));
  });

  test('destination occupied (slot 2): WHAT, no VM, next id unchanged', () => {
    const s = pre(bits(1), 2);
    expect(step(s).snap).toEqual(what(s));
  });

  test('destination through the HANDLE in slot 6: VM 5 slot 9 gets the HANDLE, φ7 = 9', () => {
    const s = pre(bits(1), ref(9, 6));
    expect(step(s).snap).toEqual(edit(s, {
      nextVmId: 10,
      vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: 9n } }, 5: { slots: { 9: handle(9) } } },
      add: [child([{ slot: 1, cap: protocol(1), original: false }])],
    }));
  });

  test('destination hop fails (slot 7 empty): WHAT, no VM', () => {
    const s = pre(bits(1), ref(9, 7));
    expect(step(s).snap).toEqual(what(s));
  });
});
