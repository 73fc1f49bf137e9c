/**
 * kernel cases: a pre-state (KernelSnapshot) whose active VM is at an ecalli/ecall (or at the
 * instruction that stops a child), run for exactly one instruction and its kernel transition. The
 * operation list `KERNEL_OPS` (each op with the result classes it can give) is what the coverage test
 * walks; every (op, result) has a case, and the named cases of spec-notes 0023, 0029-0052 are here too.
 * Each case states by hand what must follow (`want`): the exit, the active VM, and φ7/φ8/status of
 * chosen VMs, so a pre-state that does not reach the path its name says stops the generator.
 *
 * Gas constants (jar1, memCycles 25, spec/pvm-core.md 5.3): a block of `ecalli` alone costs 97, of
 * `ecall` alone 1; the kernel dispatch charge is 10 and the CALL/RESUME overhead 10.
 */
import { snapshotJson, u64, type KernelExpected, type KernelInput } from '../lib/format.js';
import type { CapSnapshot, KernelSnapshot, VmStatusName } from '../lib/kernel.js';
import {
  callable, codeCap, data, frame, handle, kernel as kernelOf, mappedData, page, protocol, ref, refs, untyped, vm, type KernelSpec, type VmSpec,
} from '../lib/kernel-build.js';
import { HUH, LOW, WHAT, type CodeImage } from '../lib/types.js';
import { image, le, op, regImm, TRAP } from './asm.js';
import type { Case } from './case.js';

// ---- builders ----
const ECALLI = (imm: number): string => `0a${le(imm, 4)}`;
const ECALL = '03';
/** A VM as the case tables give it, keyed by id: a VmSpec without its id. */
type VmPart = Omit<VmSpec, 'id'>;
interface KSpec extends Omit<KernelSpec, 'vms'> {
  readonly vms: Readonly<Record<number, VmPart>>;
}
/** A kernel snapshot from VMs keyed by id (../lib/kernel-build.ts fills the defaults). */
const kernel = (k: KSpec): KernelSnapshot => kernelOf({ ...k, vms: Object.entries(k.vms).map(([id, v]) => vm({ ...v, id: Number(id) })) });

const ecalliCode = (imm: number): CodeImage => image([ECALLI(imm), TRAP]);
const ecallCode = image([ECALL, TRAP]);
const trapCode = image([TRAP]);

// ---- expectations ----
interface Want {
  /** Exit kind, or null for "the kernel goes on". */
  readonly exit: string | null;
  readonly active?: number;
  /** [vm, value] pairs. */
  readonly r7?: readonly [number, bigint];
  readonly r8?: readonly [number, bigint];
  readonly status?: readonly [number, VmStatusName];
  readonly gone?: number;
  readonly slot?: readonly [number, number, string | null];
  /** [vm, gas] pairs after the transition, derived by hand from the constants above. */
  readonly gas?: readonly (readonly [number, bigint])[];
}

function wantCheck(w: Want): Case['check'] {
  return (x) => {
    const e = x as KernelExpected;
    const bad: string[] = [];
    const vmOf = (id: number) => e.post.vms.find((v) => v.id === id);
    if ((e.exit?.kind ?? null) !== w.exit) bad.push(`exit ${JSON.stringify(e.exit)}, want ${w.exit}`);
    if (w.active !== undefined && e.post.active !== w.active) bad.push(`active ${e.post.active}, want ${w.active}`);
    for (const [reg, pair] of [[7, w.r7], [8, w.r8]] as const) {
      if (pair === undefined) continue;
      const got = vmOf(pair[0])?.regs[reg];
      if (got !== u64(BigInt.asUintN(64, pair[1]))) bad.push(`VM ${pair[0]} r${reg} = ${got}, want ${u64(BigInt.asUintN(64, pair[1]))}`);
    }
    if (w.status && vmOf(w.status[0])?.status !== w.status[1]) bad.push(`VM ${w.status[0]} is ${vmOf(w.status[0])?.status}, want ${w.status[1]}`);
    if (w.gone !== undefined && vmOf(w.gone) !== undefined) bad.push(`VM ${w.gone} still exists`);
    for (const [id, g] of w.gas ?? []) if (vmOf(id)?.gas !== u64(g)) bad.push(`VM ${id} gas = ${vmOf(id)?.gas}, want ${u64(g)}`);
    if (w.slot) {
      const [id, slot, kind] = w.slot;
      const got = vmOf(id)?.slots.find((s) => s.slot === slot)?.cap.kind ?? null;
      if (got !== kind) bad.push(`VM ${id} slot ${slot} holds ${got}, want ${kind}`);
    }
    return bad.length === 0 ? null : bad.join('; ');
  };
}

function kcase(name: string, handler: string, edge: string | null, notes: string[], description: string, pre: KernelSnapshot, want: Want): Case {
  const check = wantCheck(want);
  return {
    name, runner: 'kernel', profiles: ['jar1'], handler, edge, notes, description,
    input: (): KernelInput => ({ pre: snapshotJson(pre) }), ...(check ? { check } : {}),
  };
}

/** Every kernel operation with the result classes it can give; the coverage test needs a case for each pair. */
export const KERNEL_OPS: Readonly<Record<string, readonly string[]>> = {
  reply: ['ok', 'low'],
  call_handle: ['ok', 'what', 'low'],
  call_callable: ['ok', 'what', 'low'],
  call_protocol: ['ok', 'low'],
  retype: ['ok', 'what', 'low'],
  create: ['ok', 'what', 'low'],
  call_data: ['ok', 'what', 'low'],
  call_empty: ['what', 'low'],
  ecalli_over_127: ['status_5', 'root_panic'],
  ecall_call: ['ok', 'what', 'low'],
  map: ['ok', 'what', 'low'],
  unmap: ['ok', 'what', 'low'],
  split: ['ok', 'what', 'low'],
  drop: ['ok', 'what', 'low'],
  move: ['ok', 'what', 'low'],
  copy: ['ok', 'what', 'low'],
  downgrade: ['ok', 'what', 'low'],
  set_max_gas: ['ok', 'what', 'low'],
  dirty: ['what', 'low'],
  resume: ['ok', 'what', 'low'],
  ecall_unknown: ['what', 'low'],
  child_stop: ['status_1_trap', 'status_2_panic_huh', 'status_2_halt_huh', 'status_3_oog_low', 'status_4_fault', 'status_5_invalid_ecalli'],
  root_stop: ['halt', 'panic', 'oog', 'fault'],
};

