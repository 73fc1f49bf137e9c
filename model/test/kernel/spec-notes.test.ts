/**
 * The capability-kernel spec-notes 0029-0053, pinned: one describe per note, one test per case name of
 * the note's Vectors section (a generator turns these into kernel vectors named after them).
 *
 * Each case builds a kernel pre-state as a plain KernelSnapshot, runs exactly one instruction plus its
 * kernel transition (`run(1)`), and compares the whole post-state with an expected snapshot built by
 * hand from the same pre-state. Gas derivations use the jar1 single-pass block costs of the Lean table
 * (spec-notes/0013): a block made of one `ecalli` costs 100 cycles − 3 = 97, one `ecall` or `trap`
 * 1 (max(maxDone − 3, 1) with maxDone ≤ 3), `jump_ind` 22 − 3 = 19, a store/load 25 − 3 = 22
 * (memCycles 25); then the kernel: 10 dispatch, 10 CALL/RESUME overhead, 10 + 1500·pages for RETYPE.
 * WHAT = 2^64 − 2, LOW = 2^64 − 8, HUH = 2^64 − 9.
 */
import { describe, expect, test } from 'vitest';
import type { BackingPage, CapSnapshot, KernelSession, KernelSnapshot, VmStatusName } from '../../../vectors/lib/kernel.js';
import {
  callable, codeCap, data, frame, handle, kernel as kernelOf, page, protocol, refs, untyped, vm, type KernelSpec,
} from '../../../vectors/lib/kernel-build.js';
import { HUH, LOW, WHAT, type CodeImage, type KernelExit } from '../../../vectors/lib/types.js';
import { modelKernel } from '../../kernel/index.js';
import { hex, image } from '../helpers.js';

// ---------------------------------------------------------------- builders (plain snapshot literals)

/** The shared builder with an empty untyped allocator ({0, 0}) unless given, as these cases were written. */
const kernel = (k: KernelSpec): KernelSnapshot => kernelOf({ untyped: { offset: 0, total: 0 }, ...k });

// Programs (one instruction per string, see helpers.image). Block costs as in the header comment.
const ECALLI = (slot: number): CodeImage => image([`0a ${slot.toString(16).padStart(2, '0')}`]); // 97 gas, next pc 2
const ECALL = image(['03']); // 1 gas, next pc 1
const TRAP = image(['00']); // 1 gas
const HALT = image(['32 00']); // jump_ind φ0 + 0: with φ0 = 0xFFFF0000 it halts (spec-notes/0005); 19 gas
const ECALLI_128 = image(['0a 80 00']); // ecalli with a 2-byte immediate 0x0080 = 128; 97 gas

/** One instruction plus its kernel transition. */
function run1(pre: KernelSnapshot): { exit: KernelExit | null; post: KernelSnapshot; session: KernelSession } {
  const session = modelKernel.fromSnapshot(pre);
  const r = session.run(1);
  return { exit: r.exit, post: session.snapshot(), session };
}

const G = 100_000n;

// ---------------------------------------------------------------- 0029

describe('spec-notes/0029 per-VM address space', () => {
  test('map_page_taken_by_other_data_cap_what', () => {
    // VM 0 maps DATA 64 at page 16; MAP of DATA 65 at base 16, pages [0,1), RW would alias page 16.
    const slots = { 64: data(0, 1, { base: 16, access: 'W', mapped: [0] }), 65: data(1, 1) };
    const regs = { 7: 16n, 8: 0n, 9: 1n, 10: 1n, 11: 2n, 12: refs(65) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots })] });
    const { exit, post } = run1(pre);
    expect(exit).toBeNull();
    // gas: 1 (ecall block) + 10 dispatch; φ7 := WHAT; DATA 65 untouched.
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs: { ...regs, 7: WHAT }, slots })] }));
  });

  test('map_child_cap_at_page_parent_maps', () => {
    // VM 0 maps page 16 (DATA 64); through HANDLE 65 it MAPs VM 1's DATA 70 at page 16 too: another address space.
    const regs = { 7: 16n, 8: 0n, 9: 1n, 10: 1n, 11: 2n, 12: refs((65 << 8) | 70) };
    const s0 = { 64: data(0, 1, { base: 16, access: 'W', mapped: [0] }), 65: handle(1) };
    const pre = kernel({
      code: [ECALL, TRAP],
      vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: s0 }), vm({ id: 1, code: 1, slots: { 70: data(1, 1) } })],
    });
    const { exit, post } = run1(pre);
    expect(exit).toBeNull();
    // success writes no register: φ7 keeps 16; gas 1 + 10.
    expect(post).toEqual(kernel({
      code: [ECALL, TRAP],
      vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: s0 }), vm({ id: 1, code: 1, slots: { 70: data(1, 1, { base: 16, access: 'W', mapped: [0] }) } })],
    }));
  });

  test('store_writes_backing_page_of_own_cap', () => {
    // store_imm_u8 [0x10000] = 0x2a, then trap. VM 0 maps backing page 0 at page 16; idle VM 1 maps backing page 1 at
    // page 16 too. The byte lands in backing page 0 only. Block (store 25 cycles, trap) costs 25 − 3 = 22.
    const prog = image(['1e 03 00 00 01 2a', '00']);
    const vms = (gas: bigint, pc: number) => [
      vm({ id: 0, status: 'running', gas, pc, blockPaid: pc !== 0, slots: { 64: data(0, 1, { base: 16, access: 'W', mapped: [0] }) } }), // stopped mid-block: paid
      vm({ id: 1, slots: { 64: data(1, 1, { base: 16, access: 'W', mapped: [0] }) } }),
    ];
    const pre = kernel({ code: [prog], vms: vms(G, 0), backing: [page(1, { 0: 7 })] });
    const { exit, post } = run1(pre);
    expect(exit).toBeNull();
    expect(post).toEqual(kernel({ code: [prog], vms: vms(G - 22n, 6), backing: [page(0, { 0: 0x2a }), page(1, { 0: 7 })] }));
  });
});

// ---------------------------------------------------------------- 0030

