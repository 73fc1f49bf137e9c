/**
 * One test per vector case named in the blob-loading spec-notes 0019-0022 (the names are the future
 * vector names, so they must not change), on the model's jar1 loader. The other core notes' pins are
 * engine-neutral tables (harness/test/tables/spec-notes.ts, run here by model/test/isa.test.ts). Every
 * program is hand-encoded; every expected value is derived by hand in the comment next to it from the
 * note's Decision, spec/pvm-core.md (encodings, cost table) and the JAR v2 format, never from the
 * model's output.
 *
 * Encodings used throughout (spec/pvm-core.md section 2):
 * - TwoReg `op B1`: dest = B1 & 15, source = B1 >> 4.
 * - TwoRegOneImm `op B1 x..`: rA = B1 & 15, rB = B1 >> 4, x = X(min(4, ℓ-1) bytes). Loads/ALU write
 *   rA from φ[rB]; store_ind stores φ[rA] at φ[rB] + x.
 * - ThreeReg `op B1 B2`: rA = B1 & 15, rB = B1 >> 4, rD = min(12, B2).
 * - OneRegOneImm `op B1 x..`: rA = B1 & 15, x sign-extended from the remaining bytes (at most 4).
 * - jar1 gas (single-pass, pvm-core.md 5.2-5.3): an instruction decoded when 4 slots are already used
 *   moves to the next cycle; done = max(cycle, ready of its sources) + cycles; cost = max(maxDone-3, 1).
 *   Rows used here: trap/fallthrough 2 cycles 1 slot; unlikely 40/1; ecalli 100/4; jump 15/1;
 *   load_imm 1/1 (dst A); load_imm_64 1/2 (dst A); loads/stores memCycles (25)/1; add_64 1, slots
 *   1 if A = B or A = D else 2; shifts 207 1 cycle, 2 slots if B = A else 3; div 60/4;
 *   branches 1 (target is trap/unlikely) or 20; default row (invalid, ecall, sbrk, reverse_bytes) 1/1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreRunResult } from '../../vectors/lib/types.js';
import { loadJar1, modelCore, parseCode, parseJarBlob, runJar1 } from '../index.js';
import { byteAt, gasUsed, hex, run, useCoreEngine } from '../../harness/test/tables/core.js';
import { expectExit, expectFault } from '../../harness/test/tables/isa/util.js';

beforeAll(() => useCoreEngine(modelCore));
afterAll(() => useCoreEngine(null));

// JAR v2 blobs (pvm-core.md 4.1): 'J','A','R',2 ‖ u32 memory_pages ‖ u8 cap_count ‖ u8 invoke_cap ‖ 19-byte entries
// (u8 slot, u8 type 0 CODE / 1 DATA, u32 base_page, u32 page_count, u8 access 0 RO / 1 RW, u32 data_offset,
// u32 data_len) ‖ data section. A CODE sub-blob: u32 jump_len ‖ u8 entry_size ‖ u32 code_len ‖ table ‖ code ‖
// packed bitmask (LSB first).

/** A u32 as 4 little-endian hex bytes. */
const u32 = (n: number): string => [n, n >>> 8, n >>> 16, n >>> 24].map((b) => (b & 255).toString(16).padStart(2, '0')).join(' ');

/** A 19-byte cap entry. */
const entry = (slot: number, type: 0 | 1, basePage: number, pageCount: number, rw: 0 | 1, offset: number, length: number): string =>
  `${slot.toString(16).padStart(2, '0')} 0${type} ${u32(basePage)} ${u32(pageCount)} 0${rw} ${u32(offset)} ${u32(length)}`;

/** A whole blob: header, entries, data section. */
const jar = (memoryPages: number, invoke: number, entries: readonly string[], data: string): Uint8Array =>
  hex(`4a 41 52 02 ${u32(memoryPages)} ${entries.length.toString(16).padStart(2, '0')} ${invoke.toString(16).padStart(2, '0')} ${entries.join(' ')} ${data}`);

/** A CODE sub-blob with a 1-byte-entry jump table; `code` and `bitmask` are hex. */
const codeBlob = (code: string, bitmask: string, table: readonly number[] = []): string =>
  `${u32(table.length)} 01 ${u32(hex(code).length)} ${table.map((t) => t.toString(16).padStart(2, '0')).join(' ')} ${code} ${bitmask}`;

/** A blob with only a CODE cap in slot 64 (invoked) holding `sub` at data offset 0. */
const codeOnly = (sub: string, memoryPages = 0): Uint8Array => jar(memoryPages, 0x40, [entry(0x40, 0, 0, 0, 0, 0, hex(sub).length)], sub);

