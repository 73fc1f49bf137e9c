/**
 * One test per vector case named in the core spec-notes 0001-0018 and 0023-0028 (the names are the
 * future vector names, so they must not change), run on any core engine (the blob-loading notes
 * 0019-0022 need the model's jar1 loader: model/test/spec-notes.test.ts). Every program is
 * hand-encoded; every expected value is derived by hand in the comment next to it from the note's
 * Decision and spec/pvm-core.md (encodings, cost table), never from an engine's output.
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
import { describe, expect, it } from 'vitest';
import type { CoreRunResult } from '../../../vectors/lib/types.js';
import { byteAt, gasUsed, hex, run, type RunOptions } from './core.js';
import { ONES, expectExit, expectFault } from './isa/util.js';

/** Registers the core spec-note pins (describe/it) for the engine describeCoreTables has set. */
export function specNoteTables(): void {
  /** The 13 registers with `set` applied over zeros. */
  const regs = (set: Readonly<Record<number, bigint>> = {}): bigint[] => Array.from({ length: 13 }, (_, i) => set[i] ?? 0n);

  /** Expects an ecalli exit with `id` and pc at `pc`. */
  function expectEcalli(r: CoreRunResult, id: number, pc: number): void {
    expect(r.exit).toEqual({ kind: 'ecalli', id });
    expect(r.state.pc).toBe(pc);
  }

  const RW = (address: number): RunOptions['pages'] => [{ address, length: 4096, access: 'W' }];

  describe('spec-notes/0001 arithmetic shift rounds toward minus infinity', () => {
    // shar_r_64 = 209 = 0xD1, `D1 87 09`: r9 := r7 >>a (r8 mod 64).
    it('shar_r_64_negative_rounds_down', () => {
      // 0x8000000000000075 = -2^63 + 117; / 8 = -2^60 + 14.625 -> floor -2^60 + 14 = 0xF00000000000000E
      const r = run(['D1 87 09', '00'], { regs: { 7: 0x8000000000000075n, 8: 3n } });
      expectExit(r, 'trap', 3);
      expect(r.state.regs[9]).toBe(0xf00000000000000en);
    });
    it('shar_r_64_minus_one_stays_minus_one', () => {
      // -1 >>a 1 = floor(-0.5) = -1 (Lean's truncation would give 0)
      const r = run(['D1 87 09', '00'], { regs: { 7: ONES, 8: 1n } });
      expect(r.state.regs[9]).toBe(ONES);
    });
    it('shar_r_64_shift_63_of_min_is_minus_one', () => {
      // -2^63 >>a 63 = -1 (Lean's wrapped divisor would give 1)
      const r = run(['D1 87 09', '00'], { regs: { 7: 0x8000000000000000n, 8: 63n } });
      expect(r.state.regs[9]).toBe(ONES);
    });
    it('shar_r_imm_32_negative_rounds_down', () => {
      // shar_r_imm_32 = 140 = 0x8C, `8C 89 01`: r9 := s32(i32(r8) >>a 1); i32(0xFFFFFFF9) = -7 -> floor(-3.5) = -4
      const r = run(['8C 89 01', '00'], { regs: { 8: 0xfffffff9n } });
      expect(r.state.regs[9]).toBe(0xfffffffffffffffcn);
    });
    it('shar_r_imm_alt_64_minus_one_stays_minus_one', () => {
      // shar_r_imm_alt_64 = 157 = 0x9D, `9D 89 FF`: r9 := x >>a r8 with x = X(1, 0xFF) = -1; -1 >>a 5 = -1
      const r = run(['9D 89 FF', '00'], { regs: { 8: 5n } });
      expect(r.state.regs[9]).toBe(ONES);
    });
  });

  describe('spec-notes/0002 sign_extend_8/16 look only at the low bits', () => {
    // sign_extend_8 = 108 = 0x6C, sign_extend_16 = 109 = 0x6D; `78`: r8 := f(r7)
    it('sign_extend_8_ignores_high_bits', () => {
      // 0x1234 mod 2^8 = 0x34, sign bit clear -> 0x34
      const r = run(['6C 78', '00'], { regs: { 7: 0x1234n } });
      expect(r.state.regs[8]).toBe(0x34n);
    });
    it('sign_extend_8_negative_byte', () => {
      // 0x1280 mod 2^8 = 0x80 -> -128 -> 0xFFFFFFFFFFFFFF80
      const r = run(['6C 78', '00'], { regs: { 7: 0x1280n } });
      expect(r.state.regs[8]).toBe(0xffffffffffffff80n);
    });
    it('sign_extend_16_ignores_high_bits', () => {
      // 0xABCD12345678 mod 2^16 = 0x5678, sign bit clear -> 0x5678
      const r = run(['6D 78', '00'], { regs: { 7: 0xabcd12345678n } });
      expect(r.state.regs[8]).toBe(0x5678n);
    });
  });

  describe('spec-notes/0003 ThreeReg destination is the whole byte', () => {
    it('add_64_dest_byte_16_clamps_to_r12', () => {
      // add_64 = 200 = 0xC8, `C8 87 10`: rA = 7, rB = 8, rD = min(12, 0x10) = 12: r12 := 5 + 6 = 11; r0 untouched
      const r = run(['C8 87 10', '00'], { regs: { 7: 5n, 8: 6n } });
      expectExit(r, 'trap', 3);
      expect(r.state.regs).toEqual(regs({ 7: 5n, 8: 6n, 12: 11n }));
    });
    it('three_reg_gas_reads_dest_byte_low_nibble', () => {
      // pc0 `CB 00 00` div_u_64: runs r0 := r0 / r0 = 0/0 = 2^64-1. Gas: dst A = r0, 60 cycles, 4 slots -> r0 ready at 60.
      // pc3 `C8 11 10` add_64: runs r12 := r1 + r1 = 0. Gas: A = 1, B = 1, D = 0x10 & 15 = 0 -> sources r1, r0;
      //   4 slots used -> cycle 1; start = max(1, ready r0 = 60) = 60, done 61 (whole byte D = 12 would give 2).
      // pc6 `00` trap: cycle 1, done 3. maxDone 61 -> cost 58 (the whole-byte reading would give 60 - 3 = 57).
      const r = run(['CB 00 00', 'C8 11 10', '00']);
      expectExit(r, 'trap', 6);
      expect(r.state.regs[0]).toBe(ONES);
      expect(gasUsed(r)).toBe(58n);
    });
  });

  describe('spec-notes/0004 load_imm_jump_ind reads the old rB and keeps its write', () => {
    it('load_imm_jump_ind_same_reg_targets_old_value', () => {
      // pc0 `33 07 02` r7 := 2. pc3 `B4 77 02 D2 04` (180): rA = rB = 7, lX = 2, x = 0x04D2 = 1234, y = 0 (no bytes left):
      // address = old r7 + 0 = 2 -> entry j[0] = 9 (in ϖ: after the trap at 8); r7 := 1234.
      // pc8 `00`. pc9 `14 09 EF BE AD DE 00 00 00 00` r9 := 0xDEADBEEF. pc19 `00` trap.
      const r = run(['33 07 02', 'B4 77 02 D2 04', '00', '14 09 EF BE AD DE 00 00 00 00', '00'], { jumpTable: [9] });
      expectExit(r, 'trap', 19);
      expect(r.state.regs[7]).toBe(1234n);
      expect(r.state.regs[9]).toBe(0xdeadbeefn);
    });
    it('load_imm_jump_ind_write_kept_on_panic', () => {
      // `B4 87 02 D2 04`: rA = 7, rB = 8 = 0 -> address 0 -> panic at pc 0; r7 := 1234 persists
      const r = run(['B4 87 02 D2 04', '00']);
      expectExit(r, 'panic', 0);
      expect(r.state.regs[7]).toBe(1234n);
    });
  });

  describe('spec-notes/0005 dynamic jump rules', () => {
    // jump_ind = 50 = 0x32, `32 07`: a = (r7 + 0) mod 2^32; ϖ = {0, 2 (after the jump), 3 (after the trap)}
    it('djump_address_zero_panics', () => {
      expectExit(run(['32 07', '00'], { jumpTable: [2] }), 'panic', 0);
    });
    it('djump_halt_address_halts', () => {
      // a = 0xFFFF0000 = 2^32 - 2^16: halt, pc stays at the jump
      expectExit(run(['32 07', '00'], { regs: { 7: 0xffff0000n } }), 'halt', 0);
    });
    it('djump_odd_address_panics', () => {
      // a = 3 is odd: panic (Lean would use entry 3/2 = 1 -> pc 2 and trap there)
      expectExit(run(['32 07', '00'], { regs: { 7: 3n }, jumpTable: [2] }), 'panic', 0);
    });
    it('djump_index_beyond_table_panics', () => {
      // a = 4 -> index 2 > |j| = 1: panic
      expectExit(run(['32 07', '00'], { regs: { 7: 4n }, jumpTable: [2] }), 'panic', 0);
    });
    it('djump_table_entry_zero_jumps_to_pc_0', () => {
      // pc0 `95 88 01` add_imm_64 r8 := r8 + 1. pc3 `51 18 02 06` branch_eq_imm (81): ra = 8, lX = 1, x = 2, target 3 + 6 = 9.
      // pc7 `32 07` jump_ind r7 = 2 -> j[0] = 0 -> pc 0 (0 is in ϖ). pc9 `00` trap (in ϖ: after the jump_ind).
      // Round 1: r8 = 1, not taken, jump to 0; round 2: r8 = 2, taken -> trap at 9. (Lean: entry 0 halts at 7.)
      const r = run(['95 88 01', '51 18 02 06', '32 07', '00'], { regs: { 7: 2n }, jumpTable: [0] });
      expectExit(r, 'trap', 9);
      expect(r.state.regs[8]).toBe(2n);
    });
    it('djump_target_not_block_start_panics', () => {
      // pc0 `32 07` a = 2 -> j[0] = 5; pc2 `33 08 01` load_imm; pc5 `00`. ϖ = {0, 2, 6}: 5 is an instruction start
      // but follows a non-terminator -> panic at 0, r8 untouched
      const r = run(['32 07', '33 08 01', '00'], { regs: { 7: 2n }, jumpTable: [5] });
      expectExit(r, 'panic', 0);
      expect(r.state.regs[8]).toBe(0n);
    });
  });

  describe('spec-notes/0006 static targets must start a basic block', () => {
    it('jump_to_mid_block_instruction_panics', () => {
      // pc0 `28 05` jump (40) to 0 + 5; pc2 `33 07 01`; pc5 `00`. ϖ = {0, 2, 6}: 5 is not in it -> panic at 0
      const r = run(['28 05', '33 07 01', '00']);
      expectExit(r, 'panic', 0);
      expect(r.state.regs[7]).toBe(0n);
    });
    it('branch_taken_to_non_block_start_panics', () => {
      // pc0 `51 07 06` branch_eq_imm: ra = 7, lX = 0 -> x = 0, offset X(1, 6) -> target 6; pc3 `33 08 01`; pc6 `00`.
      // ϖ = {0, 3, 7}. r7 = 0 = x: taken, 6 not in ϖ -> panic at 0
      const r = run(['51 07 06', '33 08 01', '00']);
      expectExit(r, 'panic', 0);
      expect(r.state.regs[8]).toBe(0n);
    });
    it('branch_not_taken_ignores_invalid_target', () => {
      // same program, r7 = 1 != 0: not taken, the target is never checked -> r8 := 1, trap at 6
      const r = run(['51 07 06', '33 08 01', '00'], { regs: { 7: 1n } });
      expectExit(r, 'trap', 6);
      expect(r.state.regs[8]).toBe(1n);
    });
  });

  describe('spec-notes/0007 page-fault address', () => {
    it('store_u32_straddle_faults_at_second_page', () => {
      // store_ind_u32 = 122 = 0x7A, `7A 78`: [r7 + 0] := r8 (4 bytes). r7 = 0x10FFE: bytes 0x10FFE..0x11001;
      // only page 0x10000 is RW -> lowest denied 0x11000 -> fault 0x11000 at pc 0, nothing written
      const r = run(['7A 78', '00'], { regs: { 7: 0x10ffen, 8: 0x11223344n }, pages: RW(0x10000) });
      expectFault(r, 0x11000n, 0);
      expect(r.state.memory).toEqual([]);
    });
    it('store_straddle_first_page_missing_faults_at_first_page', () => {
      // only page 0x11000 is RW: lowest denied 0x10FFE -> its page base 0x10000
      const r = run(['7A 78', '00'], { regs: { 7: 0x10ffen, 8: 1n }, pages: RW(0x11000) });
      expectFault(r, 0x10000n, 0);
    });
    it('load_unaligned_fault_reports_page_base', () => {
      // load_ind_u16 = 126 = 0x7E, `7E 7A`: r10 := [r7]; r7 = 0x20123, no pages -> fault 0x20000
      const r = run(['7E 7A', '00'], { regs: { 7: 0x20123n } });
      expectFault(r, 0x20000n, 0);
      expect(r.state.regs[10]).toBe(0n);
    });
  });

  describe('spec-notes/0008 effective addresses are reduced mod 2^32', () => {
    // load_u8 = 52 = 0x34, `34 07 00 00 00 80`: r7 := [X(4, 0x80000000)] = [0xFFFFFFFF80000000] -> 0x80000000 mod 2^32
    it('load_u8_absolute_negative_immediate_faults_at_2_31', () => {
      expectFault(run(['34 07 00 00 00 80', '00']), 0x80000000n, 0);
    });
    it('load_u8_absolute_negative_immediate_reads_mod_2_32', () => {
      const r = run(['34 07 00 00 00 80', '00'], {
        pages: [{ address: 0x80000000, length: 4096, access: 'R' }],
        memory: [{ address: 0x80000000, bytes: hex('5A') }],
      });
      expectExit(r, 'trap', 6);
      expect(r.state.regs[7]).toBe(0x5an);
    });
    it('store_straddling_2_32_wraps_to_page_0', () => {
      // store_ind_u16 = 121 = 0x79, `79 78`: [r7] := r8 (2 bytes); r7 = 0xFFFFFFFF -> bytes 0xFFFFFFFF and 0 (jar1: page 0 is ordinary)
      const r = run(['79 78', '00'], { regs: { 7: 0xffffffffn, 8: 0xbbaan }, pages: [...(RW(0) ?? []), ...(RW(0xfffff000) ?? [])] });
      expectExit(r, 'trap', 2);
      expect(byteAt(r, 0xffffffff)).toBe(0xaa);
      expect(byteAt(r, 0)).toBe(0xbb);
    });
    it('store_straddling_2_32_faults_at_page_0_when_unmapped', () => {
      // only the last page mapped: byte 0 is the lowest denied address -> fault 0
      const r = run(['79 78', '00'], { regs: { 7: 0xffffffffn, 8: 0xbbaan }, pages: RW(0xfffff000) });
      expectFault(r, 0n, 0);
      expect(r.state.memory).toEqual([]);
    });
  });

  describe('spec-notes/0009 read-only pages and holes are enforced', () => {
    it('store_to_read_only_page_faults', () => {
      // store_ind_u8 = 120 = 0x78, `78 78`: [r7] := r8; page 0x10000 is R -> fault 0x10000
      const r = run(['78 78', '00'], { regs: { 7: 0x10000n, 8: 0x55n }, pages: [{ address: 0x10000, length: 4096, access: 'R' }] });
      expectFault(r, 0x10000n, 0);
      expect(r.state.memory).toEqual([]);
    });
    it('load_from_read_only_page_succeeds', () => {
      // load_ind_u8 = 124 = 0x7C, `7C 7A 05`: r10 := [r7 + 5] = [0x10005] = 0x42
      const r = run(['7C 7A 05', '00'], {
        regs: { 7: 0x10000n },
        pages: [{ address: 0x10000, length: 4096, access: 'R' }],
        memory: [{ address: 0x10005, bytes: hex('42') }],
      });
      expectExit(r, 'trap', 3);
      expect(r.state.regs[10]).toBe(0x42n);
    });
    it('store_into_hole_between_pages_faults', () => {
      // pages 0x10000 and 0x12000 RW, store at 0x11000 (the hole) -> fault 0x11000
      const r = run(['78 78', '00'], { regs: { 7: 0x11000n, 8: 1n }, pages: [...(RW(0x10000) ?? []), ...(RW(0x12000) ?? [])] });
      expectFault(r, 0x11000n, 0);
    });
    it('straddling_store_rw_then_ro_writes_nothing', () => {
      // store_ind_u32 at 0x10FFE: 0x10FFE, 0x10FFF on the RW page, 0x11000.. on the R page -> fault 0x11000, no byte written
      const r = run(['7A 78', '00'], {
        regs: { 7: 0x10ffen, 8: 0xaabbccddn },
        pages: [{ address: 0x10000, length: 4096, access: 'W' }, { address: 0x11000, length: 4096, access: 'R' }],
      });
      expectFault(r, 0x11000n, 0);
      expect(r.state.memory).toEqual([]);
    });
  });

  describe('spec-notes/0010 state after out-of-gas', () => {
    // `02` unlikely: 40 cycles -> block cost 37; `00` trap alone: 2 cycles -> 1
    it('oog_at_block_entry_sets_gas_zero', () => {
      const r = run(['02', '00'], { gas: 36n });
      expectExit(r, 'oog', 0);
      expect(r.state.gas).toBe(0n);
    });
    it('oog_at_second_block_reports_its_start_pc', () => {
      // block 0 [unlikely] 37 of 50 -> 13 left; block 1 [unlikely] needs 37 -> oog at pc 1, gas 0
      const r = run(['02', '02', '00'], { gas: 50n });
      expectExit(r, 'oog', 1);
      expect(r.state.gas).toBe(0n);
    });
    it('gas_equal_to_block_cost_is_enough', () => {
      // 37 + 1 = 38 exactly: trap at 1 with 0 left
      const r = run(['02', '00'], { gas: 38n });
      expectExit(r, 'trap', 1);
      expect(r.state.gas).toBe(0n);
    });
  });

  describe('spec-notes/0011 step fuel is not a rule', () => {
    it('cheap_block_runs_past_gas_plus_one_instructions', () => {
      // 10 x `33 07 01` (1 cycle, 1 slot, no sources): 4 per cycle -> cycles 0,0,0,0,1,1,1,1,2,2, done <= 3;
      // trap at pc 30: cycle 2, done 4. maxDone 4 -> cost 1. With gas 1, 11 instructions run (> gas + 1 = 2).
      const r = run([...Array.from({ length: 10 }, () => '33 07 01'), '00'], { gas: 1n });
      expectExit(r, 'trap', 30);
      expect(r.state.gas).toBe(0n);
      expect(r.steps).toBe(11);
    });
  });

  describe('spec-notes/0012 memCycles tier from memory_pages', () => {
    // `34 07 00 00 01` load_u8 r7 := [0x10000] (page R): memCycles cycles, no sources; trap 2 -> cost memCycles - 3
    const load = (memoryPages: number): CoreRunResult => run(['34 07 00 00 01', '00'], { memoryPages, pages: [{ address: 0x10000, length: 4096, access: 'R' }] });
    const cases: [string, number, bigint][] = [
      ['mem_cycles_tier_2048_pages_costs_25', 2048, 22n],
      ['mem_cycles_tier_2049_pages_costs_50', 2049, 47n],
      ['mem_cycles_tier_8192_pages_costs_50', 8192, 47n],
      ['mem_cycles_tier_8193_pages_costs_75', 8193, 72n],
      ['mem_cycles_tier_65536_pages_costs_75', 65536, 72n],
      ['mem_cycles_tier_65537_pages_costs_100', 65537, 97n],
    ];
    for (const [name, pages, gas] of cases) {
      it(name, () => {
        const r = load(pages);
        expectExit(r, 'trap', 5);
        expect(gasUsed(r)).toBe(gas);
      });
    }
  });

  describe('spec-notes/0013 the cost table is Lean\'s', () => {
    it('reverse_bytes_gas_uses_default_row', () => {
      // pc0 `CB 77 07` div_u_64: runs r7 := r7 / r7 = 0/0 = 2^64-1; gas: dst A = r7 ready at 60 (4 slots).
      // pc3 `6F 78` reverse_bytes (111): runs r8 := bswap(r7) = 2^64-1. Default row: no sources, cycle 1 -> done 2
      //   (Rust's row reads r7: done 61). pc5 trap: done 3. maxDone 60 -> cost 57 (Rust: 58).
      const r = run(['CB 77 07', '6F 78', '00']);
      expectExit(r, 'trap', 5);
      expect(r.state.regs[8]).toBe(ONES);
      expect(gasUsed(r)).toBe(57n);
    });
    it('sbrk_gas_uses_default_row', () => {
      // 8 x load_imm_64 (1 cycle, 2 slots, no sources) `14 0k` + 8 zero bytes: two per cycle, cycles 0..3, done <= 4.
      // pc80 `65 00` sbrk: 4 slots used -> cycle 4; default row 1 cycle -> done 5 (Rust's 2 cycles: 6). The block ends
      // at the end of the code. maxDone 5 -> cost 2 (Rust: 3). sbrk then panics (note 0015).
      const ldi = Array.from({ length: 8 }, (_, k) => `14 0${k} 00 00 00 00 00 00 00 00`);
      const r = run([...ldi, '65 00']);
      expectExit(r, 'panic', 80);
      expect(gasUsed(r)).toBe(2n);
    });
    it('missing_operand_byte_reads_as_register_0', () => {
      // pc0 `CB 00 00` div_u_64: runs r0 := 0/0 = 2^64-1; gas: dst r0 ready at 60.
      // pc3 `C8` add_64 with no operand bytes: runs r0 := r0 + r0 = 2^64-2; gas: A, B, D read 0 -> sources r0:
      //   cycle 1, start 60, done 61 (Rust's r12 gives 2). Then pc 4 = |c|: trap (same block).
      // maxDone 61 -> cost 58 (Rust: 57).
      const r = run(['CB 00 00', 'C8']);
      expectExit(r, 'trap', 4);
      expect(r.state.regs[0]).toBe(0xfffffffffffffffen);
      expect(gasUsed(r)).toBe(58n);
    });
    it('shift_slot_rule_compares_clamped_registers', () => {
      // pc0 `33 07 01` load_imm: 1 slot. pc3 `CF ED 00` shlo_l_64 (207): nibbles A = 13, B = 14, clamped both 12 ->
      // B = A -> 2 slots (raw nibbles differ -> 3). Runs r0 := r12 << r12 = 0. Slots used: 1 + 2 = 3.
      // pc6 `02` unlikely: 3 < 4 -> still cycle 0, done 40 -> block cost 37 (3 slots: 1 + 3 = 4 -> cycle 1, done 41, cost 38).
      // pc7 `00` trap: new block, cost 1. Total 38.
      const r = run(['33 07 01', 'CF ED 00', '02', '00']);
      expectExit(r, 'trap', 7);
      expect(gasUsed(r)).toBe(38n);
    });
  });

  describe('spec-notes/0014 ecall ends a gas block', () => {
    it('ecall_ends_gas_block', () => {
      // pc0 `03` ecall (default row: 1 cycle) is a terminator: block 0 = [ecall], maxDone 1 -> cost 1.
      // (Lean's block would run on into pc1 `02` unlikely, done 40 -> cost 37.) Exit ecall, pc = next = 1.
      const r = run(['03', '02', '00']);
      expectExit(r, 'ecall', 1);
      expect(gasUsed(r)).toBe(1n);
    });
    it('ecall_resume_charges_next_block', () => {
      // Resuming at pc 1: block [unlikely] 40 - 3 = 37, then block [trap] 1 -> 38, trap at 2.
      // Under Lean this 37 would be paid a second time (already in block 0's cost).
      const r = run(['03', '02', '00'], { pc: 1 });
      expectExit(r, 'trap', 2);
      expect(gasUsed(r)).toBe(38n);
    });
    it('ecall_ends_gp_gas_block', () => {
      // gp: block 0 = [ecall] -> 1 instruction (without the terminator: ecall, load_imm, trap = 3)
      const r = run(['03', '33 07 01', '00'], { profile: 'gp' });
      expectExit(r, 'ecall', 1);
      expect(gasUsed(r)).toBe(1n);
    });
    it('jump_to_after_ecall_is_block_start', () => {
      // pc0 `28 03` jump to 3; pc2 `03` ecall; pc3 `00`. 3 is in ϖ only because ecall is a terminator.
      // Gas: [jump] 15 cycles -> 12, then [trap] 1 -> 13.
      const r = run(['28 03', '03', '00']);
      expectExit(r, 'trap', 3);
      expect(gasUsed(r)).toBe(13n);
    });
  });

  describe('spec-notes/0015 sbrk is an invalid opcode', () => {
    // `65 78` = sbrk (101) r8 <- r7 under the old ISA; r7 = 4096 would have been the size
    it('sbrk_panics', () => {
      // jar1 block [sbrk 1 cycle, trap 2] -> cost 1; panic at pc 0, registers unchanged
      const r = run(['65 78', '00'], { regs: { 7: 4096n } });
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regs({ 7: 4096n }));
      expect(gasUsed(r)).toBe(1n);
    });
    it('sbrk_panics_gp', () => {
      // gp block [sbrk, trap] = 2 instructions
      const r = run(['65 78', '00'], { profile: 'gp', regs: { 7: 4096n } });
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regs({ 7: 4096n }));
      expect(gasUsed(r)).toBe(2n);
    });
  });

  describe('spec-notes/0016 running past the end traps', () => {
    it('fall_off_end_traps_at_code_length', () => {
      // `33 07 01` alone: r7 := 1, next pc 3 = |c| -> trap at 3. Block [load_imm] done 1 -> cost 1.
      const r = run(['33 07 01']);
      expectExit(r, 'trap', 3);
      expect(r.state.regs[7]).toBe(1n);
      expect(gasUsed(r)).toBe(1n);
    });
    it('jump_to_code_length_traps', () => {
      // `28 02` jump to 2 = |c| (in ϖ: right after the jump) -> trap at 2. Gas: [jump] 12 + block at 2 (trap row) 1 = 13.
      const r = run(['28 02']);
      expectExit(r, 'trap', 2);
      expect(gasUsed(r)).toBe(13n);
    });
    it('fall_off_end_gp_traps', () => {
      // gp: trap at 3 (w3f: "panic"); gas = load_imm + the implicit trap = 2
      const r = run(['33 07 01'], { profile: 'gp' });
      expectExit(r, 'trap', 3);
      expect(gasUsed(r)).toBe(2n);
    });
  });

  describe('spec-notes/0017 an invalid opcode panics at its pc', () => {
    it('invalid_opcode_panics_at_its_pc', () => {
      // r7 := 1, then 0xFF at pc 3: panic at 3 (Rust's fast path skips it and traps at 4)
      const r = run(['33 07 01', 'FF', '00']);
      expectExit(r, 'panic', 3);
      expect(r.state.regs[7]).toBe(1n);
    });
    it('unassigned_opcode_4_panics', () => {
      expectExit(run(['04', '00']), 'panic', 0);
    });
  });

  describe('spec-notes/0018 entering at an invalid pc', () => {
    // `33 07 01 | 02 | 00`, entered at pc 1 (inside load_imm). The walk from 1: byte 0x07 (invalid, default row:
    // 1 cycle), skip(1) = 1 -> pc 3 `02` unlikely: cycle 0, done 40, terminator. Cost 37.
    it('entry_inside_instruction_charges_block_then_panics', () => {
      const r = run(['33 07 01', '02', '00'], { pc: 1 });
      expectExit(r, 'panic', 1);
      expect(gasUsed(r)).toBe(37n);
    });
    it('entry_inside_instruction_out_of_gas_first', () => {
      const r = run(['33 07 01', '02', '00'], { pc: 1, gas: 36n });
      expectExit(r, 'oog', 1);
      expect(r.state.gas).toBe(0n);
    });
  });

  describe('spec-notes/0023 a fault keeps the faulting pc', () => {
    // pc0 `33 08 2A` r8 := 42; pc3 `78 78` store_ind_u8 [r7] := r8 with r7 = 0x20000; pc5 `00`.
    const program = ['33 08 2A', '78 78', '00'];
    it('page_fault_keeps_pc_at_faulting_instruction', () => {
      // no pages: fault 0x20000 at pc 3 (not 0, not 5); r8 = 42 stays.
      // Gas: load_imm done 1; store reads r8 -> start 1, done 26; trap done 2 -> 23.
      const r = run(program, { regs: { 7: 0x20000n } });
      expectFault(r, 0x20000n, 3);
      expect(r.state.regs[8]).toBe(42n);
      expect(gasUsed(r)).toBe(23n);
    });
    it('retry_after_fault_reexecutes_instruction', () => {
      // the pager maps 0x20000 and the VM runs on from the faulted state (pc 3, r8 = 42): the store is retried.
      // A fresh block from pc 3: store 25 cycles (sources ready at 0), trap 2 -> 22.
      const r = run(program, { pc: 3, regs: { 7: 0x20000n, 8: 42n }, pages: RW(0x20000) });
      expectExit(r, 'trap', 5);
      expect(byteAt(r, 0x20000)).toBe(42);
      expect(gasUsed(r)).toBe(22n);
    });
  });

  describe('spec-notes/0024 skip is capped at 24', () => {
    it('skip_cap_after_terminator_lands_at_pc_25', () => {
      // `01` fallthrough followed by 25 non-start bytes (pcs 1..25), `00` at 26: skip(0) = min(24, 25) = 24 -> next 25.
      // 25 is in ϖ (after fallthrough) but K(25) = 0 -> panic at 25 (Rust's fast path: skip 0 -> pc 1).
      // Gas: [fallthrough] 1 + block at 25 (byte 0 = trap row) 1 = 2.
      const r = run([`01 ${'00 '.repeat(25)}`, '00']);
      expectExit(r, 'panic', 25);
      expect(gasUsed(r)).toBe(2n);
    });
    it('skip_cap_load_imm_continues_at_pc_25', () => {
      // `33 07 05` + 23 zero bytes (an instruction of 26 bytes), `00` at 26: ℓ = 24, x = X(4, 05 00 00 00) = 5,
      // next pc 25 (same block, K(25) = 0) -> panic at 25 with r7 = 5.
      const r = run([`33 07 05 ${'00 '.repeat(23)}`, '00']);
      expectExit(r, 'panic', 25);
      expect(r.state.regs[7]).toBe(5n);
    });
  });

  describe('spec-notes/0025 the ecalli id is the low 32 bits', () => {
    // ecalli (10) cost: 100 cycles, 4 slots -> block cost 97
    it('ecalli_small_immediate', () => {
      const r = run(['0A 05', '00']);
      expectEcalli(r, 5, 2);
      expect(gasUsed(r)).toBe(97n);
    });
    it('ecalli_negative_immediate_low_32_bits', () => {
      // X(1, 0x80) = 0xFFFFFFFFFFFFFF80 -> mod 2^32 = 0xFFFFFF80
      expectEcalli(run(['0A 80', '00']), 0xffffff80, 2);
    });
    it('ecalli_without_immediate_bytes_is_0', () => {
      // ℓ = 0 -> lX = 0 -> 0; pc after = 1
      expectEcalli(run(['0A', '00']), 0, 1);
    });
    it('ecalli_immediate_reads_at_most_4_bytes', () => {
      // ℓ = 5 -> lX = 4: LE(78 56 34 12) = 0x12345678; the fifth byte FF is ignored; pc after = 6
      expectEcalli(run(['0A 78 56 34 12 FF', '00']), 0x12345678, 6);
    });
  });

  describe('spec-notes/0026 gp gas: instructions per block, charged at entry', () => {
    it('gp_block_cost_counts_instructions', () => {
      // [load_imm, load_imm, trap] = 3
      const r = run(['33 07 01', '33 08 02', '00'], { profile: 'gp' });
      expectExit(r, 'trap', 6);
      expect(gasUsed(r)).toBe(3n);
    });
    it('gp_fall_off_end_counts_trap', () => {
      // [load_imm, load_imm] + the implicit trap at 6 = 3
      const r = run(['33 07 01', '33 08 02'], { profile: 'gp' });
      expectExit(r, 'trap', 6);
      expect(gasUsed(r)).toBe(3n);
    });
    it('gp_block_paid_in_full_before_panic', () => {
      // [load_imm, 0xFF, load_imm, trap] = 4 charged at entry; panic at 3 after r7 := 1
      const r = run(['33 07 01', 'FF', '33 08 02', '00'], { profile: 'gp' });
      expectExit(r, 'panic', 3);
      expect(r.state.regs[7]).toBe(1n);
      expect(r.state.regs[8]).toBe(0n);
      expect(gasUsed(r)).toBe(4n);
    });
    it('gp_out_of_gas_at_block_entry', () => {
      // the 3-instruction block needs 3, gas 2 -> oog at pc 0, gas 0, nothing ran
      const r = run(['33 07 01', '33 08 02', '00'], { profile: 'gp', gas: 2n });
      expectExit(r, 'oog', 0);
      expect(r.state.gas).toBe(0n);
      expect(r.state.regs[7]).toBe(0n);
    });
    it('gp_second_block_charged_on_entry', () => {
      // [load_imm, fallthrough] = 2 of 3, then [load_imm, trap] needs 2 with 1 left -> oog at pc 4, r7 = 1
      const r = run(['33 07 01', '01', '33 08 02', '00'], { profile: 'gp', gas: 3n });
      expectExit(r, 'oog', 4);
      expect(r.state.gas).toBe(0n);
      expect(r.state.regs[7]).toBe(1n);
    });
  });

  describe('spec-notes/0027 gp guard zone', () => {
    // load_u8 (52 = 0x34) `34 07 a..`: r7 := [X(a)]
    it('gp_access_below_0x10000_panics', () => {
      // address X(2, 0x1000) = 0x1000, unmapped, below 0x10000 -> panic
      expectExit(run(['34 07 00 10', '00'], { profile: 'gp' }), 'panic', 0);
    });
    it('gp_access_at_0x10000_faults', () => {
      // address X(3, 0x010000) = 0x10000, unmapped -> fault at its page 0x10000
      expectFault(run(['34 07 00 00 01', '00'], { profile: 'gp' }), 0x10000n, 0);
    });
    it('gp_straddle_into_guard_zone_panics', () => {
      // load_u16 (54 = 0x36) at X(3, 0x00FFFF) = 0xFFFF with page 0x10000 readable: byte 0xFFFF is denied,
      // and 0xFFFF < 0x10000 -> panic
      const r = run(['36 07 FF FF 00', '00'], { profile: 'gp', pages: [{ address: 0x10000, length: 4096, access: 'R' }] });
      expectExit(r, 'panic', 0);
    });
    it('gp_mapped_page_below_0x10000_is_accessible', () => {
      // page 0x1000 readable with 0x77 at 0x1000: nothing is denied, so no guard-zone panic: r7 := 0x77
      const r = run(['34 07 00 10', '00'], {
        profile: 'gp',
        pages: [{ address: 0x1000, length: 4096, access: 'R' }],
        memory: [{ address: 0x1000, bytes: hex('77') }],
      });
      expectExit(r, 'trap', 4);
      expect(r.state.regs[7]).toBe(0x77n);
    });
    it('jar1_access_below_0x10000_faults', () => {
      // jar1 has no guard zone: fault at 0x1000
      expectFault(run(['34 07 00 10', '00']), 0x1000n, 0);
    });
  });

  describe('spec-notes/0028 the terminator set', () => {
    const TERMINATORS = new Set([0, 1, 2, 3, 10, 40, 50, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 170, 171, 172, 173, 174, 175, 180]);
    it('only_listed_opcodes_end_blocks', () => {
      // pc0 `28 03` jump to 3; pc2 one byte `op` (an instruction start); pc3 `00`. 3 is in ϖ iff op is a terminator:
      // then trap at 3, else the jump panics at 0. Every byte value, both profiles.
      for (const profile of ['jar1', 'gp'] as const) {
        for (let op = 0; op < 256; op++) {
          const r = run(['28 03', op.toString(16).padStart(2, '0'), '00'], { profile });
          const want = TERMINATORS.has(op) ? { kind: 'trap', pc: 3 } : { kind: 'panic', pc: 0 };
          expect({ profile, op, kind: r.exit?.kind, pc: r.state.pc }).toEqual({ profile, op, ...want });
        }
      }
    });
    it('fallthrough_starts_new_gas_block', () => {
      // pc0 load_imm, pc3 fallthrough, pc4 unlikely, pc5 trap.
      // [load_imm 1 cycle, fallthrough 2] -> 1; [unlikely] -> 37; [trap] -> 1: total 39
      // (without the split: [load_imm, fallthrough, unlikely] done 40 -> 37, + 1 = 38)
      const r = run(['33 07 01', '01', '02', '00']);
      expectExit(r, 'trap', 5);
      expect(gasUsed(r)).toBe(39n);
    });
    it('not_taken_branch_starts_new_gas_block', () => {
      // pc0 `51 17 01 05` branch_eq_imm: ra = 7, lX = 1, x = 1, target 5 (a trap -> branch cost 1 cycle);
      // r7 = 0: not taken. Blocks: [branch] done 1 -> 1; pc4 [unlikely] -> 37; pc5 [trap] -> 1: total 39.
      const r = run(['51 17 01 05', '02', '00']);
      expectExit(r, 'trap', 5);
      expect(gasUsed(r)).toBe(39n);
    });
  });
}