describe('spec-notes/0030 ecall subject and object halves', () => {
  const run = (phi12: bigint) => {
    const regs = { 11: 6n, 12: phi12 }; // MOVE
    return { regs, ...run1(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 64: codeCap(0) } })] })) };
  };

  test('ecall_subject_is_high_half', () => {
    // subject = 64 (high u32), object = 70 (low u32): the CODE cap moves 64 -> 70.
    const { exit, post, regs } = run(refs(64, 70));
    expect(exit).toBeNull();
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: { 70: codeCap(0) } })] }));
  });

  test('ecall_swapped_halves_what', () => {
    // subject = 70 (empty), object = 64 (occupied): MOVE fails with WHAT, nothing moves.
    const { post, regs } = run(refs(70, 64));
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs: { ...regs, 7: WHAT }, slots: { 64: codeCap(0) } })] }));
  });
});

// ---------------------------------------------------------------- JAR v2 blobs for 0031 and 0053

/** A 19-byte manifest entry. */
function entry(slot: number, type: 0 | 1, base: number, pages: number, access: 0 | 1, offset: number, length: number): number[] {
  const u32 = (v: number): number[] => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
  return [slot, type, ...u32(base), ...u32(pages), access, ...u32(offset), ...u32(length)];
}
/** CODE sub-blob `trap`: jump_len 0, entry_size 1, code_len 1, code 00, bitmask 01 (11 bytes). */
const TRAP_SUB = [...hex('00000000 01 01000000 00 01')];
/** A JAR v2 blob: magic, memory_pages, entries, data section. */
function jar(memoryPages: number, invoke: number, entries: readonly number[][], dataSection: readonly number[], magic = [0x4a, 0x41, 0x52, 0x02]): Uint8Array {
  const mp = [memoryPages & 255, (memoryPages >>> 8) & 255, (memoryPages >>> 16) & 255, memoryPages >>> 24];
  return Uint8Array.from([...magic, ...mp, entries.length, invoke, ...entries.flat(), ...dataSection]);
}
const protocolSlots = Object.fromEntries(Array.from({ length: 28 }, (_, k) => [k + 1, protocol(k + 1)])) as Record<number, CapSnapshot>;
const protocolIds = Array.from({ length: 28 }, (_, k) => k + 1);

describe('spec-notes/0031 JAR magic', () => {
  test('jar_magic_jar2_accepted', () => {
    // 4a 41 52 02 = 'J','A','R',2: loads; VM 0 = protocol caps 1..28 + CODE 64, no UNTYPED (memory_pages 0).
    const blob = jar(0, 64, [entry(64, 0, 0, 0, 0, 0, 11)], TRAP_SUB);
    const s = modelKernel.load(blob, { gas: G });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.snapshot().vms).toEqual([vm({ id: 0, status: 'running', gas: G, slots: { ...protocolSlots, 64: codeCap(0) }, original: protocolIds })]);
  });

  test('jar_magic_har2_rejected', () => {
    // 48 41 52 02 is Capability.lean's 0x02524148 in little endian ('H','A','R',2): not a JAR v2 blob.
    const blob = jar(0, 64, [entry(64, 0, 0, 0, 0, 0, 11)], TRAP_SUB, [0x48, 0x41, 0x52, 0x02]);
    const s = modelKernel.load(blob, { gas: G });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.class).toBe('bad_magic');
  });
});

// ---------------------------------------------------------------- 0032

describe('spec-notes/0032 DIRTY', () => {
  const opCase = (op: bigint) => {
    const regs = { 11: op, 12: refs(65) };
    const slots = { 65: handle(1) };
    const vms = (r: Record<number, bigint>, pc: number, gas: bigint) => [vm({ id: 0, status: 'running', gas, pc, regs: r, slots }), vm({ id: 1 })];
    const { exit, post } = run1(kernel({ code: [ECALL], vms: vms(regs, 0, G) }));
    expect(exit).toBeNull();
    // 1 + 10 gas, φ7 := WHAT, nothing else changes.
    expect(post).toEqual(kernel({ code: [ECALL], vms: vms({ ...regs, 7: WHAT }, 1, G - 11n) }));
  };

  test('dirty_op_returns_what', () => opCase(0x0cn));
  test('grant_op_returns_what', () => opCase(0x08n));
});

// ---------------------------------------------------------------- 0033

describe('spec-notes/0033 DROP', () => {
  test('drop_empty_slot_noop', () => {
    const regs = { 7: 5n, 11: 5n, 12: refs(70) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs })] });
    // only the gas (1 + 10) and pc change; φ7 keeps 5.
    expect(run1(pre).post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs })] }));
  });

  test('drop_mapped_data_cap_leaks_pages', () => {
    // DATA 64 (backing 0, mapped at page 16) is dropped: the slot empties, the allocator keeps offset 1, the bytes stay
    // in backing page 0 where no cap reaches them.
    const regs = { 11: 5n, 12: refs(64) };
    const k = (gas: bigint, pc: number, slots: Record<number, CapSnapshot>) =>
      kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs, slots })], untyped: { offset: 1, total: 4 }, backing: [page(0, { 0: 9 })] });
    expect(run1(k(G, 0, { 64: data(0, 1, { base: 16, access: 'W', mapped: [0] }), 254: untyped() })).post).toEqual(k(G - 11n, 1, { 254: untyped() }));
  });

  test('drop_handle_destroys_idle_vm', () => {
    const regs = { 11: 5n, 12: refs(65) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1) } }), vm({ id: 1, slots: { 64: codeCap(0) } })] });
    // VM 1 leaves the pool; ids are not reused (nextVmId stays 2).
    expect(run1(pre).post).toEqual(kernel({ code: [ECALL], nextVmId: 2, vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs })] }));
  });

  test('drop_handle_of_waiting_vm_what', () => {
    // Stack: VM 0 called VM 2, VM 2 called VM 1. VM 1 holds the HANDLE of VM 2, which is waiting: WHAT, nothing dropped.
    const regs = { 11: 5n, 12: refs(70) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({
      code: [ECALL], active: 1, stack: [frame(0), frame(2)],
      vms: [vm({ id: 0, status: 'waiting' }), vm({ id: 1, status: 'running', gas, pc, regs: r, slots: { 70: handle(2) } }), vm({ id: 2, status: 'waiting' })],
    });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });
});

// ---------------------------------------------------------------- 0034