/** The load error class of a blob, or 'ok'. */
function loadClass(blob: Uint8Array): string {
  const p = parseJarBlob(blob);
  return p.ok ? 'ok' : p.error.class;
}

/** runJar1's result, failing the test on a load error. */
function runBlob(blob: Uint8Array, gas: bigint, args?: Uint8Array): CoreRunResult {
  const r = runJar1(blob, args === undefined ? { gas } : { gas, args });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('spec-notes/0019 blob validation', () => {
  it('jar1_code_without_final_terminator_rejected', () => {
    // code `33 07 01` (bitmask 01): the last instruction is load_imm, not a terminator
    expect(loadClass(codeOnly(codeBlob('33 07 01', '01')))).toBe('invalid_code');
  });
  it('jar1_jump_table_entry_inside_instruction_rejected', () => {
    // code `33 07 01 00`, bitmask bits 0 and 3 = 0x09; table [1]: pc 1 is inside load_imm
    expect(loadClass(codeOnly(codeBlob('33 07 01 00', '09', [1])))).toBe('invalid_code');
  });
  it('jar1_jump_table_entry_zero_accepted', () => {
    // table [0] (allowed by validateBasicBlocks), code `00`
    expect(loadClass(codeOnly(codeBlob('00', '01', [0])))).toBe('ok');
  });
  it('jar1_code_sub_blob_past_its_data_range_rejected', () => {
    // The CODE cap's range is the first 10 bytes: 9-byte header (code_len 1) + code `00`; its bitmask byte `01`
    // lies in the data section but outside the range (Lean, bounded by the whole blob, would read it).
    const blob = jar(0, 0x40, [entry(0x40, 0, 0, 0, 0, 0, 10)], `${u32(0)} 01 ${u32(1)} 00 01`);
    expect(loadClass(blob)).toBe('out_of_bounds');
  });
  it('jar1_data_range_past_data_section_rejected', () => {
    // CODE sub-blob `00000000 01 01000000 00 01` (11 bytes) at 0; DATA cap 65 claims bytes [11, 12): past the 11-byte section
    const sub = codeBlob('00', '01');
    const blob = jar(1, 0x40, [entry(0x40, 0, 0, 0, 0, 0, 11), entry(0x41, 1, 16, 1, 1, 11, 1)], sub);
    expect(loadClass(blob)).toBe('out_of_bounds');
  });
  it('jar1_bytes_after_bitmask_accepted', () => {
    // two bytes `ff ff` after the bitmask, inside the CODE cap's range
    expect(loadClass(codeOnly(`${codeBlob('00', '01')} ff ff`))).toBe('ok');
  });
  it('gp_code_without_final_terminator_accepted', () => {
    // deblob: |j| = 0, z = 0, |c| = 3, code `33 07 01`, bitmask 01 -> accepted; running falls off the end: trap at 3
    const p = parseCode('gp', hex('00 00 03 33 07 01 01'));
    expect(p.ok).toBe(true);
    const r = run(['33 07 01'], { profile: 'gp' });
    expectExit(r, 'trap', 3);
  });
});

describe('spec-notes/0020 a DATA cap maps exactly its pages', () => {
  // CODE 64 + DATA 65 (base page 16, 1 page, RW, no data), memory_pages 1. Code: store_imm_u8 (30 = 0x1E) `1E 03 a a a AB`:
  // lX = 3 -> address X(3, ...), ℓ = 5 -> y = X(1, 0xAB); then `00`. Bitmask: bits 0 and 6 = 0x41.
  // Gas: init 1500 (note 0021) + block [store 25 cycles, trap 2] -> 22 = 1522.
  const blob = (address: string): Uint8Array => {
    const sub = codeBlob(`1E 03 ${address} AB 00`, '41');
    return jar(1, 0x40, [entry(0x40, 0, 0, 0, 0, 0, hex(sub).length), entry(0x41, 1, 16, 1, 1, 0, 0)], sub);
  };
  it('init_maps_last_page_of_data_cap', () => {
    // address 0x010FFF (`FF 0F 01`), the last byte of page 16
    const r = runBlob(blob('FF 0F 01'), 10_000n);
    expectExit(r, 'trap', 6);
    expect(byteAt(r, 0x10fff)).toBe(0xab);
    expect(r.state.pages).toEqual([{ address: 0x10000, length: 4096, access: 'W' }]);
    expect(gasUsed(r, 10_000n)).toBe(1522n);
  });
  it('init_does_not_map_page_after_data_cap', () => {
    // address 0x011000 (`00 10 01`): page 17, which Lean's over-mapping (pages 16..32) would make writable
    const r = runBlob(blob('00 10 01'), 10_000n);
    expectFault(r, 0x11000n, 0);
    expect(gasUsed(r, 10_000n)).toBe(1522n);
  });
});

describe('spec-notes/0021 init gas', () => {
  // CODE 64 (trap only) + DATA 65 (page 16, 1 page, RW) + DATA 66 (page 32, 2 pages, RO): 3 DATA pages -> 4500 gas
  const sub = codeBlob('00', '01');
  const caps = [entry(0x40, 0, 0, 0, 0, 0, 11), entry(0x41, 1, 16, 1, 1, 0, 0), entry(0x42, 1, 32, 2, 0, 0, 0)];
  it('init_gas_1500_per_data_page', () => {
    // 3 x 1500 + the trap block 1 = 4501
    const r = runBlob(jar(3, 0x40, caps, sub), 10_000n);
    expectExit(r, 'trap', 0);
    expect(gasUsed(r, 10_000n)).toBe(4501n);
  });
  it('init_gas_short_is_out_of_gas_at_pc_0', () => {
    const r = runBlob(jar(3, 0x40, caps, sub), 4499n);
    expectExit(r, 'oog', 0);
    expect(r.state.gas).toBe(0n);
    expect(r.steps).toBe(0);
  });
  it('no_data_caps_no_init_gas', () => {
    // CODE only: just the trap block, 1
    const r = runBlob(codeOnly(sub), 1000n);
    expectExit(r, 'trap', 0);
    expect(gasUsed(r)).toBe(1n);
  });
  it('data_pages_over_memory_pages_rejected', () => {
    // 3 DATA pages, memory_pages 2
    expect(loadClass(jar(2, 0x40, caps, sub))).toBe('too_many_pages');
  });
});

describe('spec-notes/0022 args placement', () => {
  // Code: `7C 8A` load_ind_u8 r10 := [r8 + 0]; `00` trap. Bitmask bits 0, 2 = 0x05.
  const sub = codeBlob('7C 8A 00', '05');
  /** CODE 64 + a DATA cap in `slot` at `basePage` (1 page, RW), memory_pages 1. */
  const blob = (slot: number, basePage: number): Uint8Array =>
    jar(1, 0x40, [entry(0x40, 0, 0, 0, 0, 0, hex(sub).length), entry(slot, 1, basePage, 1, 1, 0, 0)], sub);
  const args = hex('AA BB CC');
  it('args_at_slot_0_data_cap_base', () => {
    // slot-0 cap at page 32 = 0x20000: args there, φ8 = 0x20000, φ9 = 3; r10 := [0x20000] = 0xAA
    const r = runBlob(blob(0, 32), 10_000n, args);
    expectExit(r, 'trap', 2);
    expect(r.state.regs[8]).toBe(0x20000n);
    expect(r.state.regs[9]).toBe(3n);
    expect(r.state.regs[10]).toBe(0xaan);
    expect([byteAt(r, 0x20000), byteAt(r, 0x20001), byteAt(r, 0x20002)]).toEqual([0xaa, 0xbb, 0xcc]);
  });
  it('no_args_leaves_r8_r9_zero', () => {
    // no args: φ8 = φ9 = 0 (not the base), so the load reads [0]: page 0 is unmapped -> fault 0
    const r = runBlob(blob(0, 32), 10_000n);
    expectFault(r, 0n, 0);
    expect(r.state.regs[8]).toBe(0n);
    expect(r.state.regs[9]).toBe(0n);
  });
  it('args_with_slot_0_cap_at_page_0', () => {
    // base 0: args written at 0 (Lean's `argsBase > 0` would skip them), φ8 = 0, φ9 = 3, r10 := [0] = 0xAA
    const r = runBlob(blob(0, 0), 10_000n, args);
    expectExit(r, 'trap', 2);
    expect(r.state.regs[9]).toBe(3n);
    expect(r.state.regs[10]).toBe(0xaan);
  });
  it('args_without_slot_0_data_cap_rejected', () => {
    // the DATA cap is in slot 65: nowhere to put the args
    const r = loadJar1(blob(0x41, 32), { gas: 10_000n, args });
    expect(r.ok ? 'ok' : r.error.class).toBe('out_of_bounds');
  });
  it('args_larger_than_slot_0_cap_rejected', () => {
    // 4097 bytes do not fit one 4096-byte page
    const r = loadJar1(blob(0, 32), { gas: 10_000n, args: new Uint8Array(4097) });
    expect(r.ok ? 'ok' : r.error.class).toBe('out_of_bounds');
  });
});
