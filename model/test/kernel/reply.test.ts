/**
 * REPLY (ecalli 0): the root halts with φ7; a callee returns φ7, φ8 = 0, its unused gas and the IPC cap
 * (a DATA cap re-mapped as it was before the CALL) to its caller. Spec: Lean `handleReply`;
 * spec/kernel.md "REPLY"; spec-notes/0038, 0043.
 */
import { expect, test } from 'vitest';
import type { CapSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, dataFrame, ECALLI, edit, frame, handle, kernel, LOW, mappedData, protocol, step, TRAP, vm } from './build.js';

// Code 0: `ecalli 0` at pc 0 (5 bytes), then a trap at pc 5. A block of `ecalli` alone costs 97.
const replyCode = code(ECALLI(0), TRAP);

test('REPLY from a callee: φ7 back to the caller with φ8 = 0, leftover gas returned, callee IDLE with 0 gas', () => {
  const pre = kernel({
    code: [replyCode],
    active: 1,
    stack: [frame(0)],
    vms: [
      vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, regs: { 7: 1n, 8: 2n }, slots: { 64: handle(1) } }),
      vm({ id: 1, status: 'running', gas: 300n, regs: { 7: 42n, 8: 9n } }),
    ],
  });
  const r = step(pre);
  expect(r.exit).toBeNull();
  // callee: 300 − 97 (block) − 10 (dispatch) = 193 left, all of it goes to the caller: 500 + 193 = 693
  expect(r.snap).toEqual(edit(pre, {
    active: 0, stack: [],
    vms: {
      0: { status: 'running', gas: 693n, regs: { 7: 42n, 8: 0n } },
      1: { status: 'idle', gas: 0n, pc: 5 },
    },
  }));
});

test('REPLY from the root with an empty call stack: halt exit with φ7, root HALTED, 97 + 10 charged', () => {
  const pre = kernel({ code: [replyCode], vms: [vm({ id: 0, status: 'running', gas: 1_000n, regs: { 7: 77n } })] });
  const r = step(pre);
  expect(r.exit).toEqual({ kind: 'halt', value: 77n });
  expect(r.snap).toEqual(edit(pre, { vms: { 0: { status: 'halted', gas: 893n, pc: 5 } } }));
});

test('REPLY from the root without the dispatch gas (100 − 97 = 3 < 10): oog exit, gas 0, pc kept at the ecalli', () => {
  const pre = kernel({ code: [replyCode], vms: [vm({ id: 0, status: 'running', gas: 100n, regs: { 7: 77n } })] });
  const r = step(pre);
  expect(r.exit).toEqual({ kind: 'oog' });
  expect(r.snap).toEqual(edit(pre, { vms: { 0: { status: 'faulted', gas: 0n, pc: 0 } } }));
});

test('REPLY from a callee without the dispatch gas: the callee faults with status 3 (LOW), nothing returned', () => {
  const pre = kernel({
    code: [replyCode], active: 1, stack: [frame(0)],
    vms: [vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }), vm({ id: 1, status: 'running', gas: 100n, regs: { 7: 42n } })],
  });
  expect(step(pre).snap).toEqual(edit(pre, {
    active: 0, stack: [],
    vms: { 0: { status: 'running', gas: 500n, regs: { 7: LOW, 8: 3n } }, 1: { status: 'faulted', gas: 0n, pc: 0 } },
  }));
});

/** VM 1 REPLYs to VM 0 with `f` on the stack and `slot0` in its slot 0; 300 − 107 = 193 goes back. */
function replying(f: ReturnType<typeof frame>, slot0: CapSnapshot | null) {
  return kernel({
    code: [replyCode], active: 1, stack: [f],
    vms: [
      vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }),
      vm({ id: 1, status: 'running', gas: 300n, regs: { 7: 42n }, slots: slot0 === null ? {} : { 0: slot0 } }),
      vm({ id: 2 }),
    ],
  });
}
const back = { status: 'running' as const, gas: 693n, regs: { 7: 42n, 8: 0n } };
const idle = { status: 'idle' as const, gas: 0n, pc: 5 };

test('the IPC HANDLE goes back to the caller slot it came from (3)', () => {
  const pre = replying(frame(0, 3), handle(2));
  expect(step(pre).snap).toEqual(edit(pre, { active: 0, stack: [], vms: { 0: { ...back, slots: { 3: handle(2) } }, 1: { ...idle, slots: { 0: null } } } }));
});

test('an IPC DATA cap comes back mapped exactly as before the CALL: pages [0, 1] (spec-notes/0038)', () => {
  const pre = replying(dataFrame(0, 3, [0, 1], 0, 2), data(0, 2, { base: 16, access: 'W' }));
  expect(step(pre).snap).toEqual(edit(pre, { active: 0, stack: [], vms: { 0: { ...back, slots: { 3: mappedData(0, 2, 16, 'W') } }, 1: { ...idle, slots: { 0: null } } } }));
});

test('pages the callee mapped itself do not come back: frame [1], callee mapped [0] → caller mapped [1]', () => {
  const pre = replying(dataFrame(0, 3, [1], 0, 2), data(0, 2, { base: 16, access: 'W', mapped: [0] }));
  expect(step(pre).snap).toEqual(edit(pre, {
    active: 0, stack: [], vms: { 0: { ...back, slots: { 3: data(0, 2, { base: 16, access: 'W', mapped: [1] }) } }, 1: { ...idle, slots: { 0: null } } },
  }));
});

test('the callee gave its IPC cap away: nothing comes back, the caller slot stays empty', () => {
  const pre = replying(frame(0, 3), null);
  expect(step(pre).snap).toEqual(edit(pre, { active: 0, stack: [], vms: { 0: back, 1: idle } }));
});

test('no IPC cap was passed: a cap in the callee slot 0 stays with the callee', () => {
  const pre = replying(frame(0), protocol(4));
  expect(step(pre).snap).toEqual(edit(pre, { active: 0, stack: [], vms: { 0: back, 1: idle } }));
});

test('another DATA cap in the callee slot 0 (not the one passed) goes back unmapped, base and access kept', () => {
  // the frame names backing [0, 2); slot 0 holds backing [2, 3) instead (the callee swapped caps)
  const pre = replying(dataFrame(0, 3, [0, 1], 0, 2), data(2, 1, { base: 30, access: 'R', mapped: [0] }));
  expect(step(pre).snap).toEqual(edit(pre, { active: 0, stack: [], vms: { 0: { ...back, slots: { 3: data(2, 1, { base: 30, access: 'R' }) } }, 1: { ...idle, slots: { 0: null } } } }));
});