describe('spec-notes/0034 gas short in the kernel', () => {
  test('ecalli_dispatch_gas_short_root_oog', () => {
    // 97 for the block leaves 5 < 10: out of gas; gas 0, pc kept at the ecalli (0), the root VM FAULTED.
    const slots = { 1: protocol(1) };
    const { exit, post } = run1(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'running', gas: 102n, slots })] }));
    expect(exit).toEqual({ kind: 'oog' });
    expect(post).toEqual(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'faulted', gas: 0n, pc: 0, slots })] }));
  });

  test('ecall_dispatch_gas_short_root_oog', () => {
    // 1 for the block leaves 9 < 10.
    const regs = { 11: 5n, 12: refs(64) };
    const slots = { 64: codeCap(0) };
    const { exit, post } = run1(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: 10n, regs, slots })] }));
    expect(exit).toEqual({ kind: 'oog' });
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'faulted', gas: 0n, regs, slots })] }));
  });

  test('call_overhead_gas_short_child_faults', () => {
    // VM 1 (called by VM 0) CALLs HANDLE 70 with 97 + 10 + 5 gas: the overhead (10) cannot be paid. VM 1 FAULTED at pc 0
    // with gas 0 (the 5 are burnt like any out-of-gas remainder); VM 0 runs with φ8 = 3, φ7 = LOW, gas 1000 + 0.
    const pre = kernel({
      code: [ECALLI(70)], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', gas: 1000n }), vm({ id: 1, status: 'running', gas: 112n, slots: { 70: handle(2) } }), vm({ id: 2 })],
    });
    const { exit, post } = run1(pre);
    expect(exit).toBeNull();
    expect(post).toEqual(kernel({
      code: [ECALLI(70)],
      vms: [vm({ id: 0, status: 'running', gas: 1000n, regs: { 7: LOW, 8: 3n } }), vm({ id: 1, status: 'faulted', gas: 0n, pc: 0, slots: { 70: handle(2) } }), vm({ id: 2 })],
    }));
  });

  test('retype_cost_short_root_oog', () => {
    // RETYPE of 1 page after the block (97) and dispatch (10) needs 10 + 1500 = 1510; 1509 are left.
    const regs = { 7: 1n, 12: 70n };
    const slots = { 80: untyped() };
    const pre = kernel({ code: [ECALLI(80)], untyped: { offset: 0, total: 4 }, vms: [vm({ id: 0, status: 'running', gas: 97n + 10n + 1509n, regs, slots })] });
    const { exit, post } = run1(pre);
    expect(exit).toEqual({ kind: 'oog' });
    expect(post).toEqual(kernel({ code: [ECALLI(80)], untyped: { offset: 0, total: 4 }, vms: [vm({ id: 0, status: 'faulted', gas: 0n, regs, slots })] }));
  });
});

// ---------------------------------------------------------------- 0035

describe('spec-notes/0035 the IPC cap when the callee faults', () => {
  test('ipc_cap_stays_in_faulted_callee', () => {
    // VM 1 holds VM 0's DATA cap (from slot 70) in slot 0 and traps with φ7 = 77: VM 0 sees φ8 = 1, φ7 = 77, gets
    // VM 1's gas back (500 − 1 for the trap block); the cap stays in VM 1's slot 0, VM 0's slot 70 stays empty.
    const ipc = data(0, 1, { base: 16, access: 'W' });
    const pre = kernel({
      code: [TRAP], active: 1, stack: [frame(0, 70, [0], { backing: 0, pages: 1 })],
      vms: [vm({ id: 0, status: 'waiting', gas: 1000n }), vm({ id: 1, status: 'running', gas: 500n, regs: { 7: 77n }, slots: { 0: ipc } })],
    });
    expect(run1(pre).post).toEqual(kernel({
      code: [TRAP],
      vms: [vm({ id: 0, status: 'running', gas: 1499n, regs: { 7: 77n, 8: 1n } }), vm({ id: 1, status: 'faulted', gas: 0n, regs: { 7: 77n }, slots: { 0: ipc } })],
    }));
  });

  test('move_ipc_cap_back_from_faulted_vm', () => {
    // MOVE subject = slot 0 of VM 1 through HANDLE 65 (0x4100), object = local slot 70: the cap comes back, unmapped
    // (it changes CNode, spec-notes/0041), base and access kept.
    const regs = { 11: 6n, 12: refs(0x4100, 70) };
    const k = (gas: bigint, pc: number, s0: Record<number, CapSnapshot>, s1: Record<number, CapSnapshot>) => kernel({
      code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs, slots: { 65: handle(1), ...s0 } }), vm({ id: 1, status: 'faulted', pc: 3, slots: s1 })],
    });
    expect(run1(k(G, 0, {}, { 0: data(0, 2, { base: 16, access: 'W', mapped: [1] }) })).post).toEqual(k(G - 11n, 1, { 70: data(0, 2, { base: 16, access: 'W' }) }, {}));
  });
});

// ---------------------------------------------------------------- 0036

describe('spec-notes/0036 RETYPE and CREATE validate first', () => {
  test('retype_occupied_destination_consumes_nothing', () => {
    // φ7 = 2 pages into slot 70, which holds a CODE cap: WHAT, allocator offset stays 0; gas 97 + 10 + 3010 stays paid.
    const regs = { 7: 2n, 12: 70n };
    const slots = { 70: codeCap(0), 80: untyped() };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) =>
      kernel({ code: [ECALLI(80)], untyped: { offset: 0, total: 4 }, vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 97n - 10n - 3010n, 2));
  });

  test('retype_exhausted_allocator_what', () => {
    // offset 3 of 4: 2 pages do not fit. WHAT, offset stays 3, the cost is still charged.
    const regs = { 7: 2n, 12: 70n };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) =>
      kernel({ code: [ECALLI(80)], untyped: { offset: 3, total: 4 }, vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 80: untyped() } })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 3117n, 2));
  });

  test('create_occupied_destination_adds_no_vm', () => {
    // CREATE from CODE 64 with the HANDLE going to slot 70, which is taken: WHAT, no VM 1, nextVmId stays 1.
    const regs = { 7: 0n, 12: 70n };
    const slots = { 64: codeCap(0), 70: protocol(3) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALLI(64)], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2));
  });
});

// ---------------------------------------------------------------- 0037

