/**
 * The assembler against independent sources: the hand-assembled fixtures (model/test/fixtures), the
 * hand-assembled test programs of spec/pvm-core.md section 8, and the model's decoder and disassembler
 * (a round trip for every opcode: text -> bytes -> model disassembly -> the same text -> the same bytes).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { disassemble, parseCode, parseJarBlob } from '../../model/index.js';
import { OPCODES } from '../../model/decode/opcodes.js';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import { hex } from '../../model/test/helpers.js';
import { ASM_OPCODES, asm, asmWith, assemble, codeBlob, compactNatural, gpBlob, jarBlob, packBitmask, type AsmFormat, type Assembled } from '../asm/index.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('the fixtures, byte for byte', () => {
  test('fib loop (n = 1,000,000) equals fibLoopBlob', () => {
    // The fixture was assembled by hand with two immediates longer than the shortest: 1,000,000 in 4
    // bytes (3 would do: 0x0f4240 has bit 23 clear) and ecalli 0 with one byte (0 needs none); and a
    // jump-table entry size of 4 for its empty table. The source says so with `:N` and entrySize.
    const fib = asm`
        load_imm r7, 0
        load_imm r9, 1
        load_imm r8, 1000000:4
        fallthrough
      loop:
        add_64 r10, r7, r9
        move_reg r7, r9
        move_reg r9, r10
        add_imm_64 r8, r8, -1
        branch_ne_imm r8, 0, @loop
        ecalli 0:1`;
    expect(fib.labels.get('loop')).toBe(12);
    const blob = jarBlob({ memoryPages: 0, caps: [{ slot: 64, type: 'code', image: fib, entrySize: 4 }] });
    expect(toHex(blob)).toBe(toHex(fibLoopBlob));
  });

  test('recursive fib equals fibRecursiveBlob (every immediate 4 bytes: wide mode)', () => {
    const rec = asmWith({ wide: true })`
        branch_lt_u_imm a0, 2, @done
        move_reg s0, a0
        load_imm_64 a0, 0x100000000   ; CREATE bitmask: slot 32
        load_imm a5, 64
        ecalli 32                     ; CREATE from the CODE cap in slot 32 -> HANDLE in 64
        load_imm_64 a0, 0x100000000
        load_imm a5, 65
        ecalli 32
        add_imm_64 a0, s0, -1
        load_imm a5, 0
        ecalli 64                     ; CALL child 1 with n - 1
        move_reg s1, a0
        add_imm_64 a0, s0, -2
        load_imm a5, 0
        ecalli 65
        add_64 a0, s1, a0
        fallthrough
      done:
        ecalli 0                      ; REPLY
        trap`;
    expect(rec.labels.get('done')).toBe(94);
    expect(toHex(jarBlob({ memoryPages: 0, caps: [{ slot: 32, type: 'code', image: rec }] }))).toBe(toHex(fibRecursiveBlob));
  });
});

describe('the test programs of spec/pvm-core.md section 8', () => {
  test('T2 (arithmetic): code bytes and packed bitmask 41 92 24 49 0a', () => {
    const t2 = asm`
      load_imm r7, 0x7fffffff
      load_imm r8, 1
      add_32 r9, r7, r8
      div_u_64 r10, r7, r0
      div_s_32 r12, r9, r10
      rem_s_64 r11, r9, r0
      load_imm r6, 65
      shlo_l_64 r5, r8, r6
      rot_l_32 r4, r7, r6
      max r2, r9, r8
      count_set_bits_64 r1, r9
      trap`;
    expect(toHex(t2.code)).toBe('3307ffffff7f330801be8709cb070ac2a90cce090b330641cf6805dd6704e38902669100');
    expect(toHex(packBitmask(t2.bitmask))).toBe('419224490a');
  });

  test('T1 (decode): shortest immediates, a forced 2-byte -1, and a 3-byte sign-extended immediate', () => {
    const t1 = asm`
      load_imm r7, -128
      load_imm_64 r8, 0x1122334455667788
      add_imm_64 r9, r8, -1:2
      load_imm r10, 0
      add_imm_32 r11, r7, 0xffffffffff800000
      trap`;
    // 33 07 80 | 14 08 88..11 | 95 89 ff ff | 33 0a | 83 7b 00 00 80 | 00 (section 8 T1 without its clamped-register and ignored-byte lines)
    expect(toHex(t1.code)).toBe('330780' + '14088877665544332211' + '9589ffff' + '330a' + '837b000080' + '00');
  });

  test('T3 (memory): code, and the 82-byte JAR v2 blob with a DATA cap', () => {
    const t3 = asm`
      load_imm r7, 0x10000
      load_imm r8, -2
      store_ind_u16 r8, r7, 2
      load_ind_i8 r9, r7, 3
      load_ind_u16 r10, r7, 2
      store_ind_u32 r8, r7, 0x1004
      trap`;
    const blob = jarBlob({ memoryPages: 1, invokeCap: 64, caps: [
      { slot: 64, type: 'code', image: t3 },
      { slot: 65, type: 'data', basePage: 16, pageCount: 1, access: 'W' },
    ] });
    expect(toHex(blob)).toBe(toHex(hex(`4a415202 01000000 02 40 | 40 00 00000000 00000000 00 00000000 22000000 |
      41 01 10000000 01000000 01 00000000 00000000 | 00000000 01 16000000 |
      3307000001 3308fe 797802 7d7903 7e7a02 7a780410 00 | 21 49 22`)));
    expect(blob.length).toBe(82);
  });

  test('T4 (djump): %label gives the jump-table address; the 51-byte blob and the gp deblob', () => {
    const t4 = asm`
        load_imm r7, %there
        jump_ind r7, 0
        trap
      there:
        load_imm r8, 42
        trap
      .jump_table there`;
    expect(t4.jumpTable).toEqual([6]);
    const jar = jarBlob({ memoryPages: 1, caps: [{ slot: 64, type: 'code', image: t4 }] });
    expect(toHex(jar)).toBe('4a41520201000000014040000000000000000000000000000016000000'
      + '01000000010a0000000633070232070033082a006902');
    // gp: E(|j|) = 01, z = 01, E(|c|) = 0a, table 06, code, bitmask 69 02
    expect(toHex(gpBlob(t4))).toBe('01010a0633070232070033082a006902');
  });

  test('T5 (ecalli): 33 07 05 0a 01 95 77 01 00, bitmask 29 01', () => {
    const t5 = asm`
      load_imm r7, 5
      ecalli 1
      add_imm_64 r7, r7, 1
      trap`;
    expect(toHex(t5.code)).toBe('330705' + '0a01' + '957701' + '00');
    expect(toHex(packBitmask(t5.bitmask))).toBe('2901');
  });
});

describe('blob containers', () => {
  test('compact naturals (GP C.6): 1 byte below 2^7, then a length prefix', () => {
    expect(compactNatural(0)).toEqual([0]);
    expect(compactNatural(127)).toEqual([0x7f]);
    // 128 < 2^14: l = 1, first byte 2^8 - 2^7 + floor(128 / 2^8) = 0x80, then 128 mod 2^8
    expect(compactNatural(128)).toEqual([0x80, 0x80]);
    // 0x3fff: 0x80 + 0x3f, then 0xff
    expect(compactNatural(0x3fff)).toEqual([0xbf, 0xff]);
    // 0x4000 < 2^21: l = 2, first byte 2^8 - 2^6 + 0 = 0xc0, then 00 40
    expect(compactNatural(0x4000)).toEqual([0xc0, 0x00, 0x40]);
    expect(compactNatural(2n ** 64n - 1n)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  test('a gp deblob with about 20,000 code bytes (3-byte |c|) and a CODE sub-blob parse back to the same image', () => {
    const body = Array.from({ length: 7000 }, (_, k) => `add_imm_64 r${k % 13}, r${(k + 1) % 13}, ${k % 100}`).join('\n');
    const big = asm`${body}
      trap`;
    expect(big.code.length).toBeGreaterThan(0x4000);
    const back = parseCode('gp', gpBlob(big));
    expect(back.ok && toHex(back.value.code)).toBe(toHex(big.code));
    expect(back.ok && [...back.value.bitmask]).toEqual([...big.bitmask]);
    const jar = parseCode('jar1', codeBlob(big));
    expect(jar.ok && toHex(jar.value.code)).toBe(toHex(big.code));
  });

  test('a manifest with two DATA caps and data parses in the model with the same caps', () => {
    const prog = asm`trap`;
    const data = Uint8Array.from([1, 2, 3]);
    const blob = jarBlob({ caps: [
      { slot: 1, type: 'data', basePage: 16, pageCount: 2, access: 'R', data },
      { slot: 70, type: 'code', image: prog },
      { slot: 0, type: 'data', basePage: 20, pageCount: 1, access: 'W' },
    ] });
    const p = parseJarBlob(blob);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.memoryPages).toBe(3);
    expect(p.value.invokeCap).toBe(70);
    expect(p.value.caps.map((c) => c.type === 'data' ? [c.slot, c.basePage, c.pageCount, c.access, [...c.data]] : [c.slot, 'code'])).toEqual([
      [1, 16, 2, 'R', [1, 2, 3]], [70, 'code'], [0, 20, 1, 'W', []],
    ]);
  });
});

/** Immediates in disassembler notation, with the shortest width derived by hand from X(n, ·). */
const IMMS: readonly [string, number][] = [
  ['0x0', 0], ['0x1', 1], ['-1', 1], ['0x7f', 1], ['0x80', 2], ['-129', 2], ['0x7fff', 2], ['0x8000', 3],
  ['0x7fffff', 3], ['0x800000', 4], ['0x7fffffff', 4], ['0xffffffff80000000', 4], ['-32768', 2],
];

