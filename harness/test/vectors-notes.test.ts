/**
 * Notes on every vector that depends on a decision: each vector of the generated tree (gp/, jar1/)
 * lists every spec-note whose decision its expected value depends on, as vectors/gen/rules.ts says
 * (`notesExercised`); a kernel note a kernel or jar1 program case names is derived for it unless
 * NAMED_ONLY says why not; and each rule is checked on hand-built vectors where it must and must not
 * apply (isa vectors, and kernel vectors of one transition from a hand-built pre-state). The hand-built
 * vectors state their outcome by hand (exit, pc, load class); the rules read it and replay the input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultVectorDir, vectorFiles } from '../vectors/verify.js';
import { allCases } from '../../vectors/gen/index.js';
import { NAMED_ONLY, notesExercised, RULES, type VectorLike } from '../../vectors/gen/rules.js';
import type { CapJson, CoreExitJson, KernelExitJson, PageJson, SnapshotJson, Vector } from '../../vectors/lib/format.js';
import type { Profile } from '../../vectors/lib/types.js';

const root = defaultVectorDir();
const treeFiles = vectorFiles(root).files.filter((f) => /^(gp|jar1)$/.test(relative(root, f).split(sep)[0] ?? ''));
const vectors: Vector[] = treeFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Vector);
const byName = (profile: Profile, name: string): Vector => {
  const v = vectors.find((x) => x.profile === profile && x.name === name);
  if (v === undefined) throw new Error(`no vector ${profile}/${name}`);
  return v;
};

describe('the tree names the notes its vectors exercise', () => {
  test('the generated tree is there', () => {
    expect(vectors.length).toBeGreaterThan(1000);
  });
  test('every vector lists every note notesExercised finds for it', () => {
    const missing = vectors.flatMap((v) => {
      const lack = notesExercised(v).filter((n) => !v.notes.includes(n));
      return lack.length === 0 ? [] : [`${v.profile}/${v.runner}/${v.handler}/${v.name}: ${lack.join(', ')}`];
    });
    expect(missing).toEqual([]);
  });
  test('notes are sorted, without duplicates, and include what the case table lists', () => {
    const bad: string[] = [];
    const tableNotes = new Map(allCases().map((c) => [c.name, c.notes]));
    for (const v of vectors) {
      if (v.notes.join() !== [...new Set(v.notes)].sort().join()) bad.push(`${v.name}: not sorted/unique`);
      for (const n of tableNotes.get(v.name) ?? []) if (!v.notes.includes(n)) bad.push(`${v.name}: lacks its table note ${n}`);
    }
    expect(bad).toEqual([]);
  });
  test('every rule is about a note that exists, one rule per note, and applies to some vector of the tree', () => {
    const notes = RULES.map((r) => r.note);
    expect(new Set(notes).size).toBe(notes.length);
    const files = readdirSync(join(root, '..', 'spec-notes'));
    expect(notes.filter((n) => !files.some((f) => f.startsWith(`${n}-`)))).toEqual([]);
    const unused = RULES.filter((r) => !vectors.some((v) => notesExercised(v).includes(r.note))).map((r) => r.note);
    expect(unused).toEqual([]);
  });
  test('a kernel note (0029-0054) a kernel or jar1 program case names is derived for it, unless NAMED_ONLY gives the case and why', () => {
    const ruled = new Set(RULES.map((r) => r.note));
    const tableNotes = new Map(allCases().map((c) => [c.name, c.notes]));
    const exempt = (note: string, v: Vector): boolean => {
      const e = NAMED_ONLY[note];
      return e !== undefined && ((e.cases ?? []).includes(v.name) || e.runner === v.runner);
    };
    const underived: string[] = [];
    const stale: string[] = [];
    for (const v of vectors) {
      if (v.runner !== 'kernel' && !(v.runner === 'program' && v.profile === 'jar1')) continue;
      const derived = notesExercised(v);
      for (const n of tableNotes.get(v.name) ?? []) {
        if (n < '0029' || n > '0054' || !ruled.has(n)) continue;
        if (!derived.includes(n) && !exempt(n, v)) underived.push(`${v.name}: ${n}`);
        if (derived.includes(n) && (NAMED_ONLY[n]?.cases ?? []).includes(v.name)) stale.push(`${v.name}: ${n} is derived`);
      }
    }
    expect(underived).toEqual([]);
    expect(stale).toEqual([]);
    // every case NAMED_ONLY lists exists and names its note
    const listed = Object.entries(NAMED_ONLY).flatMap(([n, e]) => (e.cases ?? []).map((c) => [n, c] as const));
    expect(listed.filter(([n, c]) => !(tableNotes.get(c) ?? []).includes(n))).toEqual([]);
    for (const e of Object.values(NAMED_ONLY)) expect(e.why.length).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built vectors

const ZERO = Array.from({ length: 13 }, () => '0x0');
interface IsaOpts { readonly pc?: number; readonly gas?: string; readonly pages?: PageJson[]; readonly regs?: string[]; readonly bitmask?: string; readonly memoryPages?: number }
/** An isa vector: code bytes (hex), the exit and pc stated by hand. Bitmask: every byte a start unless given. */
function isa(profile: Profile, code: string, exit: CoreExitJson, pc: number, o: IsaOpts = {}): VectorLike {
  const n = code.length / 2;
  return {
    runner: 'isa', profile,
    input: { code: { code, bitmask: o.bitmask ?? '1'.repeat(n), jumpTable: [] }, memoryPages: o.memoryPages ?? 0, pc: o.pc ?? 0, gas: o.gas ?? '0x2710', regs: o.regs ?? ZERO, pages: o.pages ?? [], memory: [] },
    expected: { exit, pc, gas: '0x0', regs: ZERO, pages: [], memory: [] },
  };
}
function jar1Program(o: { accepted: boolean; klass?: string; initGas?: string; args?: string; exits?: (KernelExitJson | CoreExitJson)[] }): VectorLike {
  return {
    runner: 'program', profile: 'jar1',
    input: { blob: '00', gas: '0x2710', reg7: '0x0', args: o.args ?? '', host: [] },
    expected: { accepted: o.accepted, class: o.klass ?? null, initGas: o.initGas ?? '0x0', exits: (o.exits ?? []).map((exit) => ({ exit, vm: 0, pc: 7, gas: '0x0', regs: ZERO })) },
  };
}
const decode = (profile: Profile, klass: string | null): VectorLike => ({
  runner: 'decode', profile, input: { format: 'jar_manifest', blob: '00' }, expected: { accepted: klass === null, class: klass, image: null },
});
const has = (v: VectorLike, note: string): boolean => notesExercised(v).includes(note);

