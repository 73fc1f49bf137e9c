/**
 * CALL of a HANDLE or CALLABLE (ecalli imm, and ecall op 0 on a subject reference): the target must be
 * alive and IDLE; the caller pays 10 dispatch + 10 overhead; the callee gets min(rest, max gas), the
 * caller keeps the remainder and WAITs; φ7..φ10 are copied; the IPC cap (slot φ12 & 0xFF) moves to the
 * callee's slot 0. Spec: Lean `handleCallVm`; spec/kernel.md "CALL VM"; spec-notes/0034, 0044, 0049.
 *
 * Gas arithmetic used below (spec/pvm-core.md 5.3, spec/kernel.md "Constants"):
 *   a block of `ecalli` alone costs 97; a block of `ecall` alone costs 1; dispatch 10; overhead 10.
 *   From G = 10,000 through ecalli: 10,000 − 97 − 10 = 9,893, minus 10 overhead = 9,883 to share.
 */
import { describe, expect, test } from 'vitest';
import type { CapSnapshot, VmSnapshot } from '../../../vectors/lib/kernel.js';
import {
  callable, code, codeCap, data, dataFrame, ECALL, ECALLI, edit, frame, handle, kernel, LOW, mappedData, protocol, ref, refs, step, TRAP, untyped, vm, WHAT,
} from './build.js';

const G = 10_000n;
const ARGS = { 7: 7n, 8: 8n, 9: 9n, 10: 10n, 11: 11n };
// code 0: ecalli 64 (pc 0..4), trap at pc 5. code 1: the callee's code (never runs in one step).
const CALLER = code(ECALLI(64), TRAP);
const CALLEE = code(TRAP);
// code 2: ecall (pc 0), trap at pc 1.
const DYN = code(ECALL, TRAP);

/** VM 0 (root, running) CALLs its slot 64 = `target`; VM 1 is the target, IDLE unless said. */
function pre(target: CapSnapshot, opts: { gas?: bigint; regs?: Record<number, bigint>; slots?: Record<number, CapSnapshot>; callee?: VmSnapshot } = {}) {
  return kernel({
    code: [CALLER, CALLEE, DYN],
    vms: [
      vm({ id: 0, status: 'running', gas: opts.gas ?? G, regs: { ...ARGS, ...opts.regs }, slots: { 64: target, ...opts.slots } }),
      opts.callee ?? vm({ id: 1, code: 1, regs: { 3: 33n } }),
    ],
  });
}

