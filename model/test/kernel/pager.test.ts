/**
 * Issue 3's pager scenario, stepped one instruction at a time with the kernel invariants checked after
 * every transition: the root CREATEs a child and CALLs it; the child faults reading page 16 (status 4,
 * φ7 = 0x10000); the root RETYPEs a page straight into the child's CNode through its HANDLE (slot 5 via
 * hop 64), copies one byte (42) into it with CALL-on-DATA, MAPs it read-only at page 16 in the child's
 * address space (again through the HANDLE), and RESUMEs the child, which retries the load, reads 42 and
 * REPLYs; the root REPLYs 42 (halt).
 */
import { expect, test } from 'vitest';
import { modelKernel } from '../../kernel/index.js';
import {
  code, codeCap, data, drive, ECALL, ECALLI, handle, kernel, LOAD_IMM, LOAD_IMM_64, LOAD_U8, mappedData, page, ref, refs, step, untyped, vm,
} from './build.js';

const VIA_CHILD = ref(5, 64); // slot 5 of the VM whose HANDLE is in slot 64
const ROOT = code(
  LOAD_IMM(7, 0), LOAD_IMM(12, 64), ECALLI(32), // CREATE: no caps, HANDLE in 64
  LOAD_IMM(12, 0), ECALLI(64), // CALL the child: it faults on page 16
  LOAD_IMM(7, 1), LOAD_IMM(12, VIA_CHILD), ECALLI(20), // RETYPE 1 page into child slot 5
  LOAD_IMM(7, 0), LOAD_IMM(8, 1), LOAD_IMM(9, 0), LOAD_IMM(12, VIA_CHILD), ECALLI(3), // copy byte 0 of slot 3 into it
  LOAD_IMM(7, 16), LOAD_IMM(8, 0), LOAD_IMM(9, 1), LOAD_IMM(10, 0), LOAD_IMM(11, 2), LOAD_IMM_64(12, refs(VIA_CHILD)), ECALL, // MAP at page 16, RO
  LOAD_IMM(11, 0x0d), LOAD_IMM_64(12, refs(64)), ECALL, // RESUME the child
  ECALLI(0), // REPLY with the child's answer
);
const CHILD = code(LOAD_U8(7, 0x10000), ECALLI(0));

const pre = kernel({
  code: [ROOT, CHILD], untyped: { offset: 1, total: 4 }, backing: [page(0, { 0: 42 })],
  vms: [vm({ id: 0, status: 'running', gas: 1_000_000n, slots: { 3: mappedData(0, 1, 32), 20: untyped(), 32: codeCap(1) } })],
});

test('pager: fault, RETYPE + copy + MAP into the child through its HANDLE, RESUME, the child completes', () => {
  const r = drive(modelKernel.fromSnapshot(pre));
  expect(r.exit).toEqual({ kind: 'halt', value: 42n });
  const child = r.snap.vms.find((v) => v.id === 1);
  // the child REPLYed: IDLE with 0 gas, pc after its ecalli 0 (6 + 5 = 11), φ7 = the byte read
  expect(child?.status).toBe('idle');
  expect(child?.gas).toBe(0n);
  expect(child?.pc).toBe(11);
  expect(child?.regs[7]).toBe(42n);
  expect(child?.slots).toEqual([{ slot: 5, cap: data(1, 1, { base: 16, access: 'R', mapped: [0] }), original: false }]);
  expect(r.snap.untyped).toEqual({ offset: 2, total: 4 });
  expect(r.snap.backing).toEqual([page(0, { 0: 42 }), page(1, { 0: 42 })]);
  expect(r.snap.vms.map((v) => v.id)).toEqual([0, 1]);
});

test('pager, first two transitions: CREATE, then the CALL ends in the child fault (status 4, φ7 = 0x10000)', () => {
  // 2 load_imm + ecalli, 2 load_imm + ecalli... the third run is the CREATE's ecalli, the fifth the CALL;
  // the sixth starts the child, which faults: one instruction, then control is back with the root.
  const afterCall = step(pre, 6).snap;
  const child = afterCall.vms.find((v) => v.id === 1);
  expect(child?.status).toBe('faulted');
  expect(child?.pc).toBe(0); // kept at the load, so RESUME retries it (spec-notes/0023)
  expect(child?.gas).toBe(0n);
  const root = afterCall.vms.find((v) => v.id === 0);
  expect(root?.status).toBe('running');
  expect(root?.regs[7]).toBe(0x10000n);
  expect(root?.regs[8]).toBe(4n);
  expect(root?.slots.find((e) => e.slot === 64)?.cap).toEqual(handle(1));
});