const TRAP = { kind: 'trap' } as const;
const PANIC = { kind: 'panic' } as const;
const RO_PAGE: PageJson[] = [{ address: 0x21000, length: 4096, access: 'R' }];
/** store_u8 r7 → [0x21000], then trap. */
const STORE_U8 = '3b07001002' + '00';
const STORE_BITMASK = '100001';

describe('each rule: where it applies and where it does not', () => {
  test('0003: a ThreeReg instruction run with a destination byte whose nibble reading differs', () => {
    // add_64 (200) r1, r2 → B2 = 0x12: min(12, 18) = 12 but min(12, 0x12 & 15) = 2.
    expect(has(isa('jar1', 'c82112' + '00', TRAP, 3, { bitmask: '1001' }), '0003')).toBe(true);
    // B2 = 0x0d: min(12, 13) = 12 = min(12, 13 & 15): both readings agree.
    expect(has(isa('jar1', 'c8210d' + '00', TRAP, 3, { bitmask: '1001' }), '0003')).toBe(false);
    // The same instruction behind a trap is never run.
    expect(has(isa('jar1', '00' + 'c82112', TRAP, 0, { bitmask: '1100' }), '0003')).toBe(false);
  });
  test('0004: load_imm_jump_ind with rA = rB, or panicking', () => {
    const halt = [...ZERO];
    halt[2] = '0xffff0000';
    // 180 r2, r2 (byte 0x22), lX = 0, imm 0, jump to φ2 = the halt address.
    expect(has(isa('gp', 'b42200', { kind: 'halt' }, 0, { regs: halt, bitmask: '100' }), '0004')).toBe(true);
    // rA = 1, rB = 2: the order does not matter, and the jump halts.
    expect(has(isa('gp', 'b42100', { kind: 'halt' }, 0, { regs: halt, bitmask: '100' }), '0004')).toBe(false);
    // rA = 1, rB = 2, x = 5 (lX = 1), to address φ2 + 0 = 0: panics with φ1 := 5 kept (old φ1 = 0).
    expect(has(isa('gp', 'b4210105', PANIC, 0, { bitmask: '1000' }), '0004')).toBe(true);
    // The same panic with x = 0 = old φ1: keeping or dropping the write gives the same φ1.
    expect(has(isa('gp', 'b42100', PANIC, 0, { bitmask: '100' }), '0004')).toBe(false);
    // rA = rB = 2 with old φ2 = x = 0: the old and the new φ2 are equal (jump to 0: panic, φ2 = 0 either way).
    expect(has(isa('gp', 'b42200', PANIC, 0, { bitmask: '100' }), '0004')).toBe(false);
  });
  test('0005: a dynamic jump panics, or a core run halts', () => {
    expect(has(isa('gp', '320000', PANIC, 0, { bitmask: '100' }), '0005')).toBe(true); // jump_ind r0 + 0 = 0: panic
    const halt = [...ZERO];
    halt[2] = '0xffff0000';
    expect(has(isa('jar1', 'b42100', { kind: 'halt' }, 0, { regs: halt, bitmask: '100' }), '0005')).toBe(true);
    expect(has(isa('jar1', '00', TRAP, 0), '0005')).toBe(false);
    expect(has(isa('jar1', '65' + '00', PANIC, 0), '0005')).toBe(false); // a panic of another opcode
  });
  test('0006: a static jump or branch panics', () => {
    expect(has(isa('gp', '280200', PANIC, 0, { bitmask: '100' }), '0006')).toBe(true); // jump to 2, not a start
    expect(has(isa('gp', '280200', TRAP, 2, { bitmask: '101' }), '0006')).toBe(false); // jump to a block start
  });
  test('0007 and 0023: a page fault', () => {
    const fault = isa('jar1', STORE_U8, { kind: 'fault', address: '0x21000' }, 0, { bitmask: STORE_BITMASK });
    expect(notesExercised(fault)).toEqual(expect.arrayContaining(['0007', '0023']));
    expect(has(jar1Program({ accepted: true, exits: [{ kind: 'fault', address: '0x20000' }] }), '0007')).toBe(true);
    expect(has(jar1Program({ accepted: true, exits: [{ kind: 'fault', address: '0x20000' }] }), '0023')).toBe(true);
    const trap = isa('jar1', '00', TRAP, 0);
    expect(has(trap, '0007') || has(trap, '0023')).toBe(false);
  });
  test('0009: a store faulting on a read-only page', () => {
    expect(has(isa('jar1', STORE_U8, { kind: 'fault', address: '0x21000' }, 0, { bitmask: STORE_BITMASK, pages: RO_PAGE }), '0009')).toBe(true);
    // The same store faulting on an unmapped page: no read-only question.
    expect(has(isa('jar1', STORE_U8, { kind: 'fault', address: '0x21000' }, 0, { bitmask: STORE_BITMASK }), '0009')).toBe(false);
    // A load (load_u8 = 52) from the read-only page does not fault.
    expect(has(isa('jar1', '3407001002' + '00', TRAP, 5, { bitmask: STORE_BITMASK, pages: RO_PAGE }), '0009')).toBe(false);
  });
  test('0010: out of gas', () => {
    expect(has(isa('jar1', '00', { kind: 'oog' }, 0, { gas: '0x0' }), '0010')).toBe(true);
    expect(has(isa('jar1', '00', TRAP, 0), '0010')).toBe(false);
  });
  test('0014: ecall run', () => {
    expect(has(isa('jar1', '03' + '00', { kind: 'ecall' }, 1), '0014')).toBe(true);
    expect(has(isa('jar1', '01' + '00', TRAP, 1), '0014')).toBe(false);
  });
  test('0015 and 0017: panics at opcode 101 and at other invalid bytes', () => {
    expect(notesExercised(isa('gp', '65' + '00', PANIC, 0))).toEqual(expect.arrayContaining(['0015', '0017']));
    const byte4 = isa('gp', '04' + '00', PANIC, 0);
    expect([has(byte4, '0015'), has(byte4, '0017')]).toEqual([false, true]);
    const valid = isa('gp', '320000', PANIC, 0, { bitmask: '100' }); // jump_ind panics: a valid opcode
    expect([has(valid, '0015'), has(valid, '0017')]).toEqual([false, false]);
  });
  test('0016: trap at pc = |code|', () => {
    expect(has(isa('jar1', '01', TRAP, 1), '0016')).toBe(true); // fallthrough off the end
    expect(has(isa('jar1', '00', TRAP, 0), '0016')).toBe(false);
  });
  test('0018: entry inside an instruction', () => {
    expect(has(isa('jar1', '0000', PANIC, 1, { pc: 1, bitmask: '10' }), '0018')).toBe(true);
    expect(has(isa('jar1', '0000', TRAP, 0, { bitmask: '10' }), '0018')).toBe(false);
  });
  test('0019, 0021, 0031, 0053: jar1 load results', () => {
    expect(has(decode('jar1', 'invalid_code'), '0019')).toBe(true);
    expect(has(decode('jar1', 'out_of_bounds'), '0019')).toBe(true);
    expect(has(decode('jar1', 'truncated'), '0019')).toBe(false);
    expect(has(decode('jar1', null), '0019')).toBe(false);
    expect(has(decode('gp', 'invalid_code'), '0019')).toBe(false);
    expect(has(decode('jar1', 'too_many_pages'), '0021')).toBe(true);
    expect(has(decode('jar1', 'bad_magic'), '0031')).toBe(true);
    expect(has(decode('jar1', 'truncated'), '0031')).toBe(false);
    expect(has(decode('jar1', 'too_many_code_caps'), '0053')).toBe(true);
    expect(has(decode('jar1', 'duplicate_cap'), '0053')).toBe(false);
  });
  test('0021: init gas charged for DATA pages', () => {
    expect(has(jar1Program({ accepted: true, initGas: '0x5dc', exits: [{ kind: 'halt', value: '0x0' }] }), '0021')).toBe(true);
    expect(has(jar1Program({ accepted: true, initGas: '0x0', exits: [{ kind: 'halt', value: '0x0' }] }), '0021')).toBe(false);
  });
  test('0022: args placed, or rejected because of the args alone', () => {
    expect(has(jar1Program({ accepted: true, args: '01', exits: [{ kind: 'halt', value: '0x0' }] }), '0022')).toBe(true);
    expect(has(jar1Program({ accepted: true, args: '', exits: [{ kind: 'halt', value: '0x0' }] }), '0022')).toBe(false);
    // Real blobs: rejected for the args (loads without them) vs. rejected for the blob itself.
    const byArgs = byName('jar1', 'args_larger_than_slot_0_cap_rejected');
    expect([has(byArgs, '0022'), has(byArgs, '0019')]).toEqual([true, false]);
    const byBlob = byName('jar1', 'jar1_code_sub_blob_past_its_data_range_rejected');
    expect([has(byBlob, '0022'), has(byBlob, '0019')]).toEqual([false, true]);
  });
  test('0024: skip capped at 24', () => {
    // fallthrough, then 25 bytes that start nothing: the skip would be 25, the cap makes it 24 (pc 25: panic).
    expect(has(isa('jar1', '01' + '00'.repeat(25) + '00', PANIC, 25, { bitmask: '1' + '0'.repeat(25) + '1' }), '0024')).toBe(true);
    // 24 bytes: the skip is 24 without the cap.
    expect(has(isa('jar1', '01' + '00'.repeat(24) + '00', TRAP, 25, { bitmask: '1' + '0'.repeat(24) + '1' }), '0024')).toBe(false);
  });
  test('0025 and 0055: ecalli exits', () => {
    const neg = isa('gp', '0a80' + '00', { kind: 'ecalli', id: 0xffffff80 }, 2, { bitmask: '101' });
    expect(notesExercised(neg)).toEqual(expect.arrayContaining(['0025', '0055']));
    const small = isa('gp', '0a05' + '00', { kind: 'ecalli', id: 5 }, 2, { bitmask: '101' });
    expect([has(small, '0025'), has(small, '0055')]).toEqual([false, true]);
    expect(has(isa('gp', '00', TRAP, 0), '0055')).toBe(false);
  });
  test('0026: gp exits inside a gas block, and gp out of gas', () => {
    const fault = (p: Profile): VectorLike => isa(p, STORE_U8, { kind: 'fault', address: '0x21000' }, 0, { bitmask: STORE_BITMASK });
    expect(has(fault('gp'), '0026')).toBe(true);
    expect(has(fault('jar1'), '0026')).toBe(false);
    expect(has(isa('gp', '00', { kind: 'oog' }, 0, { gas: '0x0' }), '0026')).toBe(true);
    expect(has(isa('gp', '01', TRAP, 1), '0026')).toBe(true); // the implicit trap counts in the block
    expect(has(isa('gp', '00', TRAP, 0), '0026')).toBe(false); // a trap instruction ends its block
    expect(has(isa('gp', '280200', PANIC, 0, { bitmask: '100' }), '0026')).toBe(false); // a jump ends its block
  });
  test('0027: gp guard-zone panics, jar1 low faults', () => {
    expect(has(isa('gp', '3b07001000' + '00', PANIC, 0, { bitmask: STORE_BITMASK }), '0027')).toBe(true); // store at 0x1000
    expect(has(isa('jar1', '3b07001000' + '00', { kind: 'fault', address: '0x1000' }, 0, { bitmask: STORE_BITMASK }), '0027')).toBe(true);
    expect(has(isa('jar1', STORE_U8, { kind: 'fault', address: '0x21000' }, 0, { bitmask: STORE_BITMASK }), '0027')).toBe(false);
    expect(has(isa('gp', '65' + '00', PANIC, 0), '0027')).toBe(false);
  });
  test('0028: unlikely run', () => {
    expect(has(isa('gp', '02' + '00', TRAP, 1), '0028')).toBe(true);
    expect(has(isa('gp', '00' + '02', TRAP, 0), '0028')).toBe(false);
  });
});