describe('ecalli on a HANDLE or CALLABLE: success', () => {
  test('HANDLE without max gas: the callee gets all 9,883, φ7..φ10 copied (not φ11), caller WAITING with 0', () => {
    const s = pre(handle(1));
    const r = step(s);
    expect(r.exit).toBeNull();
    expect(r.snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 0n, pc: 5 }, 1: { status: 'running', gas: 9_883n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('HANDLE with max gas 1,000: the callee gets 1,000, the caller keeps 9,883 − 1,000 = 8,883', () => {
    const s = pre(handle(1, 1_000n));
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 8_883n, pc: 5 }, 1: { status: 'running', gas: 1_000n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('a max gas above what is left changes nothing: callee 9,883, caller 0', () => {
    const s = pre(handle(1, 1_000_000n));
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 0n, pc: 5 }, 1: { status: 'running', gas: 9_883n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('CALLABLE with max gas 500: callee 500, caller 9,383', () => {
    const s = pre(callable(1, 500n));
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 9_383n, pc: 5 }, 1: { status: 'running', gas: 500n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('exactly the overhead left after dispatch (10,000 → 117): the callee runs with 0 gas', () => {
    // 117 − 97 − 10 = 10 = the overhead; 0 to share.
    const s = pre(handle(1), { gas: 117n });
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 0n, pc: 5 }, 1: { status: 'running', gas: 0n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });
});

describe('ecalli on a HANDLE or CALLABLE: failures', () => {
  const what = (s: ReturnType<typeof pre>) => edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } });

  test.each(['faulted', 'halted'] as const)('target %s: WHAT, 107 gas charged, nothing else', (status) => {
    const s = pre(handle(1), { callee: vm({ id: 1, code: 1, status }) });
    expect(step(s).snap).toEqual(what(s));
  });

  test('CALLABLE to a VM that no longer exists: WHAT', () => {
    const s = pre(callable(9));
    expect(step(s).snap).toEqual(what(s));
  });

  test('HANDLE to the RUNNING caller itself: WHAT', () => {
    const s = kernel({ code: [CALLER], vms: [vm({ id: 0, status: 'running', gas: G, slots: { 64: handle(0) } })] });
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('HANDLE to a WAITING VM (the active callee calls its own caller): WHAT', () => {
    const s = kernel({
      code: [CALLER], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', gas: 5n, pc: 5 }), vm({ id: 1, status: 'running', gas: 1_000n, slots: { 64: handle(0) } })],
    });
    expect(step(s).snap).toEqual(edit(s, { vms: { 1: { gas: 1_000n - 107n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('root without the 10-gas overhead after dispatch (116 → 9 left): out of gas, gas 0, pc kept at the ecalli', () => {
    const s = pre(handle(1), { gas: 116n });
    const r = step(s);
    expect(r.exit).toEqual({ kind: 'oog' });
    expect(r.snap).toEqual(edit(s, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });

  test('a busy target is checked before the gas: FAULTED target with 116 gas is WHAT, not out of gas (Lean order)', () => {
    const s = pre(handle(1), { gas: 116n, callee: vm({ id: 1, code: 1, status: 'faulted' }) });
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: 9n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('a nested caller without the overhead faults with status 3: its caller sees φ7 = LOW, φ8 = 3', () => {
    // VM 1 (116 gas) CALLs VM 2: 116 − 97 − 10 = 9 < 10. VM 1 → FAULTED, gas 0, pc 0; VM 0 gets +0.
    const s = kernel({
      code: [CALLER, CALLEE], active: 1, stack: [frame(0)],
      vms: [
        vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, code: 1, slots: { 64: handle(1) } }),
        vm({ id: 1, status: 'running', gas: 116n, slots: { 64: handle(2) } }),
        vm({ id: 2, code: 1 }),
      ],
    });
    expect(step(s).snap).toEqual(edit(s, {
      active: 0, stack: [],
      vms: { 0: { status: 'running', gas: 500n, regs: { 7: LOW, 8: 3n } }, 1: { status: 'faulted', gas: 0n, pc: 0 } },
    }));
  });
});

describe('IPC cap (slot φ12 & 0xFF) on CALL (spec-notes/0044)', () => {
  const called = (s: ReturnType<typeof pre>, f: ReturnType<typeof frame>, slots0: Record<number, CapSnapshot | null>, slots1: Record<number, CapSnapshot | null>) =>
    edit(s, {
      active: 1, stack: [f],
      vms: {
        0: { status: 'waiting', gas: 0n, pc: 5, slots: slots0 },
        1: { status: 'running', gas: 9_883n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n }, slots: slots1 },
      },
    });

  test('a HANDLE in slot 3 moves to the callee slot 0; the frame records slot 3', () => {
    const s = pre(handle(1), { regs: { 12: 3n }, slots: { 3: handle(2) } });
    const s2 = kernel({ code: s.code, vms: [...s.vms, vm({ id: 2 })] });
    expect(step(s2).snap).toEqual(called(s2, frame(0, 3), { 3: null }, { 0: handle(2) }));
  });

  test('a mapped DATA cap leaves the caller address space: callee gets it unmapped (base/access kept), frame keeps pages [0, 1]', () => {
    const s = pre(handle(1), { regs: { 12: 3n }, slots: { 3: mappedData(0, 2, 16, 'W') } });
    expect(step(s).snap).toEqual(called(s, dataFrame(0, 3, [0, 1], 0, 2), { 3: null }, { 0: data(0, 2, { base: 16, access: 'W' }) }));
  });

  test('φ12 bits above the low byte are ignored: 0x103 names slot 3', () => {
    const s = pre(handle(1), { regs: { 12: 0x103n }, slots: { 3: protocol(5) } });
    expect(step(s).snap).toEqual(called(s, frame(0, 3), { 3: null }, { 0: protocol(5) }));
  });

  test('an empty IPC slot passes nothing: the frame has no IPC slot', () => {
    const s = pre(handle(1), { regs: { 12: 3n } });
    expect(step(s).snap).toEqual(called(s, frame(0), {}, {}));
  });

  test('slot 0 (φ12 = 0x100) passes nothing, even when the caller holds a cap in slot 0', () => {
    const s = pre(handle(1), { regs: { 12: 0x100n }, slots: { 0: protocol(5) } });
    expect(step(s).snap).toEqual(called(s, frame(0), {}, {}));
  });

  test('callee slot 0 occupied and an IPC cap given: WHAT, nothing moves', () => {
    const s = pre(handle(1), { regs: { 12: 3n }, slots: { 3: protocol(5) }, callee: vm({ id: 1, code: 1, slots: { 0: protocol(6) } }) });
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('callee slot 0 occupied and no IPC cap: the CALL goes on, the callee keeps its slot 0', () => {
    const s = pre(handle(1), { callee: vm({ id: 1, code: 1, slots: { 0: protocol(6) } }) });
    expect(step(s).snap).toEqual(called(s, frame(0), {}, {}));
  });
});

describe('ecall op 0: dynamic CALL on the subject reference (spec-notes/0049)', () => {
  /** VM 0 runs `ecall` (code 2) with φ11 = 0 and φ12 as given. */
  const dyn = (phi12: bigint, slots: Record<number, CapSnapshot>, extra: Parameters<typeof vm>[0][] = []) => kernel({
    code: [CALLER, CALLEE, DYN],
    vms: [vm({ id: 0, code: 2, status: 'running', gas: G, regs: { ...ARGS, 11: 0n, 12: phi12 }, slots }), vm({ id: 1, code: 1 }), ...extra.map(vm)],
  });
  // ecall: 10,000 − 1 (block) − 10 (dispatch) = 9,989; − 10 overhead = 9,979 to share.

  test('a local HANDLE: CALL with 9,979 for the callee; the object byte names the IPC slot (none here)', () => {
    const s = dyn(refs(64, 0), { 64: handle(1) });
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 0n, pc: 1 }, 1: { status: 'running', gas: 9_979n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('the IPC slot comes from the low byte of φ12, i.e. the object reference: slot 3 passes', () => {
    const s = dyn(refs(64, 3), { 64: handle(1), 3: protocol(4) });
    expect(step(s).snap).toEqual(edit(s, {
      active: 1, stack: [frame(0, 3)],
      vms: {
        0: { status: 'waiting', gas: 0n, pc: 1, slots: { 3: null } },
        1: { status: 'running', gas: 9_979n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n }, slots: { 0: protocol(4) } },
      },
    }));
  });

  test('a CALLABLE reached through a HANDLE hop (VM 1 slot 5 → VM 2)', () => {
    const s = kernel({
      code: [CALLER, CALLEE, DYN],
      vms: [
        vm({ id: 0, code: 2, status: 'running', gas: G, regs: { ...ARGS, 11: 0n, 12: refs(ref(5, 64)) }, slots: { 64: handle(1) } }),
        vm({ id: 1, code: 1, slots: { 5: callable(2, 100n) } }),
        vm({ id: 2, code: 1 }),
      ],
    });
    expect(step(s).snap).toEqual(edit(s, {
      active: 2, stack: [frame(0)],
      vms: { 0: { status: 'waiting', gas: 9_879n, pc: 1 }, 2: { status: 'running', gas: 100n, regs: { 7: 7n, 8: 8n, 9: 9n, 10: 10n } } },
    }));
  });

  test('a protocol cap: exit to the host with its id, 11 gas charged, pc after the ecall', () => {
    const s = dyn(refs(9), { 9: protocol(7) });
    const r = step(s);
    expect(r.exit).toEqual({ kind: 'protocol', id: 7 });
    expect(r.snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 } } }));
  });

  test.each<[string, CapSnapshot]>([['UNTYPED', untyped()], ['CODE', codeCap(1)], ['DATA', data(0, 1)]])('%s: WHAT (only protocol/HANDLE/CALLABLE)', (_, cap) => {
    const s = dyn(refs(9), { 9: cap });
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
  });

  test('an empty subject slot: WHAT', () => {
    const s = dyn(refs(9), {});
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
  });
});
