/**
 * Spec-fidelity cases: the decisions where the kit's reading of jarchain/jar (4f0890c8) was not written
 * down before (issue 12). One group per spec-note:
 * - 0056: a jar1 CODE sub-blob may not end with ecall (Lean `Decode.isTerminator` at load time).
 * - 0057: a VM entered with no gas faults out of gas to its caller (Rust `run`), not the invocation.
 * - 0058: manifest rejections neither source makes (duplicate slots, overlapping DATA caps, data longer
 *   than its cap, pages past the address space).
 * - 0059: the gp deblob: z = 0 only with an empty jump table, nothing after the bitmask.
 * Each case states by hand what must follow; programs are hand-encoded (./asm.ts), not assembled.
 * `FIDELITY_NOTES` adds these notes to cases of other tables that pin the same decisions.
 */
import { snapshotJson, toHex, u64, type DecodeExpected, type DecodeFormat, type Jar1ProgramExpected, type KernelExpected, type KernelInput, type ProgramStepJson } from '../lib/format.js';
import { frame, handle, kernel, vm } from '../lib/kernel-build.js';
import { LOW, type CodeImage, type LoadErrorClass, type Profile } from '../lib/types.js';
import { bytes, codeBlob, image, manifest, noArgs, oneImm, oneOffset, op, regExtImm, regImm, twoReg, TRAP, type ManifestCap } from './asm.js';
import type { Case } from './case.js';

// ---- hand encoders ----
const ECALL = noArgs(3);
const ecalli = (n: number): string => oneImm(10, n);
const REPLY = ecalli(0);
/** Sets a register: load_imm below 2^31 (its immediate sign-extends), else load_imm_64. */
const li = (r: number, v: bigint): string => (v < 0x80000000n ? regImm(op('load_imm'), r, v) : regExtImm(op('load_imm_64'), r, v));
const save = (to: number, from: number): string => twoReg(op('move_reg'), to, from);
/** CREATE a VM from the CODE cap at `code` into HANDLE slot `dst`, copying the slots of `bitmask` (0..63). */
const create = (code: number, dst: number, bitmask = 0n): string[] => [li(7, bitmask), li(12, BigInt(dst)), ecalli(code)];
/** An ecall op (φ11) on subject/object slots, with φ7 as given. */
const ecallOp = (opNo: bigint, subject: number, object: number, r7: bigint): string[] => [li(7, r7), li(11, opNo), li(12, (BigInt(subject) << 32n) | BigInt(object)), ECALL];
const setMaxGas = (slot: number, gas: bigint): string[] => ecallOp(0x0bn, slot, 0, gas);
const downgrade = (slot: number, to: number): string[] => ecallOp(0x0an, slot, to, 0n);
/** CALL the cap at `slot`, passing nothing (φ12 = 0). */
const call = (slot: number): string[] => [li(12, 0n), ecalli(slot)];

const codeEntry = (slot: number, c: CodeImage): ManifestCap => ({ slot, type: 0, data: codeBlob(c) });
const dataEntry = (slot: number, basePage: number, pageCount: number, data: Uint8Array = new Uint8Array()): ManifestCap => ({ slot, type: 1, basePage, pageCount, access: 1, data });
const okCode = image([li(7, 5n), REPLY]);

// ---- case shapes ----

function decodeCase(name: string, profile: Profile, format: DecodeFormat, notes: string[], description: string, blob: Uint8Array, want: LoadErrorClass | 'accepted'): Case {
  return {
    name, runner: 'decode', profiles: [profile], handler: format, edge: want, notes, description, input: () => ({ format, blob: toHex(blob) }),
    check: (x) => {
      const e = x as DecodeExpected;
      const got = e.accepted ? 'accepted' : e.class;
      return got === want ? null : `decoded as ${got}, want ${want}`;
    },
  };
}

const kindOf = (s: ProgramStepJson): string => s.exit?.kind ?? 'none';

