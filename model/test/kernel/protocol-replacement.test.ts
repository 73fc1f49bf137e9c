/**
 * Issue 3's protocol-cap replacement: the same code runs once with a protocol cap in slot 5 (the host
 * answers) and once with a CALLABLE to a wrapper VM in slot 5 (the wrapper computes the same answer and
 * REPLYs). The code sees identical registers after the call either way. The answer is φ7 := 2·φ7 and
 * φ8 := 0: for φ7 = 10, 20. Invariants are checked after every transition (build.ts `drive`).
 */
import { expect, test } from 'vitest';
import type { CapSnapshot } from '../../../vectors/lib/kernel.js';
import { modelKernel } from '../../kernel/index.js';
import { callable, code, drive, ECALLI, kernel, LOAD_IMM, protocol, vm } from './build.js';

// code 0: φ7 = 10, φ8 = 99, CALL slot 5, then move what came back into φ2/φ3 and REPLY (halt with φ7).
const USER = code(LOAD_IMM(7, 10), LOAD_IMM(8, 99), ECALLI(5), 'c8 07 02' /* add_64 r2 = r7 + r0 */, 'c8 08 03' /* add_64 r3 = r8 + r0 */, ECALLI(0));
// code 1 (wrapper): add_64 r7 = r7 + r7, REPLY (φ8 = 0 comes from REPLY itself).
const WRAPPER = code('c8 77 07', ECALLI(0));

function runWith(cap: CapSnapshot) {
  const snap = kernel({
    code: [USER, WRAPPER],
    vms: [vm({ id: 0, status: 'running', gas: 100_000n, slots: { 5: cap } }), vm({ id: 1, code: 1 })],
  });
  // the host's answer: φ7 := 2·φ7 of the caller, φ8 := 0
  return drive(modelKernel.fromSnapshot(snap), { host: (id, at) => (id === 5 ? [2n * (at.vms[0]?.regs[7] ?? 0n), 0n] : [0n, 0n]) });
}

test('a protocol cap and a CALLABLE to a wrapper give the code the same registers', () => {
  const viaHost = runWith(protocol(5));
  const viaWrapper = runWith(callable(1));
  expect(viaHost.protocolCalls).toEqual([5]);
  expect(viaWrapper.protocolCalls).toEqual([]);
  expect(viaHost.exit).toEqual({ kind: 'halt', value: 20n });
  expect(viaWrapper.exit).toEqual({ kind: 'halt', value: 20n });
  const regs = (r: ReturnType<typeof runWith>) => r.snap.vms[0]?.regs;
  expect(regs(viaHost)?.slice(2, 4)).toEqual([20n, 0n]); // φ2 = the answer, φ3 = φ8 after the call
  expect(regs(viaWrapper)).toEqual(regs(viaHost));
  // only the gas differs: the wrapper's run is paid from the caller's gas, the host's answer is free
  expect(viaWrapper.snap.vms[0]?.gas).toBeLessThan(viaHost.snap.vms[0]?.gas ?? 0n);
});
