/**
 * REPLY (ecalli 0): the root halts with φ7; a callee returns φ7, φ8 = 0, its unused gas and the IPC cap
 * (a DATA cap re-mapped as it was before the CALL) to its caller. Spec: Lean `handleReply`;
 * spec/kernel.md "REPLY"; spec-notes/0038, 0043.
 */
import { expect, test } from 'vitest';
import { code, data, DISPATCH, ECALLI, ECALLI_BLOCK, edit, frame, handle, kernel, mappedData, step, TRAP, vm } from './build.js';

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