describe('spec-notes/0037 ecalli immediates over 127', () => {
  test('ecalli_128_root_panics', () => {
    // No dispatch charge: only the 97 of the block. pc stays at the ecalli; the root VM FAULTED; φ7 untouched.
    const { exit, post } = run1(kernel({ code: [ECALLI_128], vms: [vm({ id: 0, status: 'running', gas: G, regs: { 7: 3n } })] }));
    expect(exit).toEqual({ kind: 'panic' });
    expect(post).toEqual(kernel({ code: [ECALLI_128], vms: [vm({ id: 0, status: 'faulted', gas: G - 97n, regs: { 7: 3n } })] }));
  });

  test('ecalli_128_child_status_5', () => {
    // The child faults with status 5: its caller sees φ8 = 5, φ7 = 128 and gets the child's 500 − 97 = 403 gas back.
    const pre = kernel({
      code: [ECALLI_128], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', gas: 1000n }), vm({ id: 1, status: 'running', gas: 500n })],
    });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI_128],
      vms: [vm({ id: 0, status: 'running', gas: 1403n, regs: { 7: 128n, 8: 5n } }), vm({ id: 1, status: 'faulted', gas: 0n })],
    }));
  });

  test('ecalli_negative_immediate_status_5', () => {
    // `0a 80`: a 1-byte immediate 0x80 sign-extends to −128, whose low 32 bits (spec-notes/0025) are 0xFFFFFF80 > 127.
    const prog = image(['0a 80']);
    const pre = kernel({ code: [prog], active: 1, stack: [frame(0)], vms: [vm({ id: 0, status: 'waiting' }), vm({ id: 1, status: 'running', gas: 500n })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [prog], vms: [vm({ id: 0, status: 'running', gas: 403n, regs: { 7: 0xffffff80n, 8: 5n } }), vm({ id: 1, status: 'faulted', gas: 0n })],
    }));
  });
});

// ---------------------------------------------------------------- 0038

describe('spec-notes/0038 IPC DATA cap on REPLY', () => {
  test('call_passes_data_cap_unmapped', () => {
    // VM 0 CALLs HANDLE 65 passing slot 70 (φ12 = 70), a DATA cap mapped at pages {0, 1}: VM 1 gets it in slot 0 with no
    // page mapped (base and access kept); the frame records {0, 1}. Gas: G − 97 − 10 − 10 all to VM 1; φ7..φ10 copied.
    const regs = { 7: 1n, 8: 2n, 9: 3n, 10: 4n, 12: 70n };
    const pre = kernel({ code: [ECALLI(65)], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1), 70: data(0, 2, { base: 16, access: 'W', mapped: [0, 1] }) } }), vm({ id: 1 })] });
    const { exit, post } = run1(pre);
    expect(exit).toBeNull();
    expect(post).toEqual(kernel({
      code: [ECALLI(65)], active: 1, stack: [frame(0, 70, [0, 1], { backing: 0, pages: 2 })],
      vms: [
        vm({ id: 0, status: 'waiting', pc: 2, gas: 0n, regs, slots: { 65: handle(1) } }),
        vm({ id: 1, status: 'running', gas: G - 117n, regs: { 7: 1n, 8: 2n, 9: 3n, 10: 4n }, slots: { 0: data(0, 2, { base: 16, access: 'W' }) } }),
      ],
    }));
  });

  test('reply_restores_ipc_data_mapping', () => {
    // VM 1 mapped page 1 of the passed cap in its own space; REPLY returns the cap to VM 0's slot 70 mapped exactly as
    // before the CALL ({0, 2}). VM 0: φ7 = VM 1's φ7 (9), φ8 = 0, gas 1000 + (500 − 97 − 10).
    const pre = kernel({
      code: [ECALLI(0)], active: 1, stack: [frame(0, 70, [0, 2], { backing: 0, pages: 4 })],
      vms: [vm({ id: 0, status: 'waiting', gas: 1000n, regs: { 8: 6n } }), vm({ id: 1, status: 'running', gas: 500n, regs: { 7: 9n }, slots: { 0: data(0, 4, { base: 16, access: 'W', mapped: [1] }) } })],
    });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(0)],
      vms: [
        vm({ id: 0, status: 'running', gas: 1393n, regs: { 7: 9n, 8: 0n }, slots: { 70: data(0, 4, { base: 16, access: 'W', mapped: [0, 2] }) } }),
        vm({ id: 1, status: 'idle', pc: 2, gas: 0n, regs: { 7: 9n } }),
      ],
    }));
  });
});

describe('spec-notes/0038 (continued) another DATA cap in slot 0 at REPLY', () => {
  test('reply_returns_other_data_cap_unmapped', () => {
    // The caller passed a 4-page cap at backing 0 (mapped {0, 2}); the callee put a different 1-page DATA cap
    // (backing 9, base 40, page 0 mapped) in slot 0. REPLY hands that cap to VM 0's slot 70 with NO page mapped: the
    // saved set {0, 2} belongs to the other cap (restoring it would map page 2 of a 1-page cap). Gas as above.
    const pre = kernel({
      code: [ECALLI(0)], active: 1, stack: [frame(0, 70, [0, 2], { backing: 0, pages: 4 })],
      vms: [vm({ id: 0, status: 'waiting', gas: 1000n }), vm({ id: 1, status: 'running', gas: 500n, regs: { 7: 9n }, slots: { 0: data(9, 1, { base: 40, access: 'W', mapped: [0] }) } })],
    });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(0)],
      vms: [
        vm({ id: 0, status: 'running', gas: 1393n, regs: { 7: 9n, 8: 0n }, slots: { 70: data(9, 1, { base: 40, access: 'W' }) } }),
        vm({ id: 1, status: 'idle', pc: 2, gas: 0n, regs: { 7: 9n } }),
      ],
    }));
  });
});

// ---------------------------------------------------------------- 0039

describe('spec-notes/0039 CREATE with a non-copyable cap selected', () => {
  test('create_bitmask_selects_data_cap_what', () => {
    // bitmask bits 1 (protocol) and 2 (DATA): the DATA cap cannot be shared, so nothing is created.
    const regs = { 7: 0b110n, 12: 70n };
    const slots = { 1: protocol(1), 2: data(0, 1), 64: codeCap(0) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALLI(64)], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots, original: [1] })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2));
  });

  test('create_bitmask_skips_empty_slots', () => {
    // bits 1 (protocol 1) and 3 (empty): VM 1 gets only slot 1; HANDLE at 70; φ7 = 70.
    const regs = { 7: 0b1010n, 12: 70n };
    const pre = kernel({ code: [ECALLI(64)], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 1: protocol(1), 64: codeCap(0) }, original: [1] })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(64)],
      vms: [
        vm({ id: 0, status: 'running', pc: 2, gas: G - 107n, regs: { ...regs, 7: 70n }, slots: { 1: protocol(1), 64: codeCap(0), 70: handle(1) }, original: [1] }),
        vm({ id: 1, slots: { 1: protocol(1) } }),
      ],
    }));
  });
});