/** Operand text for a format, cycling registers and immediates by k; targets are @0 (offset -1) and @1 (offset 0). */
function operands(format: AsmFormat, k: number): { text: string; length: number } {
  const r = (n: number): string => `r${(k + n) % 13}`;
  const [x = '0x0', wx = 0] = IMMS[k % IMMS.length] ?? [];
  const [y = '0x0', wy = 0] = IMMS[(k + 5) % IMMS.length] ?? [];
  const t = k % 2 === 0 ? '@0' : '@1';
  const wt = k % 2 === 0 ? 1 : 0;
  switch (format) {
    case 'NoArgs': return { text: '', length: 1 };
    case 'OneImm': return { text: x, length: 1 + wx };
    case 'OneRegExtImm': return { text: `${r(0)}, 0x1122334455667788`, length: 10 };
    case 'TwoImm': return { text: `${x}, ${y}`, length: 2 + wx + wy };
    case 'OneOffset': return { text: t, length: 1 + wt };
    case 'OneRegOneImm': return { text: `${r(0)}, ${x}`, length: 2 + wx };
    case 'OneRegTwoImm': return { text: `${r(0)}, ${x}, ${y}`, length: 2 + wx + wy };
    case 'OneRegImmOffset': return { text: `${r(0)}, ${x}, ${t}`, length: 2 + wx + wt };
    case 'TwoReg': return { text: `${r(0)}, ${r(5)}`, length: 2 };
    case 'TwoRegOneImm': return { text: `${r(0)}, ${r(5)}, ${x}`, length: 2 + wx };
    case 'TwoRegOneOffset': return { text: `${r(0)}, ${r(5)}, ${t}`, length: 2 + wt };
    case 'TwoRegTwoImm': return { text: `${r(0)}, ${r(5)}, ${x}, ${y}`, length: 3 + wx + wy };
    case 'ThreeReg': return { text: `${r(9)}, ${r(0)}, ${r(5)}`, length: 3 };
  }
}