/** The ecall op numbers (φ11) of the ops above. */
const ECALL_OP: Readonly<Record<string, bigint>> = {
  ecall_call: 0x00n, map: 0x02n, unmap: 0x03n, split: 0x04n, drop: 0x05n, move: 0x06n, copy: 0x07n, downgrade: 0x0an, set_max_gas: 0x0bn,
  dirty: 0x0cn, resume: 0x0dn, ecall_unknown: 0x99n,
};

/** Root VM 0 running `code` 0 with `slots`, registers and 10000 gas; optional idle VM 1 running code 1 (a trap). */
function root(slots: Record<number, CapSnapshot>, regs: Record<number, bigint>, code: CodeImage, extra: Partial<KSpec> = {}, more: Record<number, VmPart> = {}): KernelSnapshot {
  return kernel({ vms: { 0: { status: 'running', gas: 10_000n, regs, slots }, ...more }, code: [code, trapCode], ...extra });
}

/**
 * The op's instruction in a child: VM 1 running with `gas`, VM 0 waiting for it. With a gas of one block
 * plus 5, the 10-gas dispatch cannot be paid: VM 1 faults out of gas and VM 0 sees status 3 and LOW
 * (spec-notes/0034).
 */
function lowCase(opName: string, code: CodeImage, blockGas: bigint, regs: Record<number, bigint> = {}, slots: Record<number, CapSnapshot> = {}): Case {
  const pre = kernel({
    vms: { 0: { status: 'waiting', gas: 1000n, slots: { 64: handle(1) } }, 1: { status: 'running', gas: blockGas + 5n, regs, slots } },
    code: [trapCode, code], active: 1, stack: [frame(0)],
  });
  const v = { ...pre, vms: pre.vms.map((x) => (x.id === 1 ? { ...x, code: 1 } : x)) };
  return kcase(`${opName}_dispatch_gas_short_in_child_low`, opName, 'low', ['0034'], `${opName} in a child that cannot pay the 10-gas dispatch: the child faults, its caller gets φ8 = 3, φ7 = LOW`,
    v, { exit: null, active: 0, r7: [0, LOW], r8: [0, 3n], status: [1, 'faulted'] });
}

/** An ecall case from the root: φ11 = op, φ12 = refs, other registers as given. */
function ecallRoot(name: string, opName: string, edge: string | null, notes: string[], description: string, slots: Record<number, CapSnapshot>,
  regs: Record<number, bigint>, want: Want, extra: Partial<KSpec> = {}, more: Record<number, VmPart> = {}): Case {
  const opNum = ECALL_OP[opName] ?? 0n;
  return kcase(name, opName, edge, notes, description, root(slots, { 11: opNum, ...regs }, ecallCode, extra, more), want);
}

/** An ecalli case from the root. */
function ecalliRoot(name: string, handler: string, edge: string | null, notes: string[], description: string, imm: number, slots: Record<number, CapSnapshot>,
  regs: Record<number, bigint>, want: Want, extra: Partial<KSpec> = {}, more: Record<number, VmPart> = {}): Case {
  return kcase(name, handler, edge, notes, description, root(slots, regs, ecalliCode(imm), extra, more), want);
}

const cont = (r7?: bigint): Want => (r7 === undefined ? { exit: null, active: 0 } : { exit: null, active: 0, r7: [0, r7] });
const what: Want = { exit: null, active: 0, r7: [0, WHAT] };

/**
 * A child (VM 1, running `code`) stopping; VM 0 waits for it with 1000 gas at pc 5, after its CALL, where a
 * fallthrough follows (an out-of-gas at a block entry executes no instruction, so the one-instruction
 * budget of a kernel vector then runs VM 0's fallthrough).
 */
function childStop(name: string, edge: string, notes: string[], description: string, code: CodeImage, vm1: VmPart, want: Want): Case {
  const pre = kernel({
    vms: { 0: { status: 'waiting', gas: 1000n, pc: 5, slots: { 64: handle(1) } }, 1: { status: 'running', code: 1, gas: 500n, ...vm1 } },
    code: [image([ECALLI(64), '01', TRAP]), code], active: 1, stack: [frame(0)],
  });
  return kcase(name, 'child_stop', edge, notes, description, pre, want);
}

const LOAD_U8 = (address: number): string => regImm(op('load_u8'), 7, address);
const STORE_U8 = (address: number): string => regImm(op('store_u8'), 7, address);
const JUMP_IND_R7 = regImm(op('jump_ind'), 7, 0);
const HALT_ADDRESS = 0xffff0000n;