// ---------------------------------------------------------------- 0040

describe('spec-notes/0040 halt under the kernel', () => {
  test('halt_root_exits_halt_with_r7', () => {
    const regs = { 0: 0xffff0000n, 7: 42n };
    const { exit, post } = run1(kernel({ code: [HALT], vms: [vm({ id: 0, status: 'running', gas: G, regs })] }));
    expect(exit).toEqual({ kind: 'halt', value: 42n });
    // 19 gas for the jump_ind block; pc stays at the jump; the root VM HALTED.
    expect(post).toEqual(kernel({ code: [HALT], vms: [vm({ id: 0, status: 'halted', gas: G - 19n, regs })] }));
  });

  test('halt_child_reports_status_2_huh', () => {
    // The child halts with φ7 = 42: its caller sees φ8 = 2, φ7 = HUH and 500 − 19 gas back; the child is HALTED.
    const regs = { 0: 0xffff0000n, 7: 42n };
    const pre = kernel({ code: [HALT], active: 1, stack: [frame(0)], vms: [vm({ id: 0, status: 'waiting', gas: 1000n }), vm({ id: 1, status: 'running', gas: 500n, regs })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [HALT], vms: [vm({ id: 0, status: 'running', gas: 1481n, regs: { 7: HUH, 8: 2n } }), vm({ id: 1, status: 'halted', gas: 0n, regs })],
    }));
  });

  test('call_halted_vm_what', () => {
    const slots = { 65: handle(1) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALLI(65)], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots }), vm({ id: 1, status: 'halted' })] });
    expect(run1(k({}, G, 0)).post).toEqual(k({ 7: WHAT }, G - 107n, 2));
  });
});

// ---------------------------------------------------------------- 0041

describe('spec-notes/0041 MOVE of a DATA cap to another CNode', () => {
  test('move_mapped_data_to_child_arrives_unmapped', () => {
    // object = slot 70 of VM 1 through HANDLE 65: the cap arrives with no page mapped, base 16 and RW kept.
    const regs = { 11: 6n, 12: refs(64, (65 << 8) | 70) };
    const k = (gas: bigint, pc: number, s0: Record<number, CapSnapshot>, s1: Record<number, CapSnapshot>) =>
      kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs, slots: { 65: handle(1), ...s0 } }), vm({ id: 1, slots: s1 })] });
    expect(run1(k(G, 0, { 64: data(0, 2, { base: 16, access: 'W', mapped: [0, 1] }) }, {})).post).toEqual(k(G - 11n, 1, {}, { 70: data(0, 2, { base: 16, access: 'W' }) }));
  });

  test('move_mapped_data_within_cnode_keeps_mapping', () => {
    const regs = { 11: 6n, 12: refs(64, 70) };
    const k = (gas: bigint, pc: number, slots: Record<number, CapSnapshot>) => kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs, slots })] });
    expect(run1(k(G, 0, { 64: data(0, 2, { base: 16, access: 'W', mapped: [1] }) })).post).toEqual(k(G - 11n, 1, { 70: data(0, 2, { base: 16, access: 'W', mapped: [1] }) }));
  });
});

// ---------------------------------------------------------------- 0042

describe('spec-notes/0042 CALL on a DATA cap', () => {
  // Source DATA 64 = backing page 0 holding 1 2 3 4 5; destination DATA 65 = backing page 1.
  const slots = { 64: data(0, 1), 65: data(1, 1) };
  const k = (r: Record<number, bigint>, gas: bigint, pc: number, backing: BackingPage[]) =>
    kernel({ code: [ECALLI(64)], backing, vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots })] });
  const src = page(0, { 0: 1, 1: 2, 2: 3, 3: 4, 4: 5 });

  test('call_data_copies_bytes', () => {
    // φ7 = 1 source offset, φ8 = 3 bytes, φ9 = 4 destination offset, φ12 = 65: bytes 2 3 4 land at 4..6 of page 1; φ7 := 3.
    const regs = { 7: 1n, 8: 3n, 9: 4n, 12: 65n };
    expect(run1(k(regs, G, 0, [src])).post).toEqual(k({ ...regs, 7: 3n }, G - 107n, 2, [src, page(1, { 4: 2, 5: 3, 6: 4 })]));
  });

  test('call_data_zero_length_what', () => {
    const regs = { 7: 1n, 8: 0n, 9: 4n, 12: 65n };
    expect(run1(k(regs, G, 0, [src])).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2, [src]));
  });

  test('call_data_no_destination_what', () => {
    const regs = { 7: 1n, 8: 3n, 9: 4n, 12: 0n };
    expect(run1(k(regs, G, 0, [src])).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2, [src]));
  });

  test('call_data_out_of_bounds_what', () => {
    // 4094 + 3 > 4096 bytes of the destination.
    const regs = { 7: 0n, 8: 3n, 9: 4094n, 12: 65n };
    expect(run1(k(regs, G, 0, [src])).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2, [src]));
  });
});

// ---------------------------------------------------------------- 0043

describe('spec-notes/0043 callee gas after a fault', () => {
  test('child_trap_returns_gas_to_caller', () => {
    // trap block 1 gas: VM 0 gets 500 − 1 back; VM 1 keeps 0.
    const pre = kernel({ code: [TRAP], active: 1, stack: [frame(0)], vms: [vm({ id: 0, status: 'waiting', gas: 7n }), vm({ id: 1, status: 'running', gas: 500n })] });
    expect(run1(pre).post).toEqual(kernel({ code: [TRAP], vms: [vm({ id: 0, status: 'running', gas: 506n, regs: { 7: 0n, 8: 1n } }), vm({ id: 1, status: 'faulted', gas: 0n })] }));
  });

  test('child_page_fault_returns_gas_to_caller', () => {
    // load_u8 φ7 <- [0x20000] with nothing mapped: page fault (status 4, φ7 = 0x20000), pc kept; block 25 − 3 = 22.
    const prog = image(['34 07 00 00 02', '00']);
    const pre = kernel({ code: [prog], active: 1, stack: [frame(0)], vms: [vm({ id: 0, status: 'waiting', gas: 7n }), vm({ id: 1, status: 'running', gas: 500n })] });
    expect(run1(pre).post).toEqual(kernel({ code: [prog], vms: [vm({ id: 0, status: 'running', gas: 485n, regs: { 7: 0x20000n, 8: 4n } }), vm({ id: 1, status: 'faulted', gas: 0n })] }));
  });
});

