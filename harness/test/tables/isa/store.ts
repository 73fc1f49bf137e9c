/**
 * Stores: store_imm_u8..u64 (30-33), store_u8..u64 (59-62), store_imm_ind_u8..u64 (70-73),
 * store_ind_u8..u64 (120-123). spec/pvm-core.md 1.2, 3.2; spec-notes 0007, 0009 (writes need W,
 * checked for every byte before any byte moves).
 *
 * Encodings:
 * - TwoImm `op B1 x... y...`: lX = min(4, B1 & 7), lY = min(4, l - lX - 1); address x = X(lX, ...)
 *   at pc+2, value y = X(lY, ...) at pc+2+lX (sign-extended to 64 bits, then the low n bytes stored).
 * - OneRegOneImm `op B1 x...`: R1 = B1 & 15 is the data register; address x = X(min(4, l-1), ...).
 * - OneRegTwoImm `op B1 x... y...`: R1 = B1 & 15 (base), lX = min(4, (B1 >> 4) & 7),
 *   lY = min(4, l - lX - 1); mem[φ[R1] + x] := y.
 * - TwoRegOneImm `op B1 x...`: R1 = B1 & 15 (data), R2 = B1 >> 4 (base); mem[φ[R2] + x] := φ[R1].
 * All stores are little-endian. Page 0x10000 is writable unless said.
 */
import { describe, expect, it } from 'vitest';
import { hex, run } from '../core.js';
import { expectExit, expectFault, expectMemory, len, regFile } from './util.js';