/** A jar1 program run to its exits; `exits` are the kinds in order, `regs` those of the last exit. */
function programCase(name: string, handler: string, notes: string[], description: string, blob: Uint8Array, gas: bigint, exits: string[], regs: Record<number, bigint>): Case {
  return {
    name, runner: 'program', profiles: ['jar1'], handler, edge: null, notes, description,
    input: () => ({ blob: toHex(blob), gas: u64(gas), reg7: u64(0n), args: '', host: [] }),
    check: (x) => {
      const e = x as Jar1ProgramExpected;
      const bad: string[] = [];
      if (!e.accepted) bad.push(`rejected (${e.class})`);
      if (e.exits.map(kindOf).join(',') !== exits.join(',')) bad.push(`exits ${e.exits.map(kindOf).join(',')}, want ${exits.join(',')}`);
      const last = e.exits.at(-1);
      for (const [i, v] of Object.entries(regs)) if (last?.regs[Number(i)] !== u64(v)) bad.push(`r${i} = ${last?.regs[Number(i)]}, want ${u64(v)}`);
      return bad.length === 0 ? null : bad.join('; ');
    },
  };
}

/** One kernel transition from `pre`; `want` is checked by hand: the exit, the active VM, VM 0's φ7/φ8 and VM 1's status. */
function kernelCase(name: string, description: string, pre: ReturnType<typeof kernel>, want: { exit: string | null; active?: number; r7?: bigint; r8?: bigint; faulted?: number }): Case {
  return {
    name, runner: 'kernel', profiles: ['jar1'], handler: 'child_stop', edge: 'status_3_oog_low', notes: ['0057'], description,
    input: (): KernelInput => ({ pre: snapshotJson(pre) }),
    check: (x) => {
      const e = x as KernelExpected;
      const bad: string[] = [];
      const v0 = e.post.vms.find((v) => v.id === 0);
      if ((e.exit?.kind ?? null) !== want.exit) bad.push(`exit ${JSON.stringify(e.exit)}, want ${want.exit}`);
      if (want.active !== undefined && e.post.active !== want.active) bad.push(`active ${e.post.active}`);
      if (want.r7 !== undefined && v0?.regs[7] !== u64(want.r7)) bad.push(`VM 0 r7 = ${v0?.regs[7]}`);
      if (want.r8 !== undefined && v0?.regs[8] !== u64(want.r8)) bad.push(`VM 0 r8 = ${v0?.regs[8]}`);
      if (want.faulted !== undefined && e.post.vms.find((v) => v.id === want.faulted)?.status !== 'faulted') bad.push(`VM ${want.faulted} not faulted`);
      return bad.length === 0 ? null : bad.join('; ');
    },
  };
}

// ---- 0056: ecall does not end a jar1 code blob ----

function ecallEndCases(): Case[] {
  const endsInEcall = image([li(7, 5n), ECALL]);
  return [
    decodeCase('jar1_code_ending_in_ecall_rejected', 'jar1', 'code_blob', ['0056', '0019'], 'a CODE sub-blob load_imm; ecall: ecall is not in Lean\'s Decode.isTerminator, so validateBasicBlocks rejects it', codeBlob(endsInEcall), 'invalid_code'),
    decodeCase('jar1_manifest_code_ending_in_ecall_rejected', 'jar1', 'jar_manifest', ['0056', '0019'], 'the invoked CODE cap ends in ecall: the whole blob is rejected', manifest(0, 64, [codeEntry(64, endsInEcall)]), 'invalid_code'),
    decodeCase('jar1_ecall_before_final_trap_accepted', 'jar1', 'code_blob', ['0056'], 'ecall inside the code is fine: load_imm; ecall; trap ends in a terminator', codeBlob(image([li(7, 5n), ECALL, TRAP])), 'accepted'),
    decodeCase('jar1_code_ending_in_ecalli_accepted', 'jar1', 'code_blob', ['0056'], 'ecalli (10) is in Lean\'s set: load_imm; ecalli 0 is accepted', codeBlob(okCode), 'accepted'),
  ];
}

// ---- 0057: a VM entered with no gas ----