/** Every kernel case. */
export function kernelCases(): Case[] {
  const c: Case[] = [];
  // ---- ecalli: REPLY ----
  c.push(ecalliRoot('reply_root_halts_with_r7', 'reply', 'ok', [], 'REPLY from the root with an empty call stack: the invocation halts with φ7', 0, {}, { 7: 42n }, { exit: 'halt' }));
  c.push(kcase('reply_child_returns_to_caller', 'reply', 'ok', ['0043'], 'REPLY from a callee: φ7 back to the caller, φ8 = 0, unused gas returned', kernel({
    vms: { 0: { status: 'waiting', gas: 500n, pc: 5, regs: { 7: 1n, 8: 2n }, slots: { 64: handle(1) } }, 1: { status: 'running', gas: 300n, regs: { 7: 42n, 8: 9n } } },
    code: [ecalliCode(0)], active: 1, stack: [frame(0)],
  }), { exit: null, active: 0, r7: [0, 42n], r8: [0, 0n], status: [1, 'idle'], gas: [[0, 500n + (300n - 97n - 10n)], [1, 0n]] }));
  c.push(lowCase('reply', ecalliCode(0), 97n));
  // ---- ecalli: CALL a HANDLE / CALLABLE ----
  c.push(ecalliRoot('call_handle_starts_idle_vm', 'call_handle', 'ok', [], 'ecalli on a HANDLE starts its idle VM with the caller\'s gas minus the overhead', 64, { 64: handle(1) }, { 7: 7n, 8: 8n, 9: 9n, 10: 10n }, { exit: null, active: 1, r7: [1, 7n], status: [0, 'waiting'], gas: [[1, 10_000n - 97n - 10n - 10n], [0, 0n]] }, {}, { 1: { code: 1 } }));
  c.push(ecalliRoot('call_handle_of_faulted_vm_what', 'call_handle', 'what', [], 'CALL on a HANDLE whose VM is FAULTED: WHAT', 64, { 64: handle(1) }, {}, what, {}, { 1: { code: 1, status: 'faulted' } }));
  c.push(ecalliRoot('call_halted_vm_what', 'call_handle', 'what', ['0040'], 'CALL on a HANDLE whose VM is HALTED: WHAT', 64, { 64: handle(1) }, {}, what, {}, { 1: { code: 1, status: 'halted' } }));
  c.push(lowCase('call_handle', ecalliCode(64), 97n, {}, { 64: handle(0) }));
  c.push(kcase('call_overhead_gas_short_child_faults', 'call_handle', 'low', ['0034'], 'a child with the dispatch but not the 10-gas CALL overhead faults out of gas; its caller sees LOW', kernel({
    vms: { 0: { status: 'waiting', gas: 1000n, slots: { 64: handle(1) } }, 1: { status: 'running', code: 1, gas: 97n + 10n + 5n, slots: { 64: handle(2) } }, 2: { code: 0 } },
    code: [trapCode, ecalliCode(64)], active: 1, stack: [frame(0)],
  }), { exit: null, active: 0, r7: [0, LOW], r8: [0, 3n], status: [2, 'idle'] }));
  c.push(ecalliRoot('call_callable_starts_idle_vm', 'call_callable', 'ok', [], 'ecalli on a CALLABLE starts its idle VM', 65, { 65: callable(1) }, {}, { exit: null, active: 1 }, {}, { 1: { code: 1 } }));
  c.push(ecalliRoot('call_callable_of_running_vm_what', 'call_callable', 'what', [], 'CALL on a CALLABLE naming the running VM itself: WHAT', 65, { 65: callable(0) }, {}, what));
  c.push(lowCase('call_callable', ecalliCode(65), 97n, {}, { 65: callable(0) }));
  // IPC passing (0038, 0044)
  c.push(ecalliRoot('call_passes_data_cap_unmapped', 'call_handle', 'ok', ['0038', '0044'], 'CALL with φ12 naming a mapped DATA cap: it arrives in the callee\'s slot 0 with no page mapped', 64,
    { 64: handle(1), 67: mappedData(0, 2, 0x20) }, { 12: 67n }, { exit: null, active: 1, slot: [1, 0, 'data'] }, {}, { 1: { code: 1 } }));
  c.push(ecalliRoot('call_ipc_slot_from_low_byte', 'call_handle', 'ok', ['0044'], 'the IPC slot is φ12 & 0xFF: φ12 = 0x1_0000_0143 passes slot 0x43', 64,
    { 64: handle(1), 0x43: protocol(9) }, { 12: 0x100000143n }, { exit: null, active: 1, slot: [1, 0, 'protocol'] }, {}, { 1: { code: 1 } }));
  c.push(ecalliRoot('call_empty_ipc_slot_passes_nothing', 'call_handle', 'ok', ['0044'], 'φ12 names an empty slot: the CALL goes on and passes nothing', 64,
    { 64: handle(1) }, { 12: 0x43n }, { exit: null, active: 1, slot: [1, 0, null] }, {}, { 1: { code: 1 } }));
  c.push(ecalliRoot('call_occupied_callee_slot_0_what', 'call_handle', 'what', ['0044'], 'a cap to pass and the callee\'s slot 0 occupied: WHAT, nothing moves', 64,
    { 64: handle(1), 0x43: protocol(9) }, { 12: 0x43n }, { ...what, slot: [0, 0x43, 'protocol'] }, {}, { 1: { code: 1, slots: { 0: protocol(3) } } }));
  c.push(kcase('reply_restores_ipc_data_mapping', 'reply', 'ok', ['0038'], 'REPLY returns the passed DATA cap to the caller\'s slot mapped as it was before the CALL', kernel({
    vms: { 0: { status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }, 1: { status: 'running', gas: 300n, slots: { 0: data(0, 2, { base: 0x20, access: 'W', mapped: [1] }) } } },
    code: [ecalliCode(0)], active: 1, stack: [frame(0, 67, [0, 1], { backing: 0, pages: 2 })],
  }), { exit: null, active: 0, slot: [0, 67, 'data'] }));
  c.push(kcase('reply_returns_other_data_cap_unmapped', 'reply', 'ok', ['0038'], 'the callee replaced the passed DATA cap in slot 0 by another one: that cap returns to the caller\'s slot with no page mapped', kernel({
    vms: { 0: { status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }, 1: { status: 'running', gas: 300n, slots: { 0: data(2, 1, { base: 0x30, access: 'W', mapped: [0] }), 70: data(0, 2) } } },
    code: [ecalliCode(0)], active: 1, stack: [frame(0, 67, [0, 1], { backing: 0, pages: 2 })],
  }), { exit: null, active: 0, slot: [0, 67, 'data'] }));
  // ---- ecalli: protocol caps (0048) ----
  c.push(ecalliRoot('ecalli_gas_protocol_exits_to_host', 'call_protocol', 'ok', ['0048'], 'ecalli 1 (the GAS protocol cap) exits to the host with id 1; the kernel answers no protocol cap itself', 1, { 1: protocol(1) }, {}, { exit: 'protocol', active: 0 }, {}, {}));
  c.push(ecalliRoot('protocol_cap_in_other_slot_exits_with_its_id', 'call_protocol', 'ok', ['0048'], 'a protocol cap moved to slot 80 exits with its own id (7), not the slot', 80, { 80: protocol(7) }, {}, { exit: 'protocol' }));
  c.push(lowCase('call_protocol', ecalliCode(1), 97n, {}, { 1: protocol(1) }));
  // ---- ecalli: RETYPE (0036, 0051) ----
  c.push(ecalliRoot('retype_zero_pages_makes_empty_data_cap', 'retype', 'ok', ['0054'], 'RETYPE 0 pages into slot 70: an empty DATA cap at offset 3, the offset unchanged, φ7 = 70', 100, { 100: untyped(), 254: untyped() }, { 7: 0n, 12: 70n }, { ...cont(70n), slot: [0, 70, 'data'] }, { untyped: { offset: 3, total: 8 } }));
  c.push(ecalliRoot('retype_zero_pages_on_exhausted_allocator', 'retype', 'ok', ['0054'], 'RETYPE 0 pages with offset = total: still an empty DATA cap (8 + 0 ≤ 8), φ7 = 70', 100, { 100: untyped(), 254: untyped() }, { 7: 0n, 12: 70n }, { ...cont(70n), slot: [0, 70, 'data'] }, { untyped: { offset: 8, total: 8 } }));
  c.push(ecalliRoot('retype_untyped_makes_data_cap', 'retype', 'ok', ['0051'], 'RETYPE 2 pages into slot 70: a DATA cap at the allocator offset, φ7 = 70', 100, { 100: untyped(), 254: untyped() }, { 7: 2n, 12: 70n }, { ...cont(70n), slot: [0, 70, 'data'] }, { untyped: { offset: 0, total: 8 } }));
  c.push(ecalliRoot('retype_charges_10_plus_1500_per_page', 'retype', 'ok', ['0051'], 'RETYPE of 3 pages costs 10 + 4500 after the dispatch (check the gas)', 100, { 100: untyped(), 254: untyped() }, { 7: 3n, 12: 70n }, { ...cont(70n), gas: [[0, 10_000n - 97n - 10n - (10n + 1500n * 3n)]] }, { untyped: { offset: 0, total: 8 } }));
  c.push(ecalliRoot('retype_copies_share_one_allocator', 'retype', 'ok', ['0051'], 'RETYPE through a second copy of UNTYPED in slot 101 bumps the one shared offset (2 → 3)', 101, { 100: untyped(), 101: untyped(), 254: untyped() }, { 7: 1n, 12: 70n }, cont(70n), { untyped: { offset: 2, total: 8 } }));
  c.push(ecalliRoot('retype_destination_through_indirection', 'retype', 'ok', ['0051'], 'the RETYPE destination reference hops through HANDLE 64 into VM 1\'s slot 70', 100, { 100: untyped(), 254: untyped(), 64: handle(1) }, { 7: 1n, 12: BigInt(ref(70, 64)) }, { exit: null, active: 0, slot: [1, 70, 'data'] }, { untyped: { offset: 0, total: 8 } }, { 1: { code: 1 } }));
  c.push(ecalliRoot('retype_exhausted_allocator_what', 'retype', 'what', ['0036'], 'RETYPE of more pages than remain: WHAT, the offset unchanged', 100, { 100: untyped(), 254: untyped() }, { 7: 5n, 12: 70n }, what, { untyped: { offset: 4, total: 8 } }));
  c.push(ecalliRoot('retype_occupied_destination_consumes_nothing', 'retype', 'what', ['0036'], 'RETYPE into an occupied slot: WHAT, no page consumed (the gas stays charged)', 100, { 100: untyped(), 254: untyped(), 70: protocol(2) }, { 7: 1n, 12: 70n }, what, { untyped: { offset: 0, total: 8 } }));
  c.push(lowCase('retype', ecalliCode(70), 97n, { 7: 0n, 12: 71n }, { 70: untyped() }));
  c.push(kcase('retype_cost_short_root_oog', 'retype', 'low', ['0034', '0051'], 'the root (300 gas) pays the block and the dispatch but not 10 + 1500 for one page: the invocation ends out of gas', kernel({
    vms: { 0: { status: 'running', gas: 300n, regs: { 7: 1n, 12: 70n }, slots: { 100: untyped(), 254: untyped() } } }, code: [ecalliCode(100)], untyped: { offset: 0, total: 8 },
  }), { exit: 'oog' }));
  // ---- ecalli: CREATE (0036, 0039, 0047) ----
  c.push(ecalliRoot('create_vm_from_code_cap', 'create', 'ok', ['0047'], 'CREATE from the CODE cap in slot 66 copying slot 1: a new idle VM, HANDLE in slot 71, φ7 = 71', 66, { 1: protocol(1), 66: codeCap(1) }, { 7: 2n, 12: 71n }, { ...cont(71n), slot: [0, 71, 'handle'] }));
  c.push(ecalliRoot('create_child_protocol_caps_not_original', 'create', 'ok', ['0047'], 'CREATE copying original protocol slots 1 and 2: the child\'s copies are not original', 66, { 1: protocol(1), 2: protocol(2), 66: codeCap(1) }, { 7: 6n, 12: 71n }, cont(71n), {}, {}));
  c.push(ecalliRoot('create_bitmask_skips_empty_slots', 'create', 'ok', ['0039'], 'a bitmask selecting empty slots 3 and 5 copies nothing for them', 66, { 1: protocol(1), 66: codeCap(1) }, { 7: 0x2an, 12: 71n }, cont(71n)));
  c.push(ecalliRoot('create_bitmask_selects_data_cap_what', 'create', 'what', ['0039'], 'a bitmask selecting a DATA cap (not copyable): WHAT, no VM created', 66, { 2: data(0, 1), 66: codeCap(1) }, { 7: 4n, 12: 71n }, what));
  c.push(ecalliRoot('create_occupied_destination_adds_no_vm', 'create', 'what', ['0036'], 'CREATE into an occupied slot: WHAT, no VM added', 66, { 66: codeCap(1), 71: protocol(4) }, { 7: 0n, 12: 71n }, what));
  c.push(lowCase('create', ecalliCode(66), 97n, {}, { 66: codeCap(0) }));
  // ---- ecalli: CALL on DATA (0042) ----
  const copyBacking = [page(0, { 0: 0xde, 1: 0xad, 2: 0xbe, 3: 0xef })];
  c.push(ecalliRoot('call_data_copies_bytes', 'call_data', 'ok', ['0042'], 'CALL on DATA 67: copies φ8 = 4 bytes from offset 0 to offset 8 of DATA 68; φ7 = 4', 67, { 67: data(0, 1), 68: data(1, 1) }, { 7: 0n, 8: 4n, 9: 8n, 12: 68n }, cont(4n), { backing: copyBacking }));
  c.push(ecalliRoot('call_data_zero_length_what', 'call_data', 'what', ['0042'], 'a zero-length copy: WHAT', 67, { 67: data(0, 1), 68: data(1, 1) }, { 7: 0n, 8: 0n, 9: 8n, 12: 68n }, what, { backing: copyBacking }));
  c.push(ecalliRoot('call_data_no_destination_what', 'call_data', 'what', ['0042'], 'φ12 = 0 (no destination): WHAT', 67, { 67: data(0, 1), 68: data(1, 1) }, { 7: 0n, 8: 4n, 9: 8n, 12: 0n }, what, { backing: copyBacking }));
  c.push(ecalliRoot('call_data_out_of_bounds_what', 'call_data', 'what', ['0042'], 'a source range past the cap\'s pages: WHAT', 67, { 67: data(0, 1), 68: data(1, 1) }, { 7: 4094n, 8: 4n, 9: 8n, 12: 68n }, what, { backing: copyBacking }));
  c.push(lowCase('call_data', ecalliCode(70), 97n, {}, { 70: data(0, 1) }));
  // ---- ecalli: empty slot, immediates over 127 (0037) ----
  c.push(ecalliRoot('call_empty_slot_what', 'call_empty', 'what', [], 'ecalli on an empty slot: WHAT', 99, {}, {}, what));
  c.push(lowCase('call_empty', ecalliCode(99), 97n));
  c.push(ecalliRoot('ecalli_128_root_panics', 'ecalli_over_127', 'root_panic', ['0037'], 'ecalli 128 in the root: the invocation panics', 128, {}, {}, { exit: 'panic' }));
  c.push(childStop('ecalli_128_child_status_5', 'status_5_invalid_ecalli', ['0037'], 'ecalli 128 in a child: it faults, the caller sees φ8 = 5, φ7 = 128', ecalliCode(128), {}, { exit: null, active: 0, r7: [0, 128n], r8: [0, 5n], status: [1, 'faulted'] }));
  c.push({ ...childStop('ecalli_negative_immediate_status_5', 'status_5_invalid_ecalli', ['0037', '0025'], 'ecalli -1 in a child: the id 0xffffffff is over 127: status 5, φ7 = 0xffffffff', ecalliCode(-1), {}, { exit: null, active: 0, r7: [0, 0xffffffffn], r8: [0, 5n] }), handler: 'ecalli_over_127', edge: 'status_5' });
  c.push(kcase('ecalli_dispatch_gas_short_root_oog', 'root_stop', 'oog', ['0034'], 'the root (102 gas) pays the 97-gas ecalli block but not the 10-gas dispatch: out of gas', kernel({
    vms: { 0: { status: 'running', gas: 102n } }, code: [ecalliCode(99)],
  }), { exit: 'oog' }));
  // ---- ecall ops ----
  c.push(ecallRoot('ecall_call_handle_starts_callee', 'ecall_call', 'ok', ['0049'], 'ecall op 0 on a HANDLE (subject 64) starts its VM', { 64: handle(1) }, { 12: refs(64) }, { exit: null, active: 1 }, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('ecall_call_protocol_via_indirection_exits', 'ecall_call', 'ok', ['0049'], 'ecall op 0 on a protocol cap in VM 1\'s slot 5, reached through HANDLE 64: exit with its id', { 64: handle(1) }, { 12: refs(ref(5, 64)) }, { exit: 'protocol' }, {}, { 1: { code: 1, slots: { 5: protocol(12) } } }));
  c.push(lowCase('ecall_call', ecallCode, 1n, { 11: 0n }));
  c.push(ecallRoot('ecall_call_untyped_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on UNTYPED: WHAT', { 254: untyped() }, { 12: refs(254) }, what));
  c.push(ecallRoot('ecall_call_code_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on a CODE cap: WHAT', { 66: codeCap(1) }, { 12: refs(66) }, what));
  c.push(ecallRoot('map_data_cap_pages', 'map', 'ok', ['0029'], 'MAP pages 0..1 of DATA 67 at page 0x20, RW', { 67: data(0, 2) }, { 7: 0x20n, 8: 0n, 9: 2n, 10: 1n, 12: refs(67) }, cont()));
  c.push(ecallRoot('map_access_0_read_only', 'map', 'ok', ['0046'], 'MAP with φ10 = 0 maps read-only', { 67: data(0, 2) }, { 7: 0x20n, 8: 0n, 9: 1n, 10: 0n, 12: refs(67) }, cont()));
  c.push(ecallRoot('map_access_2_what', 'map', 'what', ['0046'], 'MAP with φ10 = 2: WHAT', { 67: data(0, 2) }, { 7: 0x20n, 8: 0n, 9: 1n, 10: 2n, 12: refs(67) }, what));
  c.push(ecallRoot('map_beyond_cap_what', 'map', 'what', [], 'MAP of pages past the cap\'s count: WHAT', { 67: data(0, 2) }, { 7: 0x20n, 8: 1n, 9: 2n, 10: 1n, 12: refs(67) }, what));
  c.push(ecallRoot('map_page_taken_by_other_data_cap_what', 'map', 'what', ['0029'], 'MAP onto page 0x20 that DATA 68 of the same CNode maps: WHAT', { 67: data(0, 1), 68: mappedData(1, 1, 0x20) }, { 7: 0x20n, 8: 0n, 9: 1n, 10: 1n, 12: refs(67) }, what));
  c.push(kcase('map_child_cap_at_page_parent_maps', 'map', 'ok', ['0029'], 'a child maps its own DATA cap at page 0x20, which its parent also maps: separate address spaces, allowed', kernel({
    vms: { 0: { status: 'waiting', gas: 1000n, slots: { 64: handle(1), 68: mappedData(1, 1, 0x20) } }, 1: { status: 'running', code: 0, gas: 500n, regs: { 7: 0x20n, 8: 0n, 9: 1n, 10: 1n, 11: 2n, 12: refs(67) }, slots: { 67: data(0, 1) } } },
    code: [ecallCode], active: 1, stack: [frame(0)],
  }), { exit: null, active: 1 }));
  c.push(lowCase('map', ecallCode, 1n, { 11: 2n }));
  c.push(ecallRoot('unmap_mapped_page', 'unmap', 'ok', [], 'UNMAP page 1 of DATA 67', { 67: mappedData(0, 2, 0x20) }, { 7: 1n, 8: 1n, 12: refs(67) }, cont()));
  c.push(ecallRoot('unmap_non_data_what', 'unmap', 'what', [], 'UNMAP on a HANDLE: WHAT', { 64: handle(1) }, { 7: 0n, 8: 1n, 12: refs(64) }, what, {}, { 1: { code: 1 } }));
  c.push(lowCase('unmap', ecallCode, 1n, { 11: 3n }));
  c.push(ecallRoot('split_data_cap', 'split', 'ok', [], 'SPLIT DATA 67 (4 pages) at page 1: 67 keeps 1, slot 69 gets 3', { 67: data(0, 4) }, { 7: 1n, 12: refs(67, 69) }, { ...cont(), slot: [0, 69, 'data'] }));
  c.push(ecallRoot('split_mapped_data_what', 'split', 'what', [], 'SPLIT of a DATA cap with a mapped page: WHAT', { 67: mappedData(0, 4, 0x20) }, { 7: 1n, 12: refs(67, 69) }, what));
  c.push(lowCase('split', ecallCode, 1n, { 11: 4n }));
  c.push(ecallRoot('drop_empty_slot_noop', 'drop', 'ok', ['0033'], 'DROP of an empty slot changes nothing (φ7 not written)', {}, { 7: 5n, 12: refs(90) }, cont(5n)));
  c.push(ecallRoot('drop_mapped_data_cap_leaks_pages', 'drop', 'ok', ['0033'], 'DROP of a mapped DATA cap: its pages leave the address space, the bytes stay in the backing store', { 67: mappedData(0, 1, 0x20) }, { 12: refs(67) }, { ...cont(), slot: [0, 67, null] }, { backing: copyBacking }));
  c.push(ecallRoot('drop_handle_destroys_idle_vm', 'drop', 'ok', ['0033'], 'DROP of the HANDLE of an idle VM destroys it', { 64: handle(1) }, { 12: refs(64) }, { ...cont(), gone: 1 }, {}, { 1: { code: 1 } }));
  c.push(kcase('drop_handle_of_waiting_vm_what', 'drop', 'what', ['0033'], 'DROP of a HANDLE whose VM is WAITING: WHAT', kernel({
    vms: { 0: { status: 'waiting', gas: 100n, slots: { 64: callable(1) } }, 1: { status: 'waiting', gas: 100n, slots: { 64: handle(2) } }, 2: { status: 'running', gas: 500n, regs: { 11: 5n, 12: refs(65) }, slots: { 65: handle(1) } } },
    code: [ecallCode], active: 2, stack: [frame(0), frame(1)],
  }), { exit: null, active: 2, r7: [2, WHAT] }));
  c.push(lowCase('drop', ecallCode, 1n, { 11: 5n }));
  c.push(ecallRoot('move_into_empty_slot', 'move', 'ok', [], 'MOVE HANDLE 64 to empty slot 80', { 64: handle(1) }, { 12: refs(64, 80) }, { ...cont(), slot: [0, 80, 'handle'] }, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('move_into_occupied_slot', 'move', 'what', [], 'MOVE into an occupied slot: WHAT', { 64: handle(1), 80: protocol(3) }, { 12: refs(64, 80) }, what, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('ecall_subject_is_high_half', 'move', 'ok', ['0030'], 'φ12 = 64 << 32 | 80 moves slot 64 (high half: subject) to slot 80 (low half: object)', { 64: handle(1) }, { 12: refs(64, 80) }, { ...cont(), slot: [0, 64, null] }, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('ecall_swapped_halves_what', 'move', 'what', ['0030'], 'the same MOVE with the halves swapped names empty slot 80 as the subject: WHAT', { 64: handle(1) }, { 12: refs(80, 64) }, what, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('move_protocol_cap_clears_original', 'move', 'ok', ['0047'], 'MOVE of original protocol slot 1 to slot 90: the moved cap is not original', { 1: protocol(1) }, { 12: refs(1, 90) }, cont(), {}, {}));
  c.push(ecallRoot('move_mapped_data_to_child_arrives_unmapped', 'move', 'ok', ['0041'], 'MOVE of a mapped DATA cap into VM 1\'s CNode (through HANDLE 64): it arrives with no page mapped', { 64: handle(1), 67: mappedData(0, 1, 0x20) }, { 12: refs(67, ref(70, 64)) }, { exit: null, active: 0, slot: [1, 70, 'data'] }, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('move_mapped_data_within_cnode_keeps_mapping', 'move', 'ok', ['0041'], 'MOVE of a mapped DATA cap within the same CNode keeps its mapping', { 67: mappedData(0, 1, 0x20) }, { 12: refs(67, 70) }, { ...cont(), slot: [0, 70, 'data'] }));
  c.push(ecallRoot('move_ipc_cap_back_from_faulted_vm', 'move', 'ok', ['0035'], 'the caller MOVEs the IPC cap left in a faulted VM\'s slot 0 back through the HANDLE', { 64: handle(1) }, { 12: refs(ref(0, 64), 70) }, { ...cont(), slot: [0, 70, 'data'] }, {}, { 1: { code: 1, status: 'faulted', slots: { 0: data(0, 1, { base: 0x20, access: 'W' }) } } }));
  c.push(lowCase('move', ecallCode, 1n, { 11: 6n }));
  c.push(ecallRoot('copy_protocol_cap', 'copy', 'ok', [], 'COPY protocol cap 2 to slot 91', { 2: protocol(2) }, { 12: refs(2, 91) }, { ...cont(), slot: [0, 91, 'protocol'] }));
  c.push(ecallRoot('copy_into_protocol_slot_clears_original', 'copy', 'ok', ['0047'], 'COPY protocol cap 2 into the emptied protocol slot 3: slot 3 is not original', { 2: protocol(2) }, { 12: refs(2, 3) }, { ...cont(), slot: [0, 3, 'protocol'] }, {}, {}));
  c.push(ecallRoot('copy_data_cap_what', 'copy', 'what', [], 'COPY of a DATA cap (not copyable): WHAT', { 67: data(0, 1) }, { 12: refs(67, 91) }, what));
  c.push(lowCase('copy', ecallCode, 1n, { 11: 7n }));
  c.push(ecallRoot('downgrade_handle_to_callable', 'downgrade', 'ok', [], 'DOWNGRADE HANDLE 64 (max gas 300) to a CALLABLE in slot 81 with the same max gas', { 64: handle(1, 300n) }, { 12: refs(64, 81) }, { ...cont(), slot: [0, 81, 'callable'] }, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('downgrade_callable_what', 'downgrade', 'what', [], 'DOWNGRADE of a CALLABLE: WHAT', { 65: callable(1) }, { 12: refs(65, 81) }, what, {}, { 1: { code: 1 } }));
  c.push(lowCase('downgrade', ecallCode, 1n, { 11: 0x0an }));
  c.push(ecallRoot('set_max_gas_on_handle', 'set_max_gas', 'ok', ['0045'], 'SET_MAX_GAS 500 on HANDLE 64', { 64: handle(1) }, { 7: 500n, 12: refs(64) }, cont(), {}, { 1: { code: 1 } }));
  c.push(ecallRoot('set_max_gas_on_callable_what', 'set_max_gas', 'what', ['0045'], 'SET_MAX_GAS on a CALLABLE: WHAT', { 65: callable(1) }, { 7: 500n, 12: refs(65) }, what, {}, { 1: { code: 1 } }));
  c.push(lowCase('set_max_gas', ecallCode, 1n, { 11: 0x0bn }));
  c.push(ecallRoot('dirty_op_returns_what', 'dirty', 'what', ['0032'], 'ecall op 0x0C (DIRTY): WHAT', { 67: mappedData(0, 1, 0x20) }, { 12: refs(67) }, what));
  c.push(lowCase('dirty', ecallCode, 1n, { 11: 0x0cn }));
  c.push(ecallRoot('grant_op_returns_what', 'ecall_unknown', 'what', ['0032'], 'ecall op 0x08 (GRANT, removed): WHAT', { 64: handle(1) }, { 11: 0x08n, 12: refs(64) }, what, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('ecall_unknown_op_what', 'ecall_unknown', 'what', [], 'ecall op 0x99: WHAT', {}, { 12: refs(64) }, what));
  c.push(ecallRoot('ecall_op_high_bits_what', 'ecall_unknown', 'what', ['0052'], 'φ11 = 2^32 + 6: the whole register names the op, so not MOVE: WHAT', { 64: handle(1) }, { 11: 0x100000006n, 12: refs(64, 80) }, what, {}, { 1: { code: 1 } }));
  c.push(lowCase('ecall_unknown', ecallCode, 1n, { 11: 0x99n }));
  c.push(kcase('ecall_dispatch_gas_short_root_oog', 'root_stop', 'oog', ['0034'], 'the root cannot pay the 10-gas dispatch of ecall: out of gas', kernel({ vms: { 0: { status: 'running', gas: 5n, regs: { 11: 6n } } }, code: [ecallCode] }), { exit: 'oog' }));
  // RESUME (0050)
  const faulted: VmPart = { code: 1, status: 'faulted', pc: 0, gas: 0n };
  c.push(ecallRoot('resume_faulted_child_runs_on', 'resume', 'ok', ['0050'], 'RESUME a FAULTED VM through its HANDLE: it runs on from its kept pc', { 64: handle(1) }, { 12: refs(64) }, { exit: null, active: 1, status: [1, 'running'] }, {}, { 1: faulted }));
  c.push(ecallRoot('resume_with_max_gas_ceiling', 'resume', 'ok', ['0050'], 'RESUME through a HANDLE with max gas 50: the VM gets 50', { 64: handle(1, 50n) }, { 12: refs(64) }, { exit: null, active: 1, gas: [[1, 50n], [0, 10_000n - 1n - 10n - 10n - 50n]] }, {}, { 1: faulted }));
  c.push(ecallRoot('resume_idle_vm_what', 'resume', 'what', ['0050'], 'RESUME of an IDLE VM: WHAT', { 64: handle(1) }, { 12: refs(64) }, what, {}, { 1: { code: 1 } }));
  c.push(ecallRoot('resume_through_indirection_what', 'resume', 'what', ['0050'], 'RESUME of a HANDLE reached through another VM\'s CNode: WHAT', { 64: handle(1) }, { 12: refs(ref(65, 64)) }, what, {}, { 1: { code: 1, slots: { 65: handle(2) } }, 2: faulted }));
  c.push(ecallRoot('resume_callable_what', 'resume', 'what', ['0050'], 'RESUME through a CALLABLE: WHAT', { 65: callable(1) }, { 12: refs(65) }, what, {}, { 1: faulted }));
  c.push(lowCase('resume', ecallCode, 1n, { 11: 0x0dn }));
  // ---- child stops (0035, 0040, 0043) ----
  c.push(childStop('child_trap_returns_gas_to_caller', 'status_1_trap', ['0043'], 'a child traps: status 1, φ7 = its φ7, its unused gas back to the caller', trapCode, { regs: { 7: 77n } }, { exit: null, active: 0, r7: [0, 77n], r8: [0, 1n], status: [1, 'faulted'] }));
  c.push(childStop('child_panic_reports_status_2_huh', 'status_2_panic_huh', [], 'a child hits an invalid opcode: status 2, HUH', image(['ff', TRAP]), {}, { exit: null, active: 0, r7: [0, HUH], r8: [0, 2n] }));
  c.push(childStop('halt_child_reports_status_2_huh', 'status_2_halt_huh', ['0040'], 'a child halts (djump to 0xFFFF0000): HALTED, the caller sees status 2 and HUH', image([JUMP_IND_R7, TRAP]), { regs: { 7: HALT_ADDRESS } }, { exit: null, active: 0, r7: [0, HUH], r8: [0, 2n], status: [1, 'halted'] }));
  c.push(childStop('child_out_of_gas_reports_status_3_low', 'status_3_oog_low', [], 'a child cannot pay its next block: status 3, LOW', image([LOAD_U8(0x20000), TRAP]), { gas: 0n }, { exit: null, active: 0, r7: [0, LOW], r8: [0, 3n] }));
  c.push(childStop('child_page_fault_returns_gas_to_caller', 'status_4_fault', ['0043', '0023'], 'a child faults at 0x30000: status 4, φ7 = the address, gas back to the caller, pc kept', image([LOAD_U8(0x30000), TRAP]), {}, { exit: null, active: 0, r7: [0, 0x30000n], r8: [0, 4n], status: [1, 'faulted'] }));
  c.push(childStop('ipc_cap_stays_in_faulted_callee', 'status_1_trap', ['0035'], 'a callee holding the IPC cap in slot 0 traps: the cap stays there', trapCode, { slots: { 0: data(0, 1, { base: 0x20, access: 'W' }) } }, { exit: null, active: 0, slot: [1, 0, 'data'] }));
  // ---- root stops ----
  c.push(kcase('halt_root_exits_halt_with_r7', 'root_stop', 'halt', ['0040'], 'the root halts (djump to 0xFFFF0000): the invocation halts with φ7', kernel({ vms: { 0: { status: 'running', gas: 1000n, regs: { 7: HALT_ADDRESS } } }, code: [image([JUMP_IND_R7, TRAP])] }), { exit: 'halt' }));
  c.push(kcase('root_panic_exits_panic', 'root_stop', 'panic', [], 'the root hits an invalid opcode: panic', kernel({ vms: { 0: { status: 'running', gas: 1000n } }, code: [image(['ff', TRAP])] }), { exit: 'panic' }));
  c.push(kcase('root_fault_exits_fault', 'root_stop', 'fault', [], 'the root faults at 0x30000: fault exit with that address', kernel({ vms: { 0: { status: 'running', gas: 1000n } }, code: [image([LOAD_U8(0x30000), TRAP])] }), { exit: 'fault' }));
  // ---- memory through the backing store (0023, 0029) ----
  c.push(kcase('store_writes_backing_page_of_own_cap', 'memory', null, ['0029'], 'a store at 0x20000 by a VM whose DATA cap maps page 0x20 to backing page 3 writes backing page 3', kernel({
    vms: { 0: { status: 'running', gas: 1000n, regs: { 7: 0xabn }, slots: { 67: data(0, 3), 68: mappedData(3, 1, 0x20) } } }, code: [image([STORE_U8(0x20000), TRAP])],
  }), { exit: null, active: 0 }));
  c.push(kcase('retry_after_fault_reexecutes_instruction', 'memory', null, ['0023'], 'a resumed VM at the pc of its faulting load, now with the page mapped, re-executes the load', kernel({
    vms: { 0: { status: 'waiting', gas: 100n, slots: { 64: handle(1) } }, 1: { status: 'running', code: 0, gas: 500n, slots: { 67: mappedData(0, 1, 0x30) } } },
    code: [image([LOAD_U8(0x30000), TRAP])], active: 1, stack: [frame(0)], backing: [page(0, { 0: 0x99 })],
  }), { exit: null, active: 1, r7: [1, 0x99n] }));
  return c;
}
