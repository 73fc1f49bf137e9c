/**
 * RESUME (ecall 0x0D): the subject must be a HANDLE in the active VM's own CNode (a hop: WHAT,
 * spec-notes/0050) whose VM is FAULTED; gas as for CALL (10 overhead, max gas ceiling); no arguments,
 * no IPC cap; the VM runs on from its kept pc. Spec: Lean `handleResume`; Rust `handle_resume`.
 * Gas: ecall block 1 + dispatch 10, so from 10,000: 9,989, minus 10 overhead = 9,979 to share.
 */
import { describe, expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import { callable, code, ECALL, edit, frame, handle, kernel, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
const RESUME = 0x0dn;

/** VM 0 (root) runs ecall RESUME on φ12; VM 1 is FAULTED at pc 3 unless given. */
function pre(phi12: bigint, slots: Record<number, CapSnapshot>, opts: { gas?: bigint; target?: VmSnapshot; more?: VmSnapshot[] } = {}): KernelSnapshot {
  return kernel({
    code: [code(ECALL, TRAP), code(TRAP, TRAP, TRAP, TRAP)],
    vms: [
      vm({ id: 0, status: 'running', gas: opts.gas ?? G, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n, 11: RESUME, 12: phi12 }, slots }),
      opts.target ?? vm({ id: 1, code: 1, status: 'faulted', pc: 3, regs: { 7: 70n } }),
      ...(opts.more ?? []),
    ],
  });
}
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } });

describe('RESUME', () => {
  test('a FAULTED VM runs on at its pc with 9,979 gas and its own registers; no IPC even if the object byte names a slot', () => {
    const s = pre(refs(64, 3), { 64: handle(1), 3: protocol(2) });
    expect(step(s).snap).toEqual(edit(s, { active: 1, stack: [frame(0)], vms: { 0: { status: 'waiting', gas: 0n, pc: 1 }, 1: { status: 'running', gas: 9_979n } } }));
  });

  test('the HANDLE max gas caps the resumed VM: 100, the caller keeps 9,879', () => {
    const s = pre(refs(64), { 64: handle(1, 100n) });
    expect(step(s).snap).toEqual(edit(s, { active: 1, stack: [frame(0)], vms: { 0: { status: 'waiting', gas: 9_879n, pc: 1 }, 1: { status: 'running', gas: 100n } } }));
  });

  test('an empty slot: WHAT', () => expect(step(pre(refs(64), {})).snap).toEqual(what(pre(refs(64), {}))));

  test('a CALLABLE to a FAULTED VM: WHAT (only a HANDLE resumes)', () => {
    const s = pre(refs(64), { 64: callable(1) });
    expect(step(s).snap).toEqual(what(s));
  });

  test.each(['idle', 'halted'] as const)('a HANDLE to a %s VM: WHAT', (status) => {
    const s = pre(refs(64), { 64: handle(1) }, { target: vm({ id: 1, code: 1, status, pc: 3 }) });
    expect(step(s).snap).toEqual(what(s));
  });

  test('a HANDLE to a FAULTED VM reached through a hop: WHAT (own CNode only)', () => {
    const s = pre(refs(ref(5, 64)), { 64: handle(1) }, { target: vm({ id: 1, code: 1, slots: { 5: handle(2) } }), more: [vm({ id: 2, code: 1, status: 'faulted', pc: 3 })] });
    expect(step(s).snap).toEqual(what(s));
  });

  test('without the overhead after dispatch (20 − 11 = 9 < 10): oog exit, pc kept at the ecall', () => {
    const s = pre(refs(64), { 64: handle(1) }, { gas: 20n });
    const r = step(s);
    expect(r.exit).toEqual({ kind: 'oog' });
    expect(r.snap).toEqual(edit(s, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });

  test('the resumed VM retries at its pc: a trap there (block 1) faults it again with status 1, 9,978 back', () => {
    const s = pre(refs(64), { 64: handle(1) });
    // step 1: RESUME (VM 1 gets 9,979); step 2: VM 1 traps at pc 3 (block of trap 2 cycles → 1): 9,978 back to VM 0.
    expect(step(s, 2).snap).toEqual(edit(s, { vms: { 0: { gas: 9_978n, pc: 1, regs: { 7: 70n, 8: 1n } }, 1: { status: 'faulted', gas: 0n, pc: 3 } } }));
  });
});
