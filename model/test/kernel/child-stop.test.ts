/**
 * A VM stops other than by REPLY. A child: its caller runs again with φ8 = status, φ7 = value, and the
 * child's unused gas (spec-notes/0043); the child is FAULTED (HALTED for halt) with 0 gas and keeps the
 * pc of the stopping instruction (spec-notes/0023) and its IPC cap (spec-notes/0035). The root: the
 * invocation ends (halt / panic / oog / fault). Statuses: trap 1 (φ7 = child φ7), panic 2 (HUH), out of
 * gas 3 (LOW), page fault 4 (address), ecalli > 127 5 (imm, spec-notes/0037), halt 2 (HUH, spec-notes/0040).
 * Spec: Lean `handleVmFaultWith`, `handleVmHalt`, `runKernel`; spec/kernel.md "A child stops".
 *
 * Block costs (spec/pvm-core.md 5.3, jar1 single pass, memCycles 25): trap alone 2 cycles → 1; an invalid
 * byte (default row) 1 cycle → 1; ecalli alone 100 → 97; load_u8 alone 25 → 22; jump_ind alone 22 → 19.
 */
import { describe, expect, test } from 'vitest';
import type { KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, ECALLI, edit, type VmEdit, frame, handle, HUH, kernel, LOAD_IMM, LOAD_U8, LOW, protocol, step, TRAP, vm } from './build.js';

// code 0 (parent): ecalli 64 at pc 0, load_imm r2 = 1 at pc 5, trap at pc 11.
const PARENT = code(ECALLI(64), LOAD_IMM(2, 1), TRAP);
const CHILD = {
  trap: code(TRAP), // 1
  panic: code('ff'), // 2: invalid opcode
  oog: code(ECALLI(0)), // 3: block of 97
  fault: code(LOAD_U8(7, 0x20000)), // 4: page 0x20 is not mapped
  badEcalli: code(ECALLI(200)), // 5
  halt: code('32 07'), // 6: jump_ind r7 + 0, with r7 = 0xFFFF0000 (spec-notes/0005)
};
const CODES = [PARENT, CHILD.trap, CHILD.panic, CHILD.oog, CHILD.fault, CHILD.badEcalli, CHILD.halt];

/** VM 0 WAITING at pc 5 with 500 gas; VM 1 RUNNING `codeIdx` with `gas` (default 300), called by VM 0. */
function called(codeIdx: number, child: Partial<Parameters<typeof vm>[0]> = {}): KernelSnapshot {
  return kernel({
    code: CODES, active: 1, stack: [frame(0)],
    vms: [vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }), vm({ id: 1, status: 'running', gas: 300n, code: codeIdx, regs: { 7: 42n }, ...child })],
  });
}