function zeroGasCases(): Case[] {
  // root: CREATE VM 1 from slot 65, SET_MAX_GAS 0 on its HANDLE (70), CALL it, keep φ7/φ8 in r0/r1, REPLY.
  const child = image([REPLY]);
  const root = image([...create(65, 70), ...setMaxGas(70, 0n), ...call(70), save(0, 7), save(1, 8), REPLY]);
  // root → VM 1 (max gas 1000) → VM 2 (a jump-to-self loop, all of VM 1's gas after the overhead); VM 2 runs
  // dry, VM 1 gets back 0 gas and is entered with 0 at its REPLY.
  const loop = image([oneOffset(op('jump'), 0)]);
  const middle = image([ecalli(40), REPLY]);
  const root2 = image([...create(66, 71), ...downgrade(71, 40), ...create(65, 70, 1n << 40n), ...setMaxGas(70, 1000n), ...call(70), save(0, 7), save(1, 8), REPLY]);
  return [
    programCase('prog_callee_with_max_gas_0_faults_out_of_gas', 'call_handle', ['0057'], 'SET_MAX_GAS 0 on a HANDLE, then CALL it: the callee is entered with 0 gas, fails its first block charge and faults with status 3; the root sees LOW / 3 and REPLYs LOW (Lean: the whole invocation would end out of gas)',
      manifest(8, 64, [codeEntry(64, root), codeEntry(65, child)]), 1_000_000n, ['halt'], { 0: LOW, 1: 3n, 7: LOW }),
    programCase('prog_caller_left_with_no_gas_faults_to_its_caller', 'child_stop', ['0057', '0043'], 'VM 1 (1000 gas) CALLs VM 2 through a CALLABLE and keeps nothing after the 10-gas overhead; VM 2 loops until it runs out; VM 1 is entered with 0 gas at its REPLY and faults with status 3 to the root, which REPLYs LOW (Lean: out of gas for the whole invocation)',
      manifest(8, 64, [codeEntry(64, root2), codeEntry(65, middle), codeEntry(66, loop)]), 1_000_000n, ['halt'], { 0: LOW, 1: 3n }),
    kernelCase('child_entered_with_zero_gas_faults_to_caller', 'VM 1 is running at pc 0 with 0 gas (its caller VM 0 is WAITING at pc 5): its block charge fails (no instruction runs), it faults with status 3, and VM 0 runs on with φ7 = LOW, φ8 = 3 (its load_imm at pc 5 is the one instruction of the step)', kernel({
      vms: [vm({ id: 0, status: 'waiting', gas: 500n, pc: 5, slots: { 64: handle(1) } }), vm({ id: 1, status: 'running', code: 1, gas: 0n })],
      code: [image([ecalli(64), li(0, 1n), TRAP]), image([REPLY])], active: 1, stack: [frame(0)],
    }), { exit: null, active: 0, r7: LOW, r8: 3n, faulted: 1 }),
    kernelCase('root_entered_with_zero_gas_oog', 'the root is running at pc 0 with 0 gas: the invocation ends out of gas (both sources agree for the root)', kernel({
      vms: [vm({ id: 0, status: 'running', gas: 0n })], code: [image([REPLY])],
    }), { exit: 'oog' }),
  ];
}

// ---- 0058: manifest rejections neither source makes ----