// ---------------------------------------------------------------- 0044

describe('spec-notes/0044 IPC passing details', () => {
  const callee = (slots: Record<number, CapSnapshot>, status: VmStatusName = 'idle', gas = 0n, regs: Record<number, bigint> = {}) => vm({ id: 1, status, gas, regs, slots });

  test('call_ipc_slot_from_low_byte', () => {
    // φ12 = 0xabcd0046: only the low byte (0x46 = 70) names the IPC slot.
    const regs = { 12: 0xabcd0046n };
    const pre = kernel({ code: [ECALLI(65)], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1), 70: codeCap(0) } }), callee({})] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(65)], active: 1, stack: [frame(0, 70, null)],
      vms: [vm({ id: 0, status: 'waiting', pc: 2, gas: 0n, regs, slots: { 65: handle(1) } }), callee({ 0: codeCap(0) }, 'running', G - 117n)],
    }));
  });

  test('call_empty_ipc_slot_passes_nothing', () => {
    const regs = { 12: 70n };
    const pre = kernel({ code: [ECALLI(65)], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1) } }), callee({})] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(65)], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 2, gas: 0n, regs, slots: { 65: handle(1) } }), callee({}, 'running', G - 117n)],
    }));
  });

  test('call_occupied_callee_slot_0_what', () => {
    // VM 1's slot 0 is taken: WHAT before anything moves; only the 97 + 10 are charged (no overhead).
    const regs = { 12: 70n };
    const s0 = { 65: handle(1), 70: codeCap(0) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALLI(65)], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: s0 }), callee({ 0: protocol(2) })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 107n, 2));
  });
});

// ---------------------------------------------------------------- 0045

describe('spec-notes/0045 SET_MAX_GAS', () => {
  test('set_max_gas_on_handle', () => {
    const regs = { 7: 5000n, 11: 0x0bn, 12: refs(65) };
    const k = (gas: bigint, pc: number, cap: CapSnapshot) => kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs, slots: { 65: cap } }), vm({ id: 1 })] });
    expect(run1(k(G, 0, handle(1))).post).toEqual(k(G - 11n, 1, handle(1, 5000n)));
  });

  test('set_max_gas_on_callable_what', () => {
    const regs = { 7: 5000n, 11: 0x0bn, 12: refs(65) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 65: callable(1) } }), vm({ id: 1 })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });
});

// ---------------------------------------------------------------- 0046

describe('spec-notes/0046 MAP access byte', () => {
  const mapCase = (access: bigint) => {
    const regs = { 7: 16n, 8: 0n, 9: 1n, 10: access, 11: 2n, 12: refs(64) };
    return { regs, ...run1(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 64: data(0, 2) } })] })) };
  };

  test('map_access_0_read_only', () => {
    const { regs, post } = mapCase(0n);
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: { 64: data(0, 2, { base: 16, access: 'R', mapped: [0] }) } })] }));
  });

  test('map_access_2_what', () => {
    const { regs, post } = mapCase(2n);
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs: { ...regs, 7: WHAT }, slots: { 64: data(0, 2) } })] }));
  });
});

// ---------------------------------------------------------------- 0047

describe('spec-notes/0047 original bits', () => {
  test('move_protocol_cap_clears_original', () => {
    // protocol GAS moves from slot 1 (original) to slot 40: not original there.
    const regs = { 11: 6n, 12: refs(1, 40) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 1: protocol(1), 2: protocol(2) }, original: [1, 2] })] });
    expect(run1(pre).post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: { 2: protocol(2), 40: protocol(1) }, original: [2] })] }));
  });

  test('copy_into_protocol_slot_clears_original', () => {
    // DROP of slot 3 is not observable alone; a COPY of protocol 1 into the emptied protocol slot 3 gives a cap that is not original.
    const regs = { 11: 7n, 12: refs(1, 3) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 1: protocol(1) }, original: [1] })] });
    expect(run1(pre).post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: { 1: protocol(1), 3: protocol(1) }, original: [1] })] }));
  });

  test('create_child_protocol_caps_not_original', () => {
    // bitmask bits 1, 2: the child gets protocol 1 and 2 in the same slots, with no original bit.
    const regs = { 7: 0b110n, 12: 70n };
    const pre = kernel({ code: [ECALLI(64)], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 1: protocol(1), 2: protocol(2), 64: codeCap(0) }, original: [1, 2] })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(64)],
      vms: [
        vm({ id: 0, status: 'running', pc: 2, gas: G - 107n, regs: { ...regs, 7: 70n }, slots: { 1: protocol(1), 2: protocol(2), 64: codeCap(0), 70: handle(1) }, original: [1, 2] }),
        vm({ id: 1, slots: { 1: protocol(1), 2: protocol(2) } }),
      ],
    }));
  });
});

// ---------------------------------------------------------------- 0048

describe('spec-notes/0048 protocol caps exit to the host', () => {
  test('ecalli_gas_protocol_exits_to_host', () => {
    // GAS (protocol 1, original) is not answered by the kernel: exit protocol 1 after 97 + 10 gas, pc after the ecalli.
    const slots = { 1: protocol(1) };
    const { exit, post } = run1(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'running', gas: G, slots, original: [1] })] }));
    expect(exit).toEqual({ kind: 'protocol', id: 1 });
    expect(post).toEqual(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 107n, slots, original: [1] })] }));
  });

  test('protocol_cap_in_other_slot_exits_with_its_id', () => {
    // STORAGE_R (id 4) sitting in slot 70: the exit names the cap's id 4, not the slot.
    const slots = { 70: protocol(4) };
    const { exit } = run1(kernel({ code: [ECALLI(70)], vms: [vm({ id: 0, status: 'running', gas: G, slots })] }));
    expect(exit).toEqual({ kind: 'protocol', id: 4 });
  });

  test('host_answer_sets_r7_r8', () => {
    const slots = { 1: protocol(1) };
    const { session } = run1(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'running', gas: G, regs: { 7: 1n, 8: 2n, 9: 3n }, slots })] }));
    session.resumeProtocolCall(G - 107n, 0n); // e.g. the host answers GAS with the remaining gas
    expect(session.snapshot()).toEqual(kernel({ code: [ECALLI(1)], vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 107n, regs: { 7: G - 107n, 8: 0n, 9: 3n }, slots })] }));
  });
});

