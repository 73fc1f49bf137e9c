/**
 * Dispatch of ecalli and ecall: the immediate range (spec-notes/0025, 0037), the 10-gas charge and its
 * out-of-gas fault (spec-notes/0034), empty slots, protocol caps exiting to the host (spec-notes/0048),
 * and ecall ops that do not exist (spec-notes/0032, 0052). Spec: Lean `dispatchEcalli`, `dispatchEcall`.
 * Gas: a block of `ecalli` alone costs 97, of `ecall` alone 1 (spec/pvm-core.md 5.3); dispatch 10.
 */
import { describe, expect, test } from 'vitest';
import type { KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { modelKernel } from '../../kernel/index.js';
import { code, ECALL, ECALLI, edit, expectInvariants, frame, handle, kernel, protocol, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
const root = (img: ReturnType<typeof code>, opts: { gas?: bigint; regs?: Record<number, bigint>; slots?: Parameters<typeof vm>[0]['slots']; original?: number[] } = {}): KernelSnapshot =>
  kernel({ code: [img], vms: [vm({ id: 0, status: 'running', gas: opts.gas ?? G, ...opts })] });

describe('ecalli', () => {
  test('an empty slot: φ7 = WHAT, 97 + 10 charged, pc after the ecalli', () => {
    const s = root(code(ECALLI(9), TRAP));
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } }));
  });

  test('127 is still a slot (empty here: WHAT); 128 faults the root with a panic exit, no dispatch charge', () => {
    const ok = root(code(ECALLI(127), TRAP));
    expect(step(ok).snap).toEqual(edit(ok, { vms: { 0: { gas: G - 107n, pc: 5, regs: { 7: WHAT } } } }));
    const bad = root(code(ECALLI(128), TRAP));
    const r = step(bad);
    expect(r.exit).toEqual({ kind: 'panic' });
    expect(r.snap).toEqual(edit(bad, { vms: { 0: { status: 'faulted', gas: G - 97n, pc: 0 } } }));
  });

  test('a 1-byte immediate 0x80 sign-extends to 0xFFFFFF80 (spec-notes/0025): a child faults with status 5, φ7 = 4,294,967,168', () => {
    const s = kernel({
      code: [code(ECALLI(64), TRAP), code('0a 80', TRAP)], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', gas: 0n, pc: 5, slots: { 64: handle(1) } }), vm({ id: 1, code: 1, status: 'running', gas: 200n })],
    });
    // 200 − 97 = 103 back to VM 0
    expect(step(s).snap).toEqual(edit(s, { active: 0, stack: [], vms: { 0: { status: 'running', gas: 103n, regs: { 7: 0xffffff80n, 8: 5n } }, 1: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });

  test('dispatch gas: 107 is exactly enough (WHAT, 0 left); 106 leaves 9 < 10: oog exit, pc kept at the ecalli', () => {
    const ok = root(code(ECALLI(9), TRAP), { gas: 107n });
    expect(step(ok).snap).toEqual(edit(ok, { vms: { 0: { gas: 0n, pc: 5, regs: { 7: WHAT } } } }));
    const short = root(code(ECALLI(9), TRAP), { gas: 106n });
    const r = step(short);
    expect(r.exit).toEqual({ kind: 'oog' });
    expect(r.snap).toEqual(edit(short, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });

  test('a protocol cap exits to the host with its id; the host answer sets φ7, φ8 and the VM runs on at pc 5', () => {
    const s = root(code(ECALLI(1), TRAP), { slots: { 1: protocol(1) }, original: [1], regs: { 7: 3n, 8: 4n } });
    expectInvariants(s);
    const session = modelKernel.fromSnapshot(s);
    expect(session.run(1).exit).toEqual({ kind: 'protocol', id: 1 });
    const atExit = session.snapshot();
    expect(atExit).toEqual(edit(s, { vms: { 0: { gas: G - 107n, pc: 5 } } })); // the slot keeps its original bit
    expect(atExit.vms[0]?.slots[0]?.original).toBe(true);
    session.resumeProtocolCall(50n, 60n);
    expect(session.snapshot()).toEqual(edit(atExit, { vms: { 0: { regs: { 7: 50n, 8: 60n } } } }));
    // then the trap at pc 5 (block of 1) ends the invocation
    expect(session.run(1).exit).toEqual({ kind: 'panic' });
    const end = session.snapshot();
    expectInvariants(end, atExit);
    expect(end).toEqual(edit(atExit, { vms: { 0: { status: 'faulted', gas: G - 108n, regs: { 7: 50n, 8: 60n } } } }));
  });
});

describe('ecall', () => {
  test.each([0x01n, 0x08n, 0x09n, 0x0cn, 0x0en, 0xffn, 1n << 32n, (1n << 32n) + 2n])('op %s does not exist (DIRTY 0x0C included; the whole φ11 counts): WHAT, 1 + 10 charged', (op) => {
    const s = root(code(ECALL, TRAP), { regs: { 11: op, 12: 0n }, slots: { 3: protocol(3) } });
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } }));
  });

  test('dispatch gas: 10 → 1 for the block, 9 < 10: oog exit, pc kept at the ecall', () => {
    const s = root(code(ECALL, TRAP), { gas: 10n, regs: { 11: 5n } });
    const r = step(s);
    expect(r.exit).toEqual({ kind: 'oog' });
    expect(r.snap).toEqual(edit(s, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
  });
});