describe('a child stops: its caller sees the status', () => {
  test('trap → φ8 = 1, φ7 = the child φ7 (42); 300 − 1 = 299 back to the caller', () => {
    const s = called(1);
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 799n, regs: { 7: 42n, 8: 1n } }, 1: { status: 'faulted', gas: 0n } } }));
  });

  test('panic (invalid opcode) → φ8 = 2, φ7 = HUH; 299 back', () => {
    const s = called(2);
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 799n, regs: { 7: HUH, 8: 2n } }, 1: { status: 'faulted', gas: 0n } } }));
  });

  test('out of gas at block entry (50 < 97) → φ8 = 3, φ7 = LOW; nothing back; the caller runs on within the same budget', () => {
    // The OOG starts no instruction, so run(1) still has one instruction left: VM 0 runs load_imm r2 = 1 at pc 5,
    // paying block [load_imm, trap]: load_imm done at 1, trap at 2 → max(2 − 3, 1) = 1; the block stays paid.
    const s = called(3, { gas: 50n });
    expect(step(s).snap).toEqual(edit(s, {
      active: 0, stack: [],
      vms: { 0: { status: 'running', gas: 499n, pc: 11, blockPaid: true, regs: { 2: 1n, 7: LOW, 8: 3n } }, 1: { status: 'faulted', gas: 0n } },
    }));
  });

  test('page fault → φ8 = 4, φ7 = the page address 0x20000; 300 − 22 = 278 back', () => {
    const s = called(4);
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 778n, regs: { 7: 0x20000n, 8: 4n } }, 1: { status: 'faulted', gas: 0n } } }));
  });

  test('ecalli 200 → φ8 = 5, φ7 = 200, no dispatch charge: 300 − 97 = 203 back', () => {
    const s = called(5);
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 703n, regs: { 7: 200n, 8: 5n } }, 1: { status: 'faulted', gas: 0n } } }));
  });

  test('halt → φ8 = 2, φ7 = HUH, the child HALTED; 300 − 19 = 281 back', () => {
    const s = called(6, { regs: { 7: 0xffff0000n } });
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 781n, regs: { 7: HUH, 8: 2n } }, 1: { status: 'halted', gas: 0n } } }));
  });

  test('the IPC cap stays in the faulted child slot 0; the caller slot it came from stays empty (spec-notes/0035)', () => {
    const s = kernel({
      code: CODES, active: 1, stack: [frame(0, 3)],
      vms: [vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }), vm({ id: 1, status: 'running', gas: 300n, code: 1, slots: { 0: protocol(3) } })],
    });
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 799n, regs: { 7: 0n, 8: 1n } }, 1: { status: 'faulted', gas: 0n } } }));
  });

  test('a child two levels deep returns to its own caller only', () => {
    const s = kernel({
      code: CODES, active: 2, stack: [frame(0), frame(1)],
      vms: [
        vm({ id: 0, status: 'waiting', gas: 10n, pc: 5, slots: { 64: handle(1) } }),
        vm({ id: 1, status: 'waiting', gas: 20n, pc: 5, slots: { 64: handle(2) } }),
        vm({ id: 2, status: 'running', gas: 300n, code: 1, regs: { 7: 9n } }),
      ],
    });
    expect(step(s).snap).toEqual(edit(s, { active: 1, stack: [frame(0)], vms: { 1: { status: 'running', gas: 319n, regs: { 7: 9n, 8: 1n } }, 2: { status: 'faulted', gas: 0n } } }));
  });
});

describe('the root stops: the invocation ends', () => {
  const root = (codeIdx: number, gas = 10_000n, regs: Record<number, bigint> = {}): KernelSnapshot =>
    kernel({ code: CODES, vms: [vm({ id: 0, status: 'running', gas, code: codeIdx, regs })] });
  const expectEnd = (s: KernelSnapshot, exit: unknown, change: VmEdit) => {
    const r = step(s);
    expect(r.exit).toEqual(exit);
    expect(r.snap).toEqual(edit(s, { vms: { 0: change } }));
  };

  test('trap → panic exit, root FAULTED with 10,000 − 1', () => expectEnd(root(1), { kind: 'panic' }, { status: 'faulted', gas: 9_999n }));
  test('invalid opcode → panic exit', () => expectEnd(root(2), { kind: 'panic' }, { status: 'faulted', gas: 9_999n }));
  test('out of gas at block entry → oog exit, gas 0', () => expectEnd(root(3, 96n), { kind: 'oog' }, { status: 'faulted', gas: 0n }));
  test('page fault → fault exit at 0x20000, 10,000 − 22', () => expectEnd(root(4), { kind: 'fault', address: 0x20000n }, { status: 'faulted', gas: 9_978n }));
  test('ecalli 200 → panic exit, 10,000 − 97 (no dispatch), pc kept at the ecalli', () => expectEnd(root(5), { kind: 'panic' }, { status: 'faulted', gas: 9_903n }));
  test('halt → halt exit with φ7, root HALTED, 10,000 − 19', () =>
    expectEnd(root(6, 10_000n, { 7: 0xffff0000n }), { kind: 'halt', value: 0xffff0000n }, { status: 'halted', gas: 9_981n }));
});
