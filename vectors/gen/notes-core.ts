/**
 * isa cases named in the core spec-notes' "Vectors" sections (0001-0028), with the outcome each one
 * must show written out by hand from the note's decision (`want`), so a case that does not test what
 * its name says stops the generator. Gas inputs that depend on the jar1 cost model are taken as "the
 * cost of the first block(s)" (measured with a one-instruction model run), the boundary the case is
 * about.
 */
import { modelCore } from '../../model/index.js';
import { codeFrom, fromU64, memoryJson, u64, type IsaExpected, type IsaInput } from '../lib/format.js';
import type { Profile } from '../lib/types.js';
import { bytes, FALLTHROUGH, image, oneOffset, op, PAD, regImm, threeReg, TRAP, twoReg, twoRegImm, twoRegOffset, twoRegTwoImm } from './asm.js';
import { BOTH, type Case } from './case.js';
import { edgesOf, isaInput, MEMORY, PAGES, RO, RW, UNMAPPED, type IsaSetup } from './isa.js';

interface Want {
  readonly kind: string;
  readonly pc: number;
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly gas?: bigint;
  readonly address?: bigint;
  readonly id?: number;
  readonly memoryUnchanged?: boolean;
}

/** Gas used by the first `n` instructions' blocks from a setup (model run stopped after n instructions). */
function firstBlocksCost(profile: Profile, s: IsaSetup, n: number): bigint {
  const i = isaInput(s);
  const r = modelCore.runCore({ profile, image: codeFrom(i.code), pc: i.pc, gas: 10_000n, regs: i.regs.map(fromU64), pages: PAGES, memory: MEMORY, memoryPages: i.memoryPages }, { maxSteps: n });
  return 10_000n - r.state.gas;
}

function wantCheck(want: Want): Case['check'] {
  return (x, _profile) => {
    const e = x as IsaExpected;
    const bad: string[] = [];
    if ((e.exit?.kind ?? 'none') !== want.kind || e.pc !== want.pc) bad.push(`ends ${e.exit?.kind ?? 'none'} at ${e.pc}, want ${want.kind} at ${want.pc}`);
    for (const [i, v] of Object.entries(want.regs ?? {})) if (e.regs[Number(i)] !== u64(BigInt.asUintN(64, v))) bad.push(`r${i} = ${e.regs[Number(i)]}, want ${u64(BigInt.asUintN(64, v))}`);
    if (want.gas !== undefined && e.gas !== u64(want.gas)) bad.push(`gas = ${e.gas}, want ${u64(want.gas)}`);
    if (want.address !== undefined && (e.exit?.kind !== 'fault' || e.exit.address !== u64(want.address))) bad.push(`exit ${JSON.stringify(e.exit)}, want fault at ${u64(want.address)}`);
    if (want.id !== undefined && (e.exit?.kind !== 'ecalli' || e.exit.id !== want.id)) bad.push(`exit ${JSON.stringify(e.exit)}, want ecalli ${want.id}`);
    if (want.memoryUnchanged && JSON.stringify(e.memory) !== JSON.stringify(memoryJson(MEMORY))) bad.push('memory changed');
    return bad.length === 0 ? null : bad.join('; ');
  };
}

function pin(
  name: string, notes: string[], handler: string, description: string, setup: IsaSetup | ((p: Profile) => IsaSetup), want?: Want | ((p: Profile) => Want),
  profiles: readonly Profile[] = BOTH,
): Case {
  const input = (p: Profile): IsaInput => isaInput(typeof setup === 'function' ? setup(p) : setup);
  const check: Case['check'] = want === undefined ? undefined : (x, p) => (wantCheck(typeof want === 'function' ? want(p) : want) as NonNullable<Case['check']>)(x, p);
  return { name, runner: 'isa', profiles, handler, edge: null, notes, description, input, ...(check ? { check } : {}) };
}

const one = (instr: string, regs: Record<number, bigint> = {}, extra: Partial<IsaSetup> = {}): IsaSetup => ({ code: image([instr, TRAP]), regs, ...extra });
const edgeSetup = (opName: string, edge: string): IsaSetup => {
  const info = edgesOf(opName, opName === 'jump' ? 'OneOffset' : opName === 'jump_ind' ? 'OneRegOneImm' : opName === 'branch_eq' ? 'TwoRegOneOffset' : 'TwoRegTwoImm').find((e) => e.edge === edge);
  if (info === undefined) throw new Error(`case table: no edge ${opName}/${edge}`);
  return info.setup;
};