describe('round trip through the model disassembler, every opcode', () => {
  test('the assembler knows exactly the model\'s opcodes, with the same numbers and formats', () => {
    const mine = [...ASM_OPCODES.values()].map((o) => [o.opcode, o.name, o.format]).sort((a, b) => Number(a[0]) - Number(b[0]));
    const model = [...OPCODES.values()].map((o) => [o.opcode, o.name, o.format]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(mine).toEqual(model);
    expect(mine.length).toBe(140);
  });

  const cases = [...ASM_OPCODES.values()].flatMap((op) => [0, 1, 2, 3, 4, 5, 6].map((v) => [op.name, op.format, op.opcode * 7 + v] as const));
  test.each(cases)('%s (%s) case %#', (name, format, k) => {
    const { text, length } = operands(format, k);
    const line = text === '' ? name : `${name} ${text}`;
    const prog: Assembled = asm`
        fallthrough
        ${line}
        trap`;
    const [, mid, end] = prog.lines;
    expect(mid?.pc).toBe(1);
    expect(mid?.bytes.length).toBe(length);
    expect(end?.pc).toBe(1 + length);
    const dis = disassemble(prog);
    expect(dis.map((l) => l.text)).toEqual(['fallthrough', line, 'trap']);
    const again = asm`${dis.map((l) => l.text).join('\n')}`;
    expect(toHex(again.code)).toBe(toHex(prog.code));
  });
});

describe('layout', () => {
  test('offsets grow to the bytes they need: 1, 2 and 3 bytes, forward and back', () => {
    const pad = (n: number): string => Array.from({ length: n }, () => 'add_64 r1, r2, r3').join('\n'); // 3 bytes each
    const p = asm`
      start:
        branch_eq r1, r2, @near
        branch_eq r1, r2, @mid
        jump @far
      near:
        ${pad(40)}
        fallthrough
      mid:
        ${pad(15000)}
        fallthrough
      far:
        jump @start
        trap`;
    const dis = disassemble(p);
    const at = (pc: number) => dis.find((l) => l.pc === pc);
    // near is 120 + 3 bytes ahead of the first branch (1-byte offset, 0x7f at most: 123 fits);
    // mid is ~249 ahead (2 bytes), far ~45,000 (3 bytes: more than 0x7fff); the jump back needs 3 too.
    expect(p.lines.slice(0, 3).map((l) => l.bytes.length)).toEqual([3, 4, 4]);
    expect(at(0)?.text).toBe(`branch_eq r1, r2, @${p.labels.get('near')}`);
    expect(at(3)?.text).toBe(`branch_eq r1, r2, @${p.labels.get('mid')}`);
    expect(at(7)?.text).toBe(`jump @${p.labels.get('far')}`);
    expect(at(p.labels.get('far') ?? -1)?.text).toBe('jump @0');
    expect(p.labels.get('near')).toBe(11);
    expect(p.labels.get('mid')).toBe(11 + 120 + 1);
    expect(p.labels.get('far')).toBe(132 + 45000 + 1);
  });

  test('labels, comments and ABI register names', () => {
    const p = asm`
      a: b: move_reg a0, sp   // two labels on one line
      # a comment line
      move_reg a5, ra ; trailing comment
      trap`;
    expect([...p.labels]).toEqual([['a', 0], ['b', 0]]);
    // move_reg: low nibble destination, high nibble source: a0 = r7, sp = r1 -> 0x17; a5 = r12, ra = r0 -> 0x0c
    expect(toHex(p.code)).toBe('6417640c00');
  });
});

describe('bad input gives an error naming the line, never an exception', () => {
  const cases: [string, string, number, string][] = [
    ['unknown instruction', 'trap\nfrobnicate r1', 2, "unknown instruction 'frobnicate'"],
    ['operand count', 'add_64 r1, r2', 1, '2 operands, expected 3'],
    ['register out of range', 'move_reg r13, r1', 1, "operand 'r13': expected a register"],
    ['immediate too big for 4 bytes', 'load_imm r1, 0x80000000', 1, 'does not fit in 4 sign-extended bytes (use load_imm_64)'],
    ['forced width too small', 'load_imm r1, 0x80:1', 1, 'does not fit in 1 bytes'],
    ['width above 4', 'ecalli 1:5', 1, 'width 5 bytes, expected 0..4'],
    ['not a number', 'ecalli x1', 1, "operand 'x1': expected a number"],
    ['out of 64-bit range', 'load_imm_64 r1, 0x10000000000000000', 1, 'outside the 64-bit range'],
    ['undefined label', 'jump @nowhere', 1, "undefined label 'nowhere'"],
    ['duplicate label', 'x:\ntrap\nx: trap', 3, "label 'x' is defined twice"],
    ['target not a block start', 'load_imm r1, 1\nx: jump @x', 2, 'is not a basic-block start'],
    ['jump-table entry not a block start', 'load_imm r1, 1\nx: trap\n.jump_table x', 3, 'is not a basic-block start'],
    ['%label not in the table', 'load_imm r1, %x\nx: trap', 1, 'the label is not in the .jump_table'],
    ['unknown directive', '.data 1', 1, "unknown directive '.data'"],
    ['bad target', 'jump 5', 1, 'expected a target @label or @pc'],
  ];
  test.each(cases)('%s', (_, source, line, message) => {
    const r = assemble(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(line);
    expect(r.error.message).toContain(message);
  });

  test('checkTargets: false allows a mid-block target', () => {
    const r = assemble('load_imm r1, 1\nx: jump @x', { checkTargets: false });
    expect(r.ok && toHex(r.value.code)).toBe('330101' + '28'); // jump to itself: offset 0, no offset bytes
  });

  test('never throws on arbitrary text or on plausible but random lines (fast-check, 2,000 runs each)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (src) => {
      const r = assemble(src);
      return r.ok || (r.error.kind === 'asm_error' && r.error.message.length > 0);
    }), { numRuns: 2000 });
    const names = [...ASM_OPCODES.keys(), 'nop', '.jump_table'];
    const operand = fc.oneof(
      fc.constantFrom('r0', 'r12', 'r13', 'a0', 'sp', '@x', '@y', '@0', '@99999', '%x', '%y', 'x', '', '0:9', '1:0', '-1:1'),
      fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }).map((v) => (v < 0n ? `-0x${(-v).toString(16)}` : String(v))),
    );
    const line = fc.tuple(fc.constantFrom('', 'x: ', 'y: ', 'x: y: '), fc.constantFrom(...names), fc.array(operand, { maxLength: 5 }))
      .map(([label, name, ops]) => `${label}${name} ${ops.join(', ')}`);
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, wide) => {
      const r = assemble(lines.join('\n'), { wide });
      if (!r.ok) return r.error.kind === 'asm_error' && r.error.line >= 0 && r.error.line <= lines.length;
      // whatever assembles must decode back to one instruction per line with the model
      return disassemble(r.value).length === r.value.lines.length;
    }), { numRuns: 2000 });
  });
});
