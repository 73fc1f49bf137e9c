/**
 * harness/invariants.ts: each invariant fails on a snapshot broken in exactly that way (one violation,
 * naming it), holds on valid states, and holds after every run(1) of the recursive Fibonacci program
 * (n = 6) through the model kernel.
 */
import { describe, expect, test } from 'vitest';
import type { KernelSnapshot, VmSnapshot } from '../../vectors/lib/kernel.js';
import { modelKernel } from '../../model/kernel/index.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import {
  callable, code, data, dataFrame, drive, edit, frame, handle, kernel, mappedData, protocol, TRAP, untyped, vm,
} from '../../model/test/kernel/build.js';
import { kernelViolations } from '../invariants.js';

const CODE = [code(TRAP)];
/** A valid state: VM 0 WAITING (called VM 1), VM 1 RUNNING, VM 2 IDLE; DATA caps, HANDLEs, a protocol cap. */
const valid = kernel({
  code: CODE, active: 1, stack: [frame(0)], untyped: { offset: 4, total: 8 },
  vms: [
    vm({ id: 0, status: 'waiting', gas: 50n, original: [1], slots: { 1: protocol(1), 3: mappedData(0, 2, 16), 64: handle(1), 65: handle(2), 254: untyped() } }),
    vm({ id: 1, status: 'running', gas: 70n, slots: { 3: mappedData(2, 1, 16), 4: data(3, 1), 5: callable(2) } }),
    vm({ id: 2 }),
  ],
});

const replaceVm = (s: KernelSnapshot, v: VmSnapshot): KernelSnapshot => ({ ...s, vms: s.vms.map((x) => (x.id === v.id ? v : x)) });
const vmOf = (s: KernelSnapshot, id: number): VmSnapshot => s.vms.find((v) => v.id === id) as VmSnapshot;