const MIN64 = -(2n ** 63n);
const page = (address: number, access: 'R' | 'W' = 'W') => ({ address, length: 4096, access }) as const;

/** Every named core pin. */
export function coreNoteCases(): Case[] {
  const sh = (name: string): number => op(name);
  const gp: readonly Profile[] = ['gp'];
  const jar1: readonly Profile[] = ['jar1'];
  return [
    // 0001 arithmetic shift rounding: floor division by 2^k.
    pin('shar_r_64_negative_rounds_down', ['0001'], 'shar_r_64', '-5 >> 1 = -3 (floor), not -2', one(threeReg(sh('shar_r_64'), 7, 8, 9), { 7: -5n, 8: 1n }), { kind: 'trap', pc: 3, regs: { 9: -3n } }),
    pin('shar_r_64_minus_one_stays_minus_one', ['0001'], 'shar_r_64', '-1 >> 5 = -1', one(threeReg(sh('shar_r_64'), 7, 8, 9), { 7: -1n, 8: 5n }), { kind: 'trap', pc: 3, regs: { 9: -1n } }),
    pin('shar_r_64_shift_63_of_min_is_minus_one', ['0001'], 'shar_r_64', '-2^63 >> 63 = -1', one(threeReg(sh('shar_r_64'), 7, 8, 9), { 7: MIN64, 8: 63n }), { kind: 'trap', pc: 3, regs: { 9: -1n } }),
    pin('shar_r_imm_32_negative_rounds_down', ['0001'], 'shar_r_imm_32', '32-bit -5 >> 1 = -3, sign-extended', one(twoRegImm(sh('shar_r_imm_32'), 7, 8, 1), { 8: 0xfffffffbn }), { kind: 'trap', pc: 6, regs: { 7: -3n } }),
    pin('shar_r_imm_alt_64_minus_one_stays_minus_one', ['0001'], 'shar_r_imm_alt_64', 'immediate -1 >> 7 = -1', one(twoRegImm(sh('shar_r_imm_alt_64'), 7, 8, -1), { 8: 7n }), { kind: 'trap', pc: 6, regs: { 7: -1n } }),
    // 0002 sign extension truncates first.
    pin('sign_extend_8_ignores_high_bits', ['0002'], 'sign_extend_8', 'sext8(0x1234567f) = 0x7f', one(twoReg(sh('sign_extend_8'), 7, 8), { 8: 0x1234567fn }), { kind: 'trap', pc: 2, regs: { 7: 0x7fn } }),
    pin('sign_extend_8_negative_byte', ['0002'], 'sign_extend_8', 'sext8(0x80) = -128', one(twoReg(sh('sign_extend_8'), 7, 8), { 8: 0x80n }), { kind: 'trap', pc: 2, regs: { 7: -128n } }),
    pin('sign_extend_16_ignores_high_bits', ['0002'], 'sign_extend_16', 'sext16(0xffff1234) = 0x1234', one(twoReg(sh('sign_extend_16'), 7, 8), { 8: 0xffff1234n }), { kind: 'trap', pc: 2, regs: { 7: 0x1234n } }),
    // 0003 ThreeReg destination byte.
    pin('add_64_dest_byte_16_clamps_to_r12', ['0003'], 'add_64', 'destination byte 0x10 writes r12 = min(12, 16)', one(threeReg(sh('add_64'), 7, 8, 16), { 7: 1n, 8: 2n }), { kind: 'trap', pc: 3, regs: { 12: 3n, 0: 0x1000n } }),
    pin('three_reg_gas_reads_dest_byte_low_nibble', ['0003', '0013'], 'add_64', 'jar1 gas: destination byte 0x17 is r7 for the cost model (r12 for execution)', { code: image([threeReg(sh('add_64'), 7, 8, 0x17), threeReg(sh('add_64'), 7, 7, 9), TRAP]), regs: { 7: 1n, 8: 2n } }, { kind: 'trap', pc: 6, regs: { 12: 3n } }, jar1),
    // 0004 load_imm_jump_ind order.
    pin('load_imm_jump_ind_same_reg_targets_old_value', ['0004'], 'load_imm_jump_ind', 'rA = rB: the jump uses the old value (entry 0), then rA = 0x55', edgeSetup('load_imm_jump_ind', 'same_register'), { kind: 'trap', pc: 15, regs: { 7: 0x55n } }),
    pin('load_imm_jump_ind_write_kept_on_panic', ['0004'], 'load_imm_jump_ind', 'address 0 panics, but r9 = 0x55 was written', { code: image([TRAP, twoRegTwoImm(sh('load_imm_jump_ind'), 9, 7, 0x55, 0), TRAP]), pc: 1, regs: { 7: 0n } }, { kind: 'panic', pc: 1, regs: { 9: 0x55n } }),
    // 0005 dynamic jumps (setups of the jump_ind edge classes).
    pin('djump_address_zero_panics', ['0005'], 'jump_ind', 'jump_ind to address 0 panics', edgeSetup('jump_ind', 'address_zero_panics'), { kind: 'panic', pc: 1 }),
    pin('djump_halt_address_halts', ['0005'], 'jump_ind', 'jump_ind to 0xFFFF0000 halts at the jump', edgeSetup('jump_ind', 'halt_address_halts'), { kind: 'halt', pc: 1 }),
    pin('djump_odd_address_panics', ['0005'], 'jump_ind', 'jump_ind to address 3 panics', edgeSetup('jump_ind', 'odd_address_panics'), { kind: 'panic', pc: 1 }),
    pin('djump_index_beyond_table_panics', ['0005'], 'jump_ind', 'address 8 selects entry 4 of a 3-entry table: panic', edgeSetup('jump_ind', 'index_beyond_table_panics'), { kind: 'panic', pc: 1 }),
    pin('djump_table_entry_zero_jumps_to_pc_0', ['0005'], 'jump_ind', 'an entry of 0 is a jump to pc 0 (a trap)', edgeSetup('jump_ind', 'table_entry_zero_jumps_to_pc_0'), { kind: 'trap', pc: 0 }),
    pin('djump_target_not_block_start_panics', ['0005'], 'jump_ind', 'an entry naming a mid-block instruction panics', edgeSetup('jump_ind', 'target_not_block_start_panics'), { kind: 'panic', pc: 1 }),
    // 0006 static targets.
    pin('jump_to_mid_block_instruction_panics', ['0006'], 'jump', 'jump to an instruction inside a block panics at the jump', { code: image([oneOffset(sh('jump'), 7), PAD, TRAP]) }, { kind: 'panic', pc: 0 }),
    pin('branch_taken_to_non_block_start_panics', ['0006'], 'branch_eq', 'a taken branch to a mid-block instruction panics', { code: image([twoRegOffset(sh('branch_eq'), 7, 8, 8), PAD, TRAP]), regs: { 7: 1n, 8: 1n } }, { kind: 'panic', pc: 0 }),
    pin('branch_not_taken_ignores_invalid_target', ['0006'], 'branch_eq', 'a branch not taken never checks its (invalid) target', { code: image([twoRegOffset(sh('branch_eq'), 7, 8, 8), PAD, TRAP]), regs: { 7: 1n, 8: 2n } }, { kind: 'trap', pc: 8 }),
    // 0007 page-fault address.
    pin('store_u32_straddle_faults_at_second_page', ['0007', '0009'], 'store_u32', 'store_u32 at RW end - 2 reaches the RO page: fault at its base', one(regImm(sh('store_u32'), 7, RO - 2)), { kind: 'fault', pc: 0, address: BigInt(RO), memoryUnchanged: true }),
    pin('store_straddle_first_page_missing_faults_at_first_page', ['0007'], 'store_u32', 'store_u32 at 0x1fffe: page 0x1f000 is missing, fault there', one(regImm(sh('store_u32'), 7, RW - 2)), { kind: 'fault', pc: 0, address: BigInt(RW - 4096) }),
    pin('load_unaligned_fault_reports_page_base', ['0007'], 'load_u32', 'load_u32 at 0x30123 faults at 0x30000', one(regImm(sh('load_u32'), 7, UNMAPPED + 0x123)), { kind: 'fault', pc: 0, address: BigInt(UNMAPPED) }),
    // 0008 address width.
    pin('load_u8_absolute_negative_immediate_faults_at_2_31', ['0008'], 'load_u8', 'immediate 0x80000000 sign-extends, the address is reduced mod 2^32: fault at 0x80000000', one(regImm(sh('load_u8'), 7, 0x80000000)), { kind: 'fault', pc: 0, address: 0x80000000n }),
    pin('load_u8_absolute_negative_immediate_reads_mod_2_32', ['0008'], 'load_u8', 'the same load with page 0x80000000 mapped reads its byte', one(regImm(sh('load_u8'), 7, 0x80000000), {}, { pages: [page(0x80000000)], memory: [{ address: 0x80000000, bytes: bytes('a5') }] }), { kind: 'trap', pc: 6, regs: { 7: 0xa5n } }),
    pin('store_straddling_2_32_wraps_to_page_0', ['0008'], 'store_u16', 'store_u16 at 0xffffffff writes its second byte at address 0', one(regImm(sh('store_u16'), 7, 0xffffffff), { 7: 0xbbaan }, { pages: [page(0), page(0xfffff000)], memory: [] }), { kind: 'trap', pc: 6 }),
    pin('store_straddling_2_32_faults_at_page_0_when_unmapped', ['0008', '0027'], 'store_u16', 'the same store with page 0 unmapped: jar1 faults at 0, gp panics (guard zone)', one(regImm(sh('store_u16'), 7, 0xffffffff), { 7: 0xbbaan }, { pages: [page(0xfffff000)], memory: [] }), (p) => (p === 'gp' ? { kind: 'panic', pc: 0 } : { kind: 'fault', pc: 0, address: 0n })),
    // 0009 enforcement.
    pin('store_to_read_only_page_faults', ['0009'], 'store_u8', 'store_u8 into the RO page faults', one(regImm(sh('store_u8'), 7, RO)), { kind: 'fault', pc: 0, address: BigInt(RO), memoryUnchanged: true }),
    pin('load_from_read_only_page_succeeds', ['0009'], 'load_u8', 'load_u8 from the RO page reads 0x11', one(regImm(sh('load_u8'), 7, RO)), { kind: 'trap', pc: 6, regs: { 7: 0x11n } }),
    pin('store_into_hole_between_pages_faults', ['0009'], 'store_u8', 'pages 0x20000 and 0x22000, store into 0x21000 faults', one(regImm(sh('store_u8'), 7, RO), {}, { pages: [page(RW), page(RO + 4096)], memory: [] }), { kind: 'fault', pc: 0, address: BigInt(RO) }),
    pin('straddling_store_rw_then_ro_writes_nothing', ['0009'], 'store_u64', 'store_u64 at RO - 4 faults and writes none of its 8 bytes', one(regImm(sh('store_u64'), 7, RO - 4)), { kind: 'fault', pc: 0, address: BigInt(RO), memoryUnchanged: true }),
    // 0010 gas after out-of-gas.
    pin('oog_at_block_entry_sets_gas_zero', ['0010'], 'gas', 'gas one short of the first block (a load and a trap): oog, gas 0, pc 0, nothing loaded', (p) => {
      const s: IsaSetup = { code: image([regImm(sh('load_u8'), 7, RW), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) - 1n };
    }, { kind: 'oog', pc: 0, gas: 0n, regs: { 7: 0x8000n } }),
    pin('oog_at_second_block_reports_its_start_pc', ['0010'], 'gas', 'gas for the first block only: oog at the second block start (pc 1)', (p) => {
      const s: IsaSetup = { code: image([FALLTHROUGH, regImm(sh('load_imm'), 7, 5), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'oog', pc: 1, gas: 0n }),
    pin('gas_equal_to_block_cost_is_enough', ['0010'], 'gas', 'gas exactly the block cost runs the block', (p) => {
      const s: IsaSetup = { code: image([regImm(sh('load_imm'), 7, 5), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'trap', pc: 6, gas: 0n, regs: { 7: 5n } }),
    // 0011 no step fuel.
    pin('cheap_block_runs_past_gas_plus_one_instructions', ['0011'], 'gas', 'jar1: a block of 12 instructions costing less than 11 runs to its end on exactly its cost', (p) => {
      const s: IsaSetup = { code: image([...Array.from({ length: 11 }, () => PAD), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'trap', pc: 22, gas: 0n }, jar1),
    // 0012 memCycles tiers: a load, whose cost depends on the tier.
    ...([[2048, 25], [2049, 50], [8192, 50], [8193, 75], [65536, 75], [65537, 100]] as const).map(([pages, cycles]) =>
      pin(`mem_cycles_tier_${pages}_pages_costs_${cycles}`, ['0012'], 'gas', `jar1: memory_pages ${pages} puts a load in the ${cycles}-cycle tier`, { ...one(regImm(sh('load_u8'), 7, RW)), memoryPages: pages }, { kind: 'trap', pc: 6 }, jar1)),
    // 0013 cost table.
    pin('reverse_bytes_gas_uses_default_row', ['0013'], 'reverse_bytes', 'jar1: reverse_bytes costs the default row', one(twoReg(sh('reverse_bytes'), 7, 8)), { kind: 'trap', pc: 2 }, jar1),
    pin('sbrk_gas_uses_default_row', ['0013', '0015'], 'invalid_opcode', 'jar1: the block holding sbrk (101) is charged with the default row, then sbrk panics', { code: image([regImm(sh('load_imm'), 7, 5), '6578', TRAP]) }, { kind: 'panic', pc: 6 }, jar1),
    pin('missing_operand_byte_reads_as_register_0', ['0013'], 'add_64', 'add_64 as the last code byte: its operand bytes read as 0 (r0 = r0 + r0), then a trap at the code length', { code: image(['c8']), regs: { 0: 21n } }, { kind: 'trap', pc: 1, regs: { 0: 42n } }),
    pin('shift_slot_rule_compares_clamped_registers', ['0013'], 'shlo_l_64', 'jar1: shifts naming register nibbles 15 and 12 (both r12) in the cost model', { code: image([threeReg(sh('shlo_l_64'), 15, 12, 12), threeReg(sh('shlo_l_64'), 12, 15, 9), TRAP]), regs: { 12: 1n } }, { kind: 'trap', pc: 6 }, jar1),
    // 0014 ecall ends a gas block.
    pin('ecall_ends_gas_block', ['0014'], 'ecall', 'jar1: gas for the ecall block alone is enough to reach the ecall', (p) => {
      const s: IsaSetup = { code: image(['03', regImm(sh('load_imm'), 7, 5), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'ecall', pc: 1, gas: 0n }, jar1),
    pin('ecall_ends_gp_gas_block', ['0014', '0026'], 'ecall', 'gp: gas 1 pays the ecall block alone', { code: image(['03', regImm(sh('load_imm'), 7, 5), TRAP]), gas: 1n }, { kind: 'ecall', pc: 1, gas: 0n }, gp),
    pin('ecall_resume_charges_next_block', ['0014'], 'ecall', 'resuming after an ecall (pc 1) charges the next block: gas for the ecall block only runs out there', (p) => {
      const s: IsaSetup = { code: image(['03', regImm(sh('load_imm'), 7, 5), TRAP]), pc: 1 };
      return { ...s, gas: firstBlocksCost(p, s, 1) - 1n };
    }, { kind: 'oog', pc: 1, gas: 0n }),
    pin('jump_to_after_ecall_is_block_start', ['0014', '0028'], 'jump', 'the pc after an ecall is a valid jump target', { code: image([oneOffset(sh('jump'), 6), '03', TRAP]) }, { kind: 'trap', pc: 6 }),
    // 0015-0018 exits at odd pcs.
    pin('sbrk_panics', ['0015'], 'invalid_opcode', 'jar1: sbrk (101) is an invalid opcode', one('6578'), { kind: 'panic', pc: 0 }, jar1),
    pin('sbrk_panics_gp', ['0015'], 'invalid_opcode', 'gp: sbrk (101) is an invalid opcode', one('6578'), { kind: 'panic', pc: 0 }, gp),
    pin('fall_off_end_traps_at_code_length', ['0016'], 'control', 'jar1: running past the last instruction traps with pc = |c|', { code: image([regImm(sh('load_imm'), 7, 5)]) }, { kind: 'trap', pc: 6, regs: { 7: 5n } }, jar1),
    pin('fall_off_end_gp_traps', ['0016'], 'control', 'gp: running past the last instruction traps with pc = |c|', { code: image([regImm(sh('load_imm'), 7, 5)]) }, { kind: 'trap', pc: 6, regs: { 7: 5n } }, gp),
    pin('jump_to_code_length_traps', ['0016'], 'jump', 'a jump to pc = |c| traps there', { code: image([oneOffset(sh('jump'), 5)]) }, { kind: 'trap', pc: 5 }),
    pin('invalid_opcode_panics_at_its_pc', ['0017'], 'invalid_opcode', 'an invalid opcode after a valid instruction panics at its own pc', { code: image([regImm(sh('load_imm'), 7, 5), 'ff', TRAP]) }, { kind: 'panic', pc: 6, regs: { 7: 5n } }),
    pin('unassigned_opcode_4_panics', ['0017'], 'invalid_opcode', 'opcode byte 4 panics', one('04'), { kind: 'panic', pc: 0 }),
    pin('entry_inside_instruction_charges_block_then_panics', ['0018'], 'control', 'starting at pc 2, inside load_imm: the block is charged, then panic', { code: image([regImm(sh('load_imm'), 7, 5), TRAP]), pc: 2 }, { kind: 'panic', pc: 2 }),
    pin('entry_inside_instruction_out_of_gas_first', ['0018'], 'control', 'the same entry with gas 0: out of gas first', { code: image([regImm(sh('load_imm'), 7, 5), TRAP]), pc: 2, gas: 0n }, { kind: 'oog', pc: 2, gas: 0n }),
    // 0023 pc kept at a fault.
    pin('page_fault_keeps_pc_at_faulting_instruction', ['0023'], 'load_u8', 'a fault in the second instruction reports its pc (1)', { code: image([FALLTHROUGH, regImm(sh('load_u8'), 7, UNMAPPED), TRAP]) }, { kind: 'fault', pc: 1, address: BigInt(UNMAPPED) }),
    // 0024 skip cap.
    pin('skip_cap_after_terminator_lands_at_pc_25', ['0024'], 'control', 'fallthrough followed by 30 non-start bytes: the next pc is 0 + 1 + 24 = 25, not an instruction start: panic there', { code: image([FALLTHROUGH + '00'.repeat(30), TRAP]) }, { kind: 'panic', pc: 25 }),
    pin('skip_cap_load_imm_continues_at_pc_25', ['0024'], 'load_imm', 'load_imm followed by 25 non-start zero bytes continues at pc 25 (not a start: panic), its immediate read from 4 bytes', { code: image([regImm(sh('load_imm'), 7, 5) + '00'.repeat(25), TRAP]) }, { kind: 'panic', pc: 25, regs: { 7: 5n } }),
    // 0025 ecalli immediate.
    pin('ecalli_small_immediate', ['0025', '0055'], 'ecalli', 'ecalli with the 1-byte immediate 7', one('0a07'), { kind: 'ecalli', pc: 2, id: 7 }),
    // 0055 the pc at a host-call exit.
    pin('ecalli_exit_reports_next_pc', ['0055'], 'ecalli', 'load_imm r7 5 (pc 0, 6 bytes), ecalli 3 (pc 6, 2 bytes): the exit reports pc 8, the instruction after the ecalli, not 6', { code: image([regImm(sh('load_imm'), 7, 5), '0a03', TRAP]) }, { kind: 'ecalli', pc: 8, id: 3, regs: { 7: 5n } }),
    pin('ecalli_negative_immediate_low_32_bits', ['0025'], 'ecalli', 'ecalli 0xff: sign-extended to -1, the id is its low 32 bits 0xffffffff', one('0aff'), { kind: 'ecalli', pc: 2, id: 0xffffffff }),
    pin('ecalli_without_immediate_bytes_is_0', ['0025'], 'ecalli', 'ecalli with no immediate byte has id 0', one('0a'), { kind: 'ecalli', pc: 1, id: 0 }),
    pin('ecalli_immediate_reads_at_most_4_bytes', ['0025'], 'ecalli', 'ecalli with 6 immediate bytes reads the first 4', one('0a010203040506'), { kind: 'ecalli', pc: 7, id: 0x04030201 }),
    // 0026 gp gas.
    pin('gp_block_cost_counts_instructions', ['0026'], 'gas', 'gp: a block of 3 instructions costs 3', { code: image([regImm(sh('load_imm'), 7, 5), regImm(sh('load_imm'), 8, 6), TRAP]) }, { kind: 'trap', pc: 12, gas: 9997n }, gp),
    pin('gp_fall_off_end_counts_trap', ['0026', '0016'], 'gas', 'gp: a block running off the end counts the implicit trap: 2', { code: image([regImm(sh('load_imm'), 7, 5)]) }, { kind: 'trap', pc: 6, gas: 9998n }, gp),
    pin('gp_block_paid_in_full_before_panic', ['0026'], 'gas', 'gp: a block with an invalid opcode in its middle is paid in full (4) before the panic', { code: image([regImm(sh('load_imm'), 7, 5), 'ff', regImm(sh('load_imm'), 8, 6), TRAP]) }, { kind: 'panic', pc: 6, gas: 9996n }, gp),
    pin('gp_out_of_gas_at_block_entry', ['0026', '0010'], 'gas', 'gp: gas 2 for a 3-instruction block: oog at pc 0 with gas 0', { code: image([regImm(sh('load_imm'), 7, 5), regImm(sh('load_imm'), 8, 6), TRAP]), gas: 2n }, { kind: 'oog', pc: 0, gas: 0n }, gp),
    pin('gp_second_block_charged_on_entry', ['0026'], 'gas', 'gp: gas 2: the fallthrough block (1) runs, the next block (2) is out of gas at its start', { code: image([FALLTHROUGH, regImm(sh('load_imm'), 7, 5), TRAP]), gas: 2n }, { kind: 'oog', pc: 1, gas: 0n }, gp),
    // 0027 gp guard zone.
    pin('gp_access_below_0x10000_panics', ['0027'], 'load_u8', 'gp: a load from unmapped 0x8000 panics', one(regImm(sh('load_u8'), 7, 0x8000)), { kind: 'panic', pc: 0 }, gp),
    pin('gp_access_at_0x10000_faults', ['0027'], 'load_u8', 'gp: a load from unmapped 0x10000 faults', one(regImm(sh('load_u8'), 7, 0x10000)), { kind: 'fault', pc: 0, address: 0x10000n }, gp),
    pin('gp_straddle_into_guard_zone_panics', ['0027', '0008'], 'store_u16', 'gp: store_u16 at 0xffffffff with page 0 unmapped: the first inaccessible address is 0: panic', one(regImm(sh('store_u16'), 7, 0xffffffff), {}, { pages: [page(0xfffff000)], memory: [] }), { kind: 'panic', pc: 0 }, gp),
    pin('gp_mapped_page_below_0x10000_is_accessible', ['0027'], 'load_u8', 'gp: a mapped page at 0x1000 is readable', one(regImm(sh('load_u8'), 7, 0x1000), {}, { pages: [page(0x1000)], memory: [{ address: 0x1000, bytes: bytes('5a') }] }), { kind: 'trap', pc: 6, regs: { 7: 0x5an } }, gp),
    pin('jar1_access_below_0x10000_faults', ['0027'], 'load_u8', 'jar1: a load from unmapped 0x8000 faults (no guard zone)', one(regImm(sh('load_u8'), 7, 0x8000)), { kind: 'fault', pc: 0, address: 0x8000n }, jar1),
    // 0028 terminators.
    pin('only_listed_opcodes_end_blocks', ['0028'], 'jump', 'unlikely (2) ends a block, so the pc after it is a valid target', { code: image([oneOffset(sh('jump'), 6), '02', TRAP]) }, { kind: 'trap', pc: 6 }),
    pin('fallthrough_starts_new_gas_block', ['0028'], 'gas', 'gas for the block ending in fallthrough: the next block is out of gas at pc 7', (p) => {
      const s: IsaSetup = { code: image([regImm(sh('load_imm'), 7, 5), FALLTHROUGH, regImm(sh('load_imm'), 8, 6), TRAP]) };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'oog', pc: 7, gas: 0n, regs: { 7: 5n } }),
    pin('not_taken_branch_starts_new_gas_block', ['0028'], 'gas', 'gas for the block ending in a branch not taken: the next block is out of gas at pc 6', (p) => {
      const s: IsaSetup = { code: image([twoRegOffset(sh('branch_eq'), 7, 8, 12), regImm(sh('load_imm'), 8, 6), TRAP]), regs: { 7: 1n, 8: 2n } };
      return { ...s, gas: firstBlocksCost(p, s, 1) };
    }, { kind: 'oog', pc: 6, gas: 0n }),
  ];
}