function manifestCases(): Case[] {
  const m = (pages: number, caps: ManifestCap[]): Uint8Array => manifest(pages, 64, [codeEntry(64, okCode), ...caps]);
  return [
    decodeCase('manifest_two_data_entries_one_slot_rejected', 'jar1', 'jar_manifest', ['0058'], 'two DATA entries for slot 65 on disjoint pages: duplicate_cap (Lean maps both, Rust keeps the second in the slot and leaves the first one\'s pages mapped)', m(4, [dataEntry(65, 0x20, 1), dataEntry(65, 0x30, 1)]), 'duplicate_cap'),
    decodeCase('manifest_nested_data_caps_rejected', 'jar1', 'jar_manifest', ['0058'], 'a 1-page DATA cap at 0x21 inside a 3-page one at 0x20: overlapping_pages', m(4, [dataEntry(65, 0x20, 3), dataEntry(66, 0x21, 1)]), 'overlapping_pages'),
    decodeCase('manifest_adjacent_data_caps_accepted', 'jar1', 'jar_manifest', ['0058'], 'DATA caps at pages 0x20..0x21 and 0x22: adjacent, not overlapping', m(4, [dataEntry(65, 0x20, 2), dataEntry(66, 0x22, 1)]), 'accepted'),
    decodeCase('manifest_zero_page_data_cap_inside_another_accepted', 'jar1', 'jar_manifest', ['0058'], 'a 3-page DATA cap at 0x20 (slot 65), then a 0-page one at 0x20 (slot 66) and one at 0x21 (slot 67): a cap of no pages overlaps nothing, whatever the entry order', m(4, [dataEntry(65, 0x20, 3), dataEntry(66, 0x20, 0), dataEntry(67, 0x21, 0)]), 'accepted'),
    decodeCase('manifest_data_longer_than_cap_rejected', 'jar1', 'jar_manifest', ['0058'], '4097 initial bytes for a 1-page DATA cap: out_of_bounds', m(4, [dataEntry(65, 0x20, 1, new Uint8Array(4097).fill(0xab))]), 'out_of_bounds'),
    decodeCase('manifest_data_filling_cap_accepted', 'jar1', 'jar_manifest', ['0058'], '4096 initial bytes for a 1-page DATA cap fill it exactly', m(4, [dataEntry(65, 0x20, 1, new Uint8Array(4096).fill(0xab))]), 'accepted'),
    decodeCase('manifest_pages_past_address_space_rejected', 'jar1', 'jar_manifest', ['0058'], 'a DATA cap of 2 pages at page 0xFFFFF reaches page 2^20: out_of_bounds', m(4, [dataEntry(65, 0xfffff, 2)]), 'out_of_bounds'),
    decodeCase('manifest_last_page_of_address_space_accepted', 'jar1', 'jar_manifest', ['0058'], 'a DATA cap of 1 page at page 0xFFFFF (the last page below 2^32) is accepted', m(4, [dataEntry(65, 0xfffff, 1)]), 'accepted'),
  ];
}

// ---- 0059: the gp deblob ----

function gpDeblobCases(): Case[] {
  return [
    decodeCase('gp_deblob_entry_size_0_empty_table_accepted', 'gp', 'gp_deblob', ['0059'], '|j| = 0, z = 0, |c| = 1, trap: accepted (the w3f blobs use z = 0 for an empty table; Lean\'s deblob rejects z = 0)', bytes('00 00 01 00 01'), 'accepted'),
    decodeCase('gp_deblob_entry_size_0_with_table_rejected', 'gp', 'gp_deblob', ['0059'], '|j| = 1 with z = 0: bad_entry_size', bytes('01 00 01 00 01'), 'bad_entry_size'),
    decodeCase('gp_deblob_trailing_byte_rejected', 'gp', 'gp_deblob', ['0059'], 'one byte after the bitmask: trailing_bytes (the GP\'s deblob is the exact concatenation; Lean and anan-as ignore the byte)', bytes('00 01 01 00 01 ff'), 'trailing_bytes'),
  ];
}

/** Notes this file's decisions add to cases of other tables (by case name). */
export const FIDELITY_NOTES: Readonly<Record<string, readonly string[]>> = {
  invalid_blob_duplicate_cap: ['0058'],
  invalid_blob_overlapping_pages: ['0058'],
  invalid_blob_trailing_bytes: ['0059'],
  invalid_gp_blob_bad_entry_size: ['0059'],
};

/** Every case of this file. */
export function fidelityCases(): Case[] {
  return [...ecallEndCases(), ...zeroGasCases(), ...manifestCases(), ...gpDeblobCases()];
}

/** The cases of all tables with FIDELITY_NOTES added to the ones it names, and this file's cases after them. */
export function withFidelity(cases: readonly Case[]): Case[] {
  const amended = cases.map((c) => {
    const more = FIDELITY_NOTES[c.name];
    return more === undefined ? c : { ...c, notes: [...new Set([...c.notes, ...more])] };
  });
  return [...amended, ...fidelityCases()];
}