// ---------------------------------------------------------------- 0049

describe('spec-notes/0049 ecall CALL kinds', () => {
  test('ecall_call_protocol_via_indirection_exits', () => {
    // subject = slot 2 of VM 1 through HANDLE 65: a protocol cap there exits with its id.
    const regs = { 11: 0n, 12: refs((65 << 8) | 2) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1) } }), vm({ id: 1, slots: { 2: protocol(2) } })] });
    const { exit, post } = run1(pre);
    expect(exit).toEqual({ kind: 'protocol', id: 2 });
    expect(post).toEqual(kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', pc: 1, gas: G - 11n, regs, slots: { 65: handle(1) } }), vm({ id: 1, slots: { 2: protocol(2) } })] }));
  });

  test('ecall_call_handle_starts_callee', () => {
    // op 0 on HANDLE 65: a CALL like ecalli's. The low byte of φ12 (0) names no IPC cap. VM 1 gets G − 1 − 10 − 10.
    const regs = { 7: 5n, 11: 0n, 12: refs(65) };
    const pre = kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1) } }), vm({ id: 1 })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALL], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 1, gas: 0n, regs, slots: { 65: handle(1) } }), vm({ id: 1, status: 'running', gas: G - 21n, regs: { 7: 5n } })],
    }));
  });

  test('ecall_call_untyped_what', () => {
    // op 0 never RETYPEs: WHAT, the allocator untouched.
    const regs = { 7: 1n, 11: 0n, 12: refs(80) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) =>
      kernel({ code: [ECALL], untyped: { offset: 0, total: 4 }, vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 80: untyped() } })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });

  test('ecall_call_code_what', () => {
    const regs = { 11: 0n, 12: refs(64) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 64: codeCap(0) } })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });
});

// ---------------------------------------------------------------- 0050

describe('spec-notes/0050 RESUME', () => {
  const child = (status: VmStatusName, gas = 0n) => vm({ id: 1, status, gas, pc: 5, code: 1, regs: { 7: 70n, 9: 90n } });

  test('resume_faulted_child_runs_on', () => {
    // VM 1 FAULTED at pc 5: it runs again from pc 5 with its own registers (no φ7..φ10 copy) and G − 1 − 10 − 10 gas.
    const regs = { 7: 1n, 11: 0x0dn, 12: refs(65) };
    const pre = kernel({ code: [ECALL, TRAP], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1) } }), child('faulted')] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALL, TRAP], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 1, gas: 0n, regs, slots: { 65: handle(1) } }), child('running', G - 21n)],
    }));
  });

  test('resume_with_max_gas_ceiling', () => {
    // HANDLE ceiling 300: VM 1 gets 300, VM 0 keeps G − 21 − 300.
    const regs = { 11: 0x0dn, 12: refs(65) };
    const pre = kernel({ code: [ECALL, TRAP], vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1, 300n) } }), child('faulted')] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALL, TRAP], active: 1, stack: [frame(0)],
      vms: [vm({ id: 0, status: 'waiting', pc: 1, gas: G - 321n, regs, slots: { 65: handle(1, 300n) } }), child('running', 300n)],
    }));
  });

  test('resume_idle_vm_what', () => {
    const regs = { 11: 0x0dn, 12: refs(65) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALL, TRAP], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 65: handle(1) } }), child('idle')] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });

  test('resume_through_indirection_what', () => {
    // The HANDLE of faulted VM 2 sits in VM 1's slot 66, reached through HANDLE 65: RESUME needs a local HANDLE.
    const regs = { 11: 0x0dn, 12: refs((65 << 8) | 66) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({
      code: [ECALL, TRAP],
      vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 65: handle(1) } }), vm({ id: 1, code: 1, slots: { 66: handle(2) } }), vm({ id: 2, status: 'faulted', code: 1 })],
    });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });

  test('resume_callable_what', () => {
    const regs = { 11: 0x0dn, 12: refs(65) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALL, TRAP], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 65: callable(1) } }), child('faulted')] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });
});

// ---------------------------------------------------------------- 0054

describe('spec-notes/0054 RETYPE of zero pages', () => {
  test('retype_zero_pages_makes_empty_data_cap', () => {
    // φ7 = 0 pages to slot 70: 97 (ecalli block) + 10 dispatch + (10 + 1500·0) = 117 gas; a DATA cap of 0 pages at the
    // current offset 3 (backing 3), unmapped; the offset stays 3; φ7 := 70.
    const regs = { 7: 0n, 12: 70n };
    const pre = kernel({ code: [ECALLI(80)], untyped: { offset: 3, total: 8 }, vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 80: untyped() } })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(80)], untyped: { offset: 3, total: 8 },
      vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 117n, regs: { ...regs, 7: 70n }, slots: { 70: data(3, 0), 80: untyped() } })],
    }));
  });

  test('retype_zero_pages_on_exhausted_allocator', () => {
    // offset = total = 8: 8 + 0 ≤ 8, so even a full allocator hands out an empty cap (backing 8, 0 pages); 117 gas.
    const regs = { 7: 0n, 12: 70n };
    const pre = kernel({ code: [ECALLI(80)], untyped: { offset: 8, total: 8 }, vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 80: untyped() } })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(80)], untyped: { offset: 8, total: 8 },
      vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 117n, regs: { ...regs, 7: 70n }, slots: { 70: data(8, 0), 80: untyped() } })],
    }));
  });
});

// ---------------------------------------------------------------- 0051