describe('rules on operand values', () => {
  const regs = (set: Record<number, string>): string[] => ZERO.map((z, i) => set[i] ?? z);
  test('0001: an arithmetic shift right of a negative value that drops a 1 bit, or by 63', () => {
    // shar_r_imm_64 (153 = 0x99) r1 := φ2 >> x, B1 = 0x21, x = 1 (one immediate byte), then trap.
    const shar = (r2: string, x = '01'): VectorLike => isa('jar1', '9921' + x + '00', TRAP, 3, { bitmask: '1001', regs: regs({ 2: r2 }) });
    expect(has(shar('0xfffffffffffffffd'), '0001')).toBe(true); // -3 >> 1: floor -2, truncation -1
    expect(has(shar('0xfffffffffffffffc'), '0001')).toBe(false); // -4 >> 1 = -2 both ways (the dropped bit is 0)
    expect(has(shar('0x5'), '0001')).toBe(false); // positive
    expect(has(shar('0x8000000000000000', '3f'), '0001')).toBe(true); // min >> 63: floor -1, Lean's wrapped divisor gives 1
    // shar_r_32 (199 = 0xc7) rD := φA >> φB: A = 1, B = 2, D = 3; φ1 = 0xffffffff (-1 as i32), φ2 = 4: -1 >> 4 floor -1, truncation 0.
    expect(has(isa('jar1', 'c72103' + '00', TRAP, 3, { bitmask: '1001', regs: regs({ 1: '0xffffffff', 2: '0x4' }) }), '0001')).toBe(true);
    // φ1 = 0x7fffffff: positive as i32.
    expect(has(isa('jar1', 'c72103' + '00', TRAP, 3, { bitmask: '1001', regs: regs({ 1: '0x7fffffff', 2: '0x4' }) }), '0001')).toBe(false);
  });
  test('0002: sign_extend_8 of a value with bit 7 clear and higher bits set', () => {
    // sign_extend_8 (108 = 0x6c) r1 := X(1, φ2 mod 2^8), B1 = 0x21.
    const sx = (r2: string): VectorLike => isa('jar1', '6c21' + '00', TRAP, 2, { bitmask: '101', regs: regs({ 2: r2 }) });
    expect(has(sx('0x1234'), '0002')).toBe(true); // ours 0x34, Lean's whole-register sext keeps 0x1234
    expect(has(sx('0x1280'), '0002')).toBe(false); // bit 7 set: both give 0xffffffffffffff80
    expect(has(sx('0x34'), '0002')).toBe(false); // nothing above bit 7
  });
  test('0008: an access at or above 2^32, or running over it', () => {
    // load_u8 (52 = 0x34) r1, [x] with x = sext(0x80000000) = 0xffffffff80000000.
    expect(has(isa('jar1', '3401' + '00000080' + '00', { kind: 'fault', address: '0x80000000' }, 0, { bitmask: '1000001' }), '0008')).toBe(true);
    // x = 0x7fffffff: below 2^32, one byte.
    expect(has(isa('jar1', '3401' + 'ffffff7f' + '00', { kind: 'fault', address: '0x7ffff000' }, 0, { bitmask: '1000001' }), '0008')).toBe(false);
    // load_ind_u32 (128 = 0x80) r1, [φ2 + 0]: φ2 = 0xfffffffe, 4 bytes run over 2^32.
    const ind = (r2: string): VectorLike => isa('jar1', '8021' + '00', { kind: 'fault', address: '0xfffff000' }, 0, { bitmask: '101', regs: regs({ 2: r2 }) });
    expect(has(ind('0xfffffffe'), '0008')).toBe(true);
    expect(has(ind('0xfffffffc'), '0008')).toBe(false); // its last byte is 0xffffffff
  });
  test('0012: a jar1 block with a load costs differently at the tier than at 25', () => {
    // load_u8 r1, [0x20000], trap: the load ends at cycle memCycles, so the block costs memCycles - 3.
    const load = (profile: Profile, memoryPages: number): VectorLike =>
      isa(profile, '3401' + '00000200' + '00', { kind: 'fault', address: '0x20000' }, 0, { bitmask: '1000001', memoryPages });
    expect(has(load('jar1', 2049), '0012')).toBe(true); // tier 50: 47, not 22
    expect(has(load('jar1', 2048), '0012')).toBe(false); // tier 25
    expect(has(load('gp', 100_000), '0012')).toBe(false); // gp has no memCycles
    // A block without loads or stores costs the same at every tier.
    expect(has(isa('jar1', '01' + '00', TRAP, 1, { memoryPages: 100_000 }), '0012')).toBe(false);
  });
  test('0013: a jar1 block holding a row the note decides', () => {
    expect(has(isa('jar1', '6f21' + '00', TRAP, 2, { bitmask: '101' }), '0013')).toBe(true); // reverse_bytes (111)
    expect(has(isa('gp', '6f21' + '00', TRAP, 2, { bitmask: '101' }), '0013')).toBe(false); // gp: no single-pass table
    expect(has(isa('jar1', 'c82103' + '00', TRAP, 3, { bitmask: '1001' }), '0013')).toBe(false); // add_64 r3 := r1 + r2
    expect(has(isa('jar1', 'c821', TRAP, 2, { bitmask: '10' }), '0013')).toBe(true); // add_64 with byte 2 past the end
    // shlo_l_64 (207 = 0xcf): nibbles 12 and 13 differ raw but clamp to 12 and 12; nibbles 1 and 2 differ both ways.
    expect(has(isa('jar1', 'cfdc03' + '00', TRAP, 3, { bitmask: '1001' }), '0013')).toBe(true);
    expect(has(isa('jar1', 'cf2103' + '00', TRAP, 3, { bitmask: '1001' }), '0013')).toBe(false);
  });
  test('instruction rules read the registers of the VM that runs under the kernel', () => {
    // A kernel vector whose VM 1 (a child, active) runs shar_r_imm_64 r1 := φ2 >> 1 (code 0 = 99 21 01, then trap).
    const child = (r2: bigint): VectorLike => kernel('992101' + '00', '1001', [
      { id: 0, status: 'waiting', slots: { 64: H(1) } }, { id: 1, status: 'running', code: 0, regs: { 2: r2 } },
    ], { active: 1, stack: [{ caller: 0, ipcSlot: null, ipcMapped: null, ipcCap: null }] } as unknown as Partial<SnapshotJson>);
    expect(has(child(2n ** 64n - 3n), '0001')).toBe(true); // -3 >> 1
    expect(has(child(2n ** 64n - 4n), '0001')).toBe(false); // -4 >> 1
    expect(has(ecall({ 11: 0x0en }, {}), '0014')).toBe(true); // the kernel vector's one instruction is an ecall
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built kernel vectors: one transition from a pre-state

interface VmOpts { readonly id?: number; readonly status?: string; readonly code?: number; readonly gas?: string; readonly regs?: Record<number, bigint>; readonly slots?: Record<number, CapJson> }
const vmJson = (o: VmOpts) => ({
  id: o.id ?? 0, status: o.status ?? 'running', code: o.code ?? 0, pc: 0, gas: o.gas ?? '0x2710',
  regs: ZERO.map((z, i) => (o.regs?.[i] !== undefined ? `0x${(o.regs[i] as bigint).toString(16)}` : z)), blockPaid: false,
  slots: Object.entries(o.slots ?? {}).map(([slot, cap]) => ({ slot: Number(slot), cap, original: false })),
});
/** A kernel vector: VM `active` runs `code[0]`'s first instruction; other VMs and the stack as given. */
function kernel(code: string, bitmask: string, vms: VmOpts[], more: Partial<SnapshotJson> = {}, exit: KernelExitJson | null = null): VectorLike {
  const pre = {
    vms: vms.map(vmJson), nextVmId: vms.length, active: 0, stack: [],
    code: [{ code, bitmask, jumpTable: [] }, { code: '00', bitmask: '1', jumpTable: [] }],
    untyped: { offset: 0, total: 8 }, backing: [], memCycles: 25, ...more,
  } as unknown as SnapshotJson;
  return { runner: 'kernel', profile: 'jar1', input: { pre }, expected: { exit, post: pre } };
}
const ECALL = ['03', '1'] as const;
const ecall = (regs: Record<number, bigint>, slots: Record<number, CapJson>, gas?: string): VectorLike => kernel(...ECALL, [{ regs, slots, ...(gas ? { gas } : {}) }]);
const ecalli = (imm: string, regs: Record<number, bigint>, slots: Record<number, CapJson>): VectorLike =>
  kernel('0a' + imm, '1' + '0'.repeat(imm.length / 2), [{ regs, slots }]);
const P = (id: number): CapJson => ({ kind: 'protocol', id });
const H = (vm: number): CapJson => ({ kind: 'handle', vm, maxGas: null });
const D = (mapped: number[] = [], base: number | null = null): CapJson =>
  ({ kind: 'data', backing: 0, pages: 1, base: mapped.length > 0 ? 0x20 : base, access: mapped.length > 0 ? 'W' : null, mapped } as CapJson);
const refs = (subject: number, object: number): bigint => (BigInt(subject) << 32n) | BigInt(object);

describe('kernel rules on hand-built transitions', () => {
  test('0030: an ecall of a defined op with different subject and object halves', () => {
    expect(has(ecall({ 11: 6n, 12: refs(1, 90) }, { 1: P(1) }), '0030')).toBe(true); // MOVE 1 → 90
    expect(has(ecall({ 11: 6n, 12: refs(90, 90) }, { 90: P(1) }), '0030')).toBe(false); // both halves 90: swapping changes nothing
    expect(has(ecall({ 11: 0x0en, 12: refs(1, 90) }, { 1: P(1) }), '0030')).toBe(false); // op 0x0E names nothing
  });
  test('0032 and 0052: undefined ops', () => {
    expect(has(ecall({ 11: 0x0cn }, {}), '0032')).toBe(true); // DIRTY
    expect(has(ecall({ 11: 0x0en }, {}), '0032')).toBe(false);
    expect(has(ecall({ 11: (1n << 32n) | 6n, 12: refs(1, 90) }, { 1: P(1) }), '0052')).toBe(true); // low 32 bits would be MOVE
    expect(has(ecall({ 11: 6n, 12: refs(1, 90) }, { 1: P(1) }), '0052')).toBe(false);
  });
  test('0033 and 0034: DROP dispatched, and a dispatch the VM cannot pay', () => {
    expect(has(ecall({ 11: 5n, 12: refs(1, 0) }, { 1: P(1) }), '0033')).toBe(true);
    // gas 5: the ecall's block costs 1 (default row: max(1 - 3, 1)), 4 left < the 10-gas dispatch.
    const short = ecall({ 11: 5n, 12: refs(1, 0) }, { 1: P(1) }, '0x5');
    expect([has(short, '0033'), has(short, '0034')]).toEqual([false, true]);
    expect(has(ecall({ 11: 5n, 12: refs(1, 0) }, { 1: P(1) }), '0034')).toBe(false);
  });
  test('0036, 0051, 0054: RETYPE', () => {
    // ecalli 5 on UNTYPED: φ7 = 1 page to the slot φ12 names; slot 70 holds a cap → WHAT.
    const occupied = ecalli('05', { 7: 1n, 12: 70n }, { 5: { kind: 'untyped' }, 70: P(1) });
    expect([has(occupied, '0036'), has(occupied, '0051'), has(occupied, '0054')]).toEqual([true, true, false]);
    const ok = ecalli('05', { 7: 1n, 12: 71n }, { 5: { kind: 'untyped' } });
    expect([has(ok, '0036'), has(ok, '0051'), has(ok, '0054')]).toEqual([false, true, false]);
    expect(has(ecalli('05', { 7: 0n, 12: 71n }, { 5: { kind: 'untyped' } }), '0054')).toBe(true);
    expect(has(ecalli('05', { 7: 0n, 12: 71n }, { 5: P(1) }), '0051')).toBe(false); // a protocol cap: no RETYPE
  });
  test('0037 and 0048: ecalli above 127, and a protocol exit', () => {
    expect(has(ecalli('c8', {}, {}), '0037')).toBe(true); // immediate sext(0xc8) = 2^32 - 56
    const protocol = kernel('0a01', '10', [{ slots: { 1: P(1) } }], {}, { kind: 'protocol', id: 1 });
    expect([has(protocol, '0037'), has(protocol, '0048')]).toEqual([false, true]);
  });
  test('0039 and 0047: CREATE selecting an empty slot; a protocol slot written', () => {
    // ecalli 5 on CODE 1, φ7 selects slot 6 (empty), the HANDLE goes to slot 70.
    expect(has(ecalli('05', { 7: 1n << 6n, 12: 70n }, { 5: { kind: 'code', id: 1 } }), '0039')).toBe(true);
    expect(has(ecalli('05', { 7: 1n << 1n, 12: 70n }, { 1: P(1), 5: { kind: 'code', id: 1 } }), '0039')).toBe(false); // a copyable cap
    expect(has(ecalli('05', { 7: 1n << 1n, 12: 70n }, { 1: P(1), 5: { kind: 'code', id: 1 } }), '0047')).toBe(true); // the child holds protocol 1
    expect(has(ecall({ 11: 6n, 12: refs(1, 90) }, { 1: P(1) }), '0047')).toBe(true); // MOVE empties protocol slot 1
    expect(has(ecall({ 11: 6n, 12: refs(40, 90) }, { 40: P(1) }), '0047')).toBe(false); // slots 40 and 90
  });
  test('0041, 0042, 0045, 0046, 0049, 0050: op by op', () => {
    expect(has(ecall({ 11: 6n, 12: refs(40, 40) }, { 40: P(1) }), '0041')).toBe(true); // MOVE onto itself
    expect(has(ecall({ 11: 6n, 12: refs(40, 41) }, { 40: D([0]) }), '0041')).toBe(true); // a mapped DATA cap
    expect(has(ecall({ 11: 6n, 12: refs(40, 41) }, { 40: P(1) }), '0041')).toBe(false);
    expect(has(ecalli('05', { 7: 0n, 8: 1n, 12: 6n }, { 5: D(), 6: D() }), '0042')).toBe(true); // CALL on DATA
    expect(has(ecall({ 11: 0x0bn, 12: refs(1, 0) }, { 1: P(1) }), '0045')).toBe(true); // SET_MAX_GAS on a protocol cap
    expect(has(ecall({ 11: 0x0bn, 12: refs(64, 0) }, { 64: H(1) }), '0045')).toBe(false); // on a HANDLE: both options agree
    expect(has(ecall({ 11: 2n, 7: 0x20n, 8: 0n, 9: 1n, 10: 2n, 12: refs(40, 0) }, { 40: D() }), '0046')).toBe(true); // access byte 2
    expect(has(ecall({ 11: 2n, 7: 0x20n, 8: 0n, 9: 1n, 10: 1n, 12: refs(40, 0) }, { 40: D() }), '0046')).toBe(false); // 1 = RW both ways
    expect(has(ecall({ 11: 0n, 12: refs(1, 0) }, { 1: P(1) }), '0049')).toBe(true);
    expect(has(ecall({ 11: 0x0dn, 12: refs(64, 0) }, { 64: H(1) }), '0050')).toBe(true);
    expect(has(ecall({ 11: 5n, 12: refs(64, 0) }, { 64: H(1) }), '0050')).toBe(false);
  });
  test('0029: MAP, and a store in a kernel vector', () => {
    expect(has(ecall({ 11: 2n, 7: 0x20n, 8: 0n, 9: 1n, 10: 1n, 12: refs(40, 0) }, { 40: D() }), '0029')).toBe(true);
    // store_imm_u8 (30 = 0x1e) [0x20000] := 0, lX = 4: the store touches the backing page of the cap mapped there.
    expect(has(kernel('1e04' + '00000200', '100000', [{ slots: { 40: D([0]) } }]), '0029')).toBe(true);
    expect(has(ecall({ 11: 6n, 12: refs(1, 90) }, { 1: P(1) }), '0029')).toBe(false);
  });
  test('0035, 0040, 0043: a child stops', () => {
    // VM 0 waits on VM 1 (the frame), VM 1 runs code 1 = trap with 500 gas: status 1, the caller gets the gas back.
    const child = (slots: Record<number, CapJson>, gas = '0x1f4', code = 1): VectorLike => kernel('00', '1', [
      { id: 0, status: 'waiting', gas: '0x64', slots: { 64: H(1) } }, { id: 1, status: 'running', code, gas, slots },
    ], { active: 1, stack: [{ caller: 0, ipcSlot: null, ipcMapped: null, ipcCap: null }] } as unknown as Partial<SnapshotJson>);
    const trap = child({ 0: D() });
    expect([has(trap, '0035'), has(trap, '0043'), has(trap, '0040')]).toEqual([true, true, false]);
    expect(has(child({}), '0035')).toBe(false); // nothing in slot 0
    expect(has(child({}, '0x0'), '0043')).toBe(false); // out of gas at its block: nothing to give back
    // VM 1 runs code 0 = jump_ind (50 = 0x32) r2 + 0 with φ2 = 0xffff0000: the core halt.
    const halt = kernel('3202', '10', [
      { id: 0, status: 'waiting', slots: { 64: H(1) } }, { id: 1, status: 'running', code: 0, regs: { 2: 0xffff0000n } },
    ], { active: 1, stack: [{ caller: 0, ipcSlot: null, ipcMapped: null, ipcCap: null }] } as unknown as Partial<SnapshotJson>);
    expect(has(halt, '0040')).toBe(true);
  });
  test('0038 and 0044: an IPC cap on CALL and REPLY', () => {
    // VM 1 REPLYs (ecalli 0) from a CALL that passed a DATA cap from VM 0's slot 67.
    const reply = (ipc: boolean): VectorLike => kernel('0a', '1', [
      { id: 0, status: 'waiting', slots: { 64: H(1) } }, { id: 1, status: 'running', code: 0, slots: ipc ? { 0: D() } : {} },
    ], { active: 1, stack: [{ caller: 0, ipcSlot: ipc ? 67 : null, ipcMapped: ipc ? [] : null, ipcCap: ipc ? { backing: 0, pages: 1 } : null }] } as unknown as Partial<SnapshotJson>);
    expect(has(reply(true), '0038')).toBe(true);
    expect(has(reply(false), '0038')).toBe(false);
    // VM 0 CALLs HANDLE 64 (VM 1, idle) with φ12 = 67 (a DATA cap): passed unmapped; with φ12 = 0: no IPC slot.
    const call = (phi12: bigint): VectorLike => kernel('0a40', '10', [
      { id: 0, regs: { 12: phi12 }, slots: { 64: H(1), 67: D([0]) } }, { id: 1, status: 'idle', code: 1 },
    ]);
    expect([has(call(67n), '0038'), has(call(67n), '0044')]).toEqual([true, true]);
    expect([has(call(0n), '0038'), has(call(0n), '0044')]).toEqual([false, false]);
  });
});
