/**
 * Notes on every vector that depends on a decision: each vector of the generated tree (gp/, jar1/)
 * lists every spec-note whose decision its expected value depends on, as vectors/gen/rules.ts says
 * (`notesExercised`), and each rule is checked on hand-built vectors where it must and must not apply.
 * The hand-built vectors state their outcome by hand (exit, pc, load class); only the rule reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultVectorDir, vectorFiles } from '../vectors/verify.js';
import { allCases } from '../../vectors/gen/index.js';
import { notesExercised, RULES, type VectorLike } from '../../vectors/gen/rules.js';
import type { CoreExitJson, KernelExitJson, PageJson, Vector } from '../../vectors/lib/format.js';
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
});

// ---------------------------------------------------------------------------------------------
// Hand-built vectors

const ZERO = Array.from({ length: 13 }, () => '0x0');
interface IsaOpts { readonly pc?: number; readonly gas?: string; readonly pages?: PageJson[]; readonly regs?: string[]; readonly bitmask?: string }
/** An isa vector: code bytes (hex), the exit and pc stated by hand. Bitmask: every byte a start unless given. */
function isa(profile: Profile, code: string, exit: CoreExitJson, pc: number, o: IsaOpts = {}): VectorLike {
  const n = code.length / 2;
  return {
    runner: 'isa', profile,
    input: { code: { code, bitmask: o.bitmask ?? '1'.repeat(n), jumpTable: [] }, memoryPages: 0, pc: o.pc ?? 0, gas: o.gas ?? '0x2710', regs: o.regs ?? ZERO, pages: o.pages ?? [], memory: [] },
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
    // rA = 1, rB = 2 to address 0: panics, with φ1 written.
    expect(has(isa('gp', 'b42100', PANIC, 0, { bitmask: '100' }), '0004')).toBe(true);
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