describe('spec-notes/0051 RETYPE', () => {
  test('retype_charges_10_plus_1500_per_page', () => {
    // φ7 = 2 pages to slot 70: 97 + 10 + (10 + 3000) gas; DATA {backing 3, 2 pages, unmapped}; offset 3 -> 5; φ7 := 70.
    const regs = { 7: 2n, 12: 70n };
    const pre = kernel({ code: [ECALLI(80)], untyped: { offset: 3, total: 8 }, vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 80: untyped() } })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(80)], untyped: { offset: 5, total: 8 },
      vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 3117n, regs: { ...regs, 7: 70n }, slots: { 70: data(3, 2), 80: untyped() } })],
    }));
  });

  test('retype_copies_share_one_allocator', () => {
    // Two UNTYPED copies (slots 80, 81) and one in VM 1: RETYPE through 81 bumps the single offset 4 -> 5.
    const regs = { 7: 1n, 12: 70n };
    const vms = (r: Record<number, bigint>, gas: bigint, pc: number, extra: Record<number, CapSnapshot>) =>
      [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 80: untyped(), 81: untyped(), ...extra } }), vm({ id: 1, slots: { 80: untyped() } })];
    const pre = kernel({ code: [ECALLI(81)], untyped: { offset: 4, total: 8 }, vms: vms(regs, G, 0, {}) });
    expect(run1(pre).post).toEqual(kernel({ code: [ECALLI(81)], untyped: { offset: 5, total: 8 }, vms: vms({ ...regs, 7: 70n }, G - 1617n, 2, { 70: data(4, 1) }) }));
  });

  test('retype_destination_through_indirection', () => {
    // φ12 = (65 << 8) | 70: the new DATA cap goes to VM 1's slot 70; φ7 := 70 (the slot, not the reference).
    const regs = { 7: 1n, 12: BigInt((65 << 8) | 70) };
    const pre = kernel({ code: [ECALLI(80)], untyped: { offset: 0, total: 8 }, vms: [vm({ id: 0, status: 'running', gas: G, regs, slots: { 65: handle(1), 80: untyped() } }), vm({ id: 1 })] });
    expect(run1(pre).post).toEqual(kernel({
      code: [ECALLI(80)], untyped: { offset: 1, total: 8 },
      vms: [vm({ id: 0, status: 'running', pc: 2, gas: G - 1617n, regs: { ...regs, 7: 70n }, slots: { 65: handle(1), 80: untyped() } }), vm({ id: 1, slots: { 70: data(0, 1) } })],
    }));
  });
});

// ---------------------------------------------------------------- 0052

describe('spec-notes/0052 φ11 op width', () => {
  test('ecall_op_high_bits_what', () => {
    // φ11 = 2^32 + 5 is not DROP (5): WHAT and slot 64 keeps its cap (Rust's u32 truncation would DROP it).
    const regs = { 11: 2n ** 32n + 5n, 12: refs(64) };
    const k = (r: Record<number, bigint>, gas: bigint, pc: number) => kernel({ code: [ECALL], vms: [vm({ id: 0, status: 'running', gas, pc, regs: r, slots: { 64: codeCap(0) } })] });
    expect(run1(k(regs, G, 0)).post).toEqual(k({ ...regs, 7: WHAT }, G - 11n, 1));
  });
});

// ---------------------------------------------------------------- 0053

describe('spec-notes/0053 kernel init', () => {
  test('init_protocol_manifest_untyped', () => {
    // memory_pages 4; CODE 64 (invoke); DATA 65: base page 16, 1 page, RW, data bytes aa bb. Init gas 1500 · 1 page.
    const blob = jar(4, 64, [entry(64, 0, 0, 0, 0, 0, 11), entry(65, 1, 16, 1, 1, 11, 2)], [...TRAP_SUB, 0xaa, 0xbb]);
    const s = modelKernel.load(blob, { gas: G });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.initGas).toBe(1500n);
    expect(s.value.snapshot()).toEqual(kernel({
      code: [image(['00'])], untyped: { offset: 1, total: 4 }, backing: [page(0, { 0: 0xaa, 1: 0xbb })],
      vms: [vm({ id: 0, status: 'running', gas: G - 1500n, slots: { ...protocolSlots, 64: codeCap(0), 65: data(0, 1, { base: 16, access: 'W', mapped: [0] }), 254: untyped() }, original: protocolIds })],
    }));
  });

  test('init_manifest_cap_over_protocol_slot', () => {
    // CODE in slot 1 replaces protocol GAS there; slot 1 loses its original bit.
    const blob = jar(0, 1, [entry(1, 0, 0, 0, 0, 0, 11)], TRAP_SUB);
    const s = modelKernel.load(blob, { gas: G });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.snapshot().vms).toEqual([vm({ id: 0, status: 'running', gas: G, slots: { ...protocolSlots, 1: codeCap(0) }, original: protocolIds.filter((k) => k !== 1) })]);
  });

  test('init_no_untyped_without_memory_pages', () => {
    const blob = jar(0, 64, [entry(64, 0, 0, 0, 0, 0, 11)], TRAP_SUB);
    const s = modelKernel.load(blob, { gas: G });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.snapshot().vms[0]?.slots.some((e) => e.slot === 254)).toBe(false);
    expect(s.value.snapshot().untyped).toEqual({ offset: 0, total: 0 });
  });

  test('init_data_caps_carved_in_manifest_order', () => {
    // Entries: DATA 70 (2 pages at page 32) then DATA 65 (1 page at page 16): 70 gets backing 0..1, 65 backing 2.
    const blob = jar(3, 64, [entry(64, 0, 0, 0, 0, 0, 11), entry(70, 1, 32, 2, 0, 0, 0), entry(65, 1, 16, 1, 1, 0, 0)], TRAP_SUB);
    const s = modelKernel.load(blob, { gas: G });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.snapshot().vms[0]?.slots.filter((e) => e.slot === 65 || e.slot === 70)).toEqual([
      { slot: 65, cap: data(2, 1, { base: 16, access: 'W', mapped: [0] }), original: false },
      { slot: 70, cap: data(0, 2, { base: 32, access: 'R', mapped: [0, 1] }), original: false },
    ]);
    expect(s.value.snapshot().untyped).toEqual({ offset: 3, total: 3 });
    expect(s.value.initGas).toBe(4500n);
  });

  test('init_six_code_caps_rejected', () => {
    const blob = jar(0, 64, [64, 65, 66, 67, 68, 69].map((slot) => entry(slot, 0, 0, 0, 0, 0, 11)), TRAP_SUB);
    const s = modelKernel.load(blob, { gas: G });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.class).toBe('too_many_code_caps');
  });

  test('init_gas_short_out_of_gas', () => {
    // 1 DATA page costs 1500; 1499 cannot pay: the first run() ends in out-of-gas with no instruction executed.
    const blob = jar(1, 64, [entry(64, 0, 0, 0, 0, 0, 11), entry(65, 1, 16, 1, 1, 0, 0)], TRAP_SUB);
    const s = modelKernel.load(blob, { gas: 1499n });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.run()).toEqual({ exit: { kind: 'oog' }, steps: 0 });
    expect(s.value.snapshot().vms[0]?.gas).toBe(0n);
  });
});