describe('kernelViolations', () => {
  test('a valid state, and a valid state compared with itself: no violation', () => {
    expect(kernelViolations(valid)).toEqual([]);
    expect(kernelViolations(valid, valid)).toEqual([]);
  });

  // [case, state, the violation it must report, how many violations in all (default 1: only that one)]
  const broken: [string, KernelSnapshot, RegExp, number?][] = [
    ['two RUNNING VMs', edit(valid, { vms: { 2: { status: 'running' } } }), /VM 2 is RUNNING but VM 1 is active/],
    // with VM 7 active, VM 1 is a RUNNING non-active VM holding gas off the chain: 3 in all
    ['the active VM missing', { ...valid, active: 7 }, /active VM 7 does not exist/, 3],
    ['frames on the stack but the active VM not RUNNING', edit(valid, { vms: { 1: { status: 'faulted' } } }), /active VM 1 is faulted with 1 frame/],
    ['a caller that is not WAITING', edit(valid, { stack: [frame(2), frame(0)], vms: { 2: { status: 'idle' } } }), /caller VM 2 is idle/],
    ['a caller twice (cycle)', edit(valid, { stack: [frame(0), frame(0)] }), /VM 0 is a caller twice/],
    // the active VM as a caller is also a caller that is not WAITING: 2 in all
    ['the active VM also a caller (cycle)', edit(valid, { stack: [frame(0), frame(1)] }), /the active VM 1 is also a caller/, 2],
    ['a WAITING VM that is no caller', edit(valid, { vms: { 2: { status: 'waiting' } } }), /VM 2 is WAITING but is no caller/],
    ['gas off the call chain', edit(valid, { vms: { 2: { gas: 5n } } }), /VM 2 \(idle\) holds 5 gas off the call chain/],
    ['two HANDLEs to one VM', edit(valid, { vms: { 1: { slots: { 9: handle(2) } } } }), /second HANDLE to VM 2/],
    ['a HANDLE to a VM that does not exist', edit(valid, { vms: { 1: { slots: { 9: handle(9) } } } }), /HANDLE to VM 9, which does not exist/],
    ['an original bit on a non-protocol cap', replaceVm(valid, { ...vmOf(valid, 0), slots: vmOf(valid, 0).slots.map((e) => (e.slot === 3 ? { ...e, original: true } : e)) }), /original bit on a data cap/],
    ['untyped offset past total', { ...valid, untyped: { offset: 9, total: 8 } }, /untyped offset 9 not in 0..total 8/],
    ['a DATA backing range past the untyped offset', { ...valid, untyped: { offset: 3, total: 8 } }, /backing \[3, 4\) not below untyped offset 3/],
    ['one backing page in two DATA caps (two CNodes)', edit(valid, { vms: { 2: { slots: { 3: data(1, 1) } } } }), /overlaps VM 0 slot 3's \[0, 2\)/],
    ['a mapped index outside the cap', edit(valid, { vms: { 1: { slots: { 4: data(3, 1, { base: 40, access: 'R', mapped: [1] }) } } } }), /mapped page index 1 outside 0..0/],
    ['mapped pages without a base', edit(valid, { vms: { 1: { slots: { 4: data(3, 1, { mapped: [0] }) } } } }), /pages mapped without a base and access/],
    ['one address page mapped twice in a CNode', edit(valid, { vms: { 1: { slots: { 4: mappedData(3, 1, 16) } } } }), /address page 16 is also mapped by VM 1 slot 3/],
    ['a page past 2^20', edit(valid, { vms: { 1: { slots: { 4: mappedData(3, 1, 1 << 20) } } } }), /past the 2\^32 address space/],
    ['ipcMapped without an IPC slot', edit(valid, { stack: [frame(0, null, [0], { backing: 0, pages: 1 })] }), /ipcMapped without an ipcSlot/],
    ['ipcMapped without ipcCap', edit(valid, { stack: [frame(0, 3, [0])] }), /ipcMapped and ipcCap must be set together/],
    ['a VM id at or past nextVmId', { ...valid, nextVmId: 2 }, /VM 2: id not in 0..nextVmId-1/],
    ['12 registers', replaceVm(valid, { ...vmOf(valid, 2), regs: vmOf(valid, 2).regs.slice(1) }), /VM 2: 12 registers/],
    ['a register past u64', edit(valid, { vms: { 2: { regs: { 4: 2n ** 64n } } } }), /VM 2: φ4 = 18446744073709551616 is not a u64/],
    ['negative gas', edit(valid, { vms: { 1: { gas: -1n } } }), /VM 1: gas -1 is not a u64/],
    ['slots out of order', replaceVm(valid, { ...vmOf(valid, 1), slots: [...vmOf(valid, 1).slots].reverse() }), /slot \d+ out of range or not ascending/, 2], // 3 slots reversed: 2 out of order
    ['VM ids out of order', { ...valid, vms: [...valid.vms].reverse() }, /VM ids not unique and ascending/, 2], // 3 VMs reversed: 2 out of order
  ];
  test.each(broken)('%s: that violation is reported', (_, s, message, count = 1) => {
    const v = kernelViolations(s);
    expect(v).toHaveLength(count);
    expect(v.some((m) => message.test(m)), v.join('; ')).toBe(true);
  });

  const steps: [string, KernelSnapshot, RegExp][] = [
    ['total gas rises', edit(valid, { vms: { 1: { gas: 71n } } }), /total gas rose from 120 to 121/],
    ['untyped total changes', { ...valid, untyped: { offset: 4, total: 9 } }, /untyped total changed from 8 to 9/],
    ['untyped offset goes back (a page handed out twice)', { ...valid, untyped: { offset: 4, total: 8 } }, /untyped offset went back from 5 to 4/],
    ['nextVmId goes back', { ...valid, nextVmId: 3 }, /nextVmId went back from 4 to 3/],
    ['a VM reappears with an old id', valid, /VM 2 appeared with an id below the previous nextVmId/],
  ];
  test.each(steps)('transition: %s', (name, next, message) => {
    // the previous state differs from `valid` only where the transition check looks
    let prev: KernelSnapshot = valid;
    if (name.startsWith('untyped offset')) prev = { ...valid, untyped: { offset: 5, total: 8 } };
    if (name.startsWith('nextVmId')) prev = { ...valid, nextVmId: 4 };
    if (name.startsWith('a VM reappears')) prev = { ...valid, vms: valid.vms.filter((v) => v.id !== 2), nextVmId: 3 };
    const v = kernelViolations(next, prev);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(message);
  });

  test('a DATA IPC frame with both fields is valid', () => {
    expect(kernelViolations(edit(valid, { stack: [dataFrame(0, 3, [0], 0, 1)] }))).toEqual([]);
  });
});

test('recursive fib n = 6 through the model kernel: every run(1) keeps the invariants; Halt(8)', () => {
  const loaded = modelKernel.load(fibRecursiveBlob, { gas: 10_000_000n, reg7: 6n });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const r = drive(loaded.value);
  expect(r.exit).toEqual({ kind: 'halt', value: 8n }); // F(6) = 8
  // fib(n) makes 2·F(n+1) − 1 calls in all = 2·13 − 1 = 25 VMs (the root and 24 children)
  expect(r.snap.vms).toHaveLength(25);
  expect(r.runs).toBeGreaterThan(25);
});