/** Registers the store tables (describe/it) for the engine describeCoreTables has set. */
export function storeTables(): void {
  const W = [{ address: 0x10000, length: 0x1000, access: 'W' as const }];
  const V = 0x1122334455667788n;

  interface StoreCase {
    readonly name: string;
    readonly code: string;
    readonly regs?: Readonly<Record<number, bigint>>;
    /** Expected bytes at `at`; nothing else non-zero. */
    readonly at: number;
    readonly bytes: string;
    readonly memory?: readonly { address: number; bytes: Uint8Array }[];
  }

  function check(c: StoreCase): void {
    const r = run([c.code, '00'], { pages: W, regs: c.regs ?? {}, memory: c.memory ?? [] });
    expectExit(r, 'trap', len(c.code));
    expectMemory(r, c.at, c.bytes);
    // a store changes no register
    expect(r.state.regs).toEqual(regFile(c.regs ?? {}));
  }

  describe('store_imm (30-33)', () => {
    const cases: StoreCase[] = [
      // store_imm_u8 = 0x1E: lX = 3, x = 0x10000; l = 5 -> lY = 1, y = X(1, 0xAB) -> low byte AB
      { name: 'store_imm_u8 writes one byte', code: '1E 03 00 00 01 AB', at: 0x10000, bytes: 'AB 00' },
      // store_imm_u16 = 0x1F: y = X(1, 0x80) = 0xFF..80 -> low 2 bytes LE: 80 FF
      { name: 'store_imm_u16 stores the sign-extended immediate', code: '1F 03 00 00 01 80', at: 0x10000, bytes: '80 FF 00' },
      // store_imm_u32 = 0x20: l = 6 -> lY = 2, y = X(2, 0x8000) = 0xFF..8000 -> 00 80 FF FF
      { name: 'store_imm_u32 stores a sign-extended 2-byte immediate', code: '20 03 00 00 01 00 80', at: 0x10000, bytes: '00 80 FF FF 00' },
      // store_imm_u64 = 0x21: y = X(1, 0x80) -> 80 FF FF FF FF FF FF FF
      { name: 'store_imm_u64 stores all 8 bytes of the sign-extended immediate', code: '21 03 00 00 01 80', at: 0x10000, bytes: '80 FF FF FF FF FF FF FF 00' },
      // y = X(4, 0x12345678) = 0x12345678 -> 78 56 34 12 00 00 00 00
      { name: 'store_imm_u64 of a positive 4-byte immediate', code: '21 03 00 00 01 78 56 34 12', at: 0x10000, bytes: '78 56 34 12 00 00 00 00' },
      // lX = min(4, 7) = 4: x = X(4, 0x00010000) = 0x10000; l = 6 -> lY = 1, y = 0x55
      { name: 'store_imm lX field 7 is capped at 4', code: '1E 07 00 00 01 00 55', at: 0x10000, bytes: '55' },
      // B1 = 0xF3: lX = 0xF3 & 7 = 3 (upper bits ignored): x = X(3, 0x010002) = 0x10002; y = 0x66
      { name: 'store_imm ignores the upper bits of B1', code: '1E F3 02 00 01 66', at: 0x10002, bytes: '66' },
      // l = 6, lX = 3 -> lY = 2: y = X(2, 0x2211); store_u8 keeps only 0x11
      { name: 'store_imm_u8 keeps the low byte of a longer immediate', code: '1E 03 05 00 01 11 22', at: 0x10005, bytes: '11 00' },
    ];
    for (const c of cases) it(c.name, () => check(c));

    it('store_imm with lY = 0 stores zero over existing bytes', () => {
      // 1E 03 00 00 01: l = 4 -> lY = 0 -> y = 0; the byte 0x55 at 0x10000 becomes 0; 0x10001 keeps 0x66
      const r = run(['1E 03 00 00 01', '00'], { pages: W, memory: [{ address: 0x10000, bytes: hex('55 66') }] });
      expectExit(r, 'trap', 5);
      expectMemory(r, 0x10000, '00 66');
    });
  });

  describe('store absolute (59-62)', () => {
    const regs = { 7: V };
    const cases: StoreCase[] = [
      // store_u8 = 0x3B: mem[0x10000] := low byte of r7 = 0x88
      { name: 'store_u8 writes the low byte', code: '3B 07 00 00 01', regs, at: 0x10000, bytes: '88 00' },
      // store_u16 = 0x3C: 88 77
      { name: 'store_u16 writes 2 little-endian bytes', code: '3C 07 00 00 01', regs, at: 0x10000, bytes: '88 77 00' },
      // store_u32 = 0x3D: 88 77 66 55
      { name: 'store_u32 writes 4 little-endian bytes', code: '3D 07 00 00 01', regs, at: 0x10000, bytes: '88 77 66 55 00' },
      // store_u64 = 0x3E: 88 77 66 55 44 33 22 11
      { name: 'store_u64 writes 8 little-endian bytes', code: '3E 07 00 00 01', regs, at: 0x10000, bytes: '88 77 66 55 44 33 22 11 00' },
      // unaligned: 0x10003
      { name: 'store_u32 unaligned', code: '3D 07 03 00 01', regs, at: 0x10003, bytes: '88 77 66 55' },
      // B1 = 0xFC: data register min(12, 12) = r12 (high nibble ignored)
      { name: 'store_u8 data register r12', code: '3B FC 00 00 01', regs: { 12: 0xabn }, at: 0x10000, bytes: 'AB' },
    ];
    for (const c of cases) it(c.name, () => check(c));
  });

  describe('store_imm_ind (70-73)', () => {
    const regs = { 7: 0x10000n };
    const cases: StoreCase[] = [
      // store_imm_ind_u8 = 0x46: R1 = 7, lX = 1, x = 4; l = 3 -> lY = 1, y = 0xAB; mem[0x10004] = AB
      { name: 'store_imm_ind_u8', code: '46 17 04 AB', regs, at: 0x10004, bytes: 'AB 00' },
      // store_imm_ind_u16 = 0x47: y = X(1, 0x80) -> 80 FF
      { name: 'store_imm_ind_u16 stores the sign-extended immediate', code: '47 17 04 80', regs, at: 0x10004, bytes: '80 FF 00' },
      // store_imm_ind_u32 = 0x48: l = 4 -> lY = 2, y = X(2, 0x8000) -> 00 80 FF FF
      { name: 'store_imm_ind_u32', code: '48 17 04 00 80', regs, at: 0x10004, bytes: '00 80 FF FF 00' },
      // store_imm_ind_u64 = 0x49: y = X(1, 0x80) -> 80 FF x7
      { name: 'store_imm_ind_u64', code: '49 17 04 80', regs, at: 0x10004, bytes: '80 FF FF FF FF FF FF FF 00' },
      // r7 = 0x10010, x = X(1, 0xF0) = -16 -> 0x10000
      { name: 'store_imm_ind with a negative offset', code: '46 17 F0 AB', regs: { 7: 0x10010n }, at: 0x10000, bytes: 'AB' },
      // lX = 0 (B1 = 0x07): x = 0; l = 2 -> lY = 1, y = 0x5A -> mem[r7]
      { name: 'store_imm_ind with no offset bytes', code: '46 07 5A', regs, at: 0x10000, bytes: '5A 00' },
    ];
    for (const c of cases) it(c.name, () => check(c));
  });

  describe('store_ind (120-123)', () => {
    // B1 = 0x78: data r8 (low nibble), base r7 (high nibble)
    const regs = { 7: 0x10000n, 8: V };
    const cases: StoreCase[] = [
      // store_ind_u8 = 0x78: mem[r7 + 2] := 0x88
      { name: 'store_ind_u8', code: '78 78 02', regs, at: 0x10002, bytes: '88 00' },
      // store_ind_u16 = 0x79: 88 77
      { name: 'store_ind_u16', code: '79 78 02', regs, at: 0x10002, bytes: '88 77 00' },
      // store_ind_u32 = 0x7A
      { name: 'store_ind_u32', code: '7A 78 02', regs, at: 0x10002, bytes: '88 77 66 55 00' },
      // store_ind_u64 = 0x7B
      { name: 'store_ind_u64', code: '7B 78 02', regs, at: 0x10002, bytes: '88 77 66 55 44 33 22 11 00' },
      // T3: r8 = 0xFFFFFFFFFFFFFFFE, store_ind_u16 -> FE FF
      { name: 'store_ind_u16 of a negative value', code: '79 78 02', regs: { 7: 0x10000n, 8: 0xfffffffffffffffen }, at: 0x10002, bytes: 'FE FF' },
      // r7 = 0x10010, x = X(1, 0xF0) = -16 -> 0x10000
      { name: 'store_ind with a negative offset', code: '78 78 F0', regs: { 7: 0x10010n, 8: 0x42n }, at: 0x10000, bytes: '42' },
      // B1 = 0x77: data = base = r7 = 0x10000; store_ind_u32 at r7 + 4: LE of 0x00010000 = 00 00 01 00
      { name: 'store_ind with data = base', code: '7A 77 04', regs: { 7: 0x10000n }, at: 0x10004, bytes: '00 00 01 00' },
    ];
    for (const c of cases) it(c.name, () => check(c));
  });

  describe('store faults', () => {
    it('a store to a read-only page faults and writes nothing', () => {
      // store_u32 [0x10000] := r7 with the page R: fault at 0x10000; the old bytes stay
      const r = run(['3D 07 00 00 01', '00'], {
        pages: [{ address: 0x10000, length: 0x1000, access: 'R' }],
        memory: [{ address: 0x10000, bytes: hex('01 02 03 04') }],
        regs: { 7: V },
      });
      expectFault(r, 0x10000n, 0);
      expectMemory(r, 0x10000, '01 02 03 04');
    });

    it('a store to an unmapped page faults at its base', () => {
      // store_imm_ind_u8 [r7 + 0x7FF] with r7 = 0x20001 -> 0x20800: page 0x20000 unmapped
      // 46 27 FF 07 AB: lX = 2, x = X(2, 0x07FF) = 0x7FF; l = 4 -> lY = 1, y = 0xAB
      const r = run(['46 27 FF 07 AB', '00'], { pages: W, regs: { 7: 0x20001n } });
      expectFault(r, 0x20000n, 0);
      expect(r.state.memory).toEqual([]);
    });

    it('T3: a faulting store after successful ones keeps the earlier writes', () => {
      // T3 (spec 8): pc17 store_ind_u32 [r7 + 0x1004] with r7 = 0x10000 -> 0x11004 unmapped -> fault 0x11000
      const r = run(['33 07 00 00 01', '33 08 FE', '79 78 02', '7D 79 03', '7E 7A 02', '7A 78 04 10', '00'], { pages: W });
      expectFault(r, 0x11000n, 17);
      expect(r.state.regs).toEqual(regFile({ 7: 0x10000n, 8: 0xfffffffffffffffen, 9: 0xffffffffffffffffn, 10: 0xfffen }));
      expectMemory(r, 0x10002, 'FE FF');
    });
  });
}
