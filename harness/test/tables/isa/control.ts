/**
 * Control without targets: trap (0), fallthrough (1), unlikely (2), ecall (3), ecalli (10), invalid
 * opcodes, instruction length (skip) and running past the end of the code. spec/pvm-core.md 2.1,
 * 2.2, 3.2, 6; spec-notes 0016 (pc >= |c| traps), 0017 (invalid opcode panics), 0018 (invalid entry
 * pc), 0024 (skip cap 24), 0025 (ecalli id = low 32 bits of the sign-extended immediate).
 *
 * Encodings: NoArgs opcodes are one byte. ecalli = 0x0A, OneImm: lX = min(4, l),
 * x = X(lX, LE(pc+1, lX)).
 */
import { describe, expect, it } from 'vitest';
import { image, reg, run } from '../core.js';
import { expectExit, regFile } from './util.js';

/** Registers the control tables (describe/it) for the engine describeCoreTables has set. */
export function controlTables(): void {
  describe('trap, fallthrough, unlikely', () => {
    it('trap exits with trap at its own pc', () => {
      const r = run(['00']);
      expectExit(r, 'trap', 0);
    });

    it('trap after other instructions keeps its pc and their effects', () => {
      // pc0: 33 07 05 (r7 = 5); pc3: 00 -> trap at 3
      const r = run(['33 07 05', '00']);
      expectExit(r, 'trap', 3);
      expect(reg(r, 7)).toBe(5n);
    });

    it('fallthrough is a no-op that continues at the next instruction', () => {
      // pc0: 01; pc1: 33 07 05; pc4: 00
      const r = run(['01', '33 07 05', '00']);
      expectExit(r, 'trap', 4);
      expect(reg(r, 7)).toBe(5n);
    });

    it('unlikely is a no-op that continues at the next instruction', () => {
      // pc0: 02; pc1: 33 07 05; pc4: 00
      const r = run(['02', '33 07 05', '00']);
      expectExit(r, 'trap', 4);
      expect(reg(r, 7)).toBe(5n);
    });

    it('fallthrough with extra bytes skips them', () => {
      // pc0: 01 AA BB (l = 2, bytes ignored); pc3: 00
      const r = run(['01 AA BB', '00']);
      expectExit(r, 'trap', 3);
      expect(r.state.regs).toEqual(regFile());
    });
  });

  describe('ecall (3)', () => {
    it('exits with ecall and reports the next pc', () => {
      // pc0: 33 07 05; pc3: 03 -> ecall exit, pc = next = 4
      const r = run(['33 07 05', '03', '00']);
      expectExit(r, 'ecall', 4);
      expect(reg(r, 7)).toBe(5n);
    });

    it('next after ecall skips its extra bytes', () => {
      // pc0: 03 FF FF (l = 2); next = 3
      const r = run(['03 FF FF', '00']);
      expectExit(r, 'ecall', 3);
    });
  });

  describe('ecalli (10)', () => {
    const cases: { name: string; code: string; id: number; next: number }[] = [
      // lX = 1: X(1, 0x01) = 1; next = 2
      { name: 'ecalli 1', code: '0A 01', id: 1, next: 2 },
      // lX = 0: x = 0; next = 1
      { name: 'ecalli with no immediate bytes is id 0', code: '0A', id: 0, next: 1 },
      // X(1, 0x80) = 0xFFFFFFFFFFFFFF80 -> low 32 bits 0xFFFFFF80 (spec-note 0025)
      { name: 'ecalli 1-byte 0x80 sign-extends, id is the low 32 bits', code: '0A 80', id: 0xffffff80, next: 2 },
      // X(2, 0x1234) = 0x1234
      { name: 'ecalli 2-byte immediate', code: '0A 34 12', id: 0x1234, next: 3 },
      // X(4, 0x7FFFFFFF) = 0x7FFFFFFF
      { name: 'ecalli 4-byte i32 max', code: '0A FF FF FF 7F', id: 0x7fffffff, next: 5 },
      // X(4, 0x80000000) = 0xFFFFFFFF80000000 -> low 32 bits 0x80000000
      { name: 'ecalli 4-byte 0x80000000', code: '0A 00 00 00 80', id: 0x80000000, next: 5 },
      // l = 5 -> lX = 4: LE(01 00 00 00) = 1; the 5th byte is ignored; next = 6
      { name: 'ecalli ignores a 5th immediate byte', code: '0A 01 00 00 00 05', id: 1, next: 6 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const r = run([c.code, '00'], { regs: { 7: 3n } });
        expect(r.exit).toEqual({ kind: 'ecalli', id: c.id });
        expect(r.state.pc).toBe(c.next);
        // ecalli changes no register
        expect(r.state.regs).toEqual(regFile({ 7: 3n }));
      });
    }

    it('resuming after ecalli continues at the reported pc', () => {
      // T5: pc0: 33 07 05; pc3: 0A 01; pc5: 95 77 01 (r7 += 1); pc8: 00
      const prog = ['33 07 05', '0A 01', '95 77 01', '00'];
      const first = run(prog);
      expect(first.exit).toEqual({ kind: 'ecalli', id: 1 });
      expect(first.state.pc).toBe(5);
      const second = run(prog, { pc: first.state.pc, regs: { 7: reg(first, 7) }, gas: first.state.gas });
      expectExit(second, 'trap', 8);
      expect(reg(second, 7)).toBe(6n);
    });
  });

  describe('invalid opcodes', () => {
    // Every byte not in the opcode table (spec/pvm-core.md 3.2 holes; 101 sbrk is invalid by spec-note 0015).
    const valid = new Set<number>([
      0, 1, 2, 3, 10, 20, 30, 31, 32, 33, 40,
      ...range(50, 62), ...range(70, 73), ...range(80, 90), 100, ...range(102, 111),
      ...range(120, 161), ...range(170, 175), 180, ...range(190, 230),
    ]);
    const invalid = range(0, 255).filter((op) => !valid.has(op));

    it('the table has 140 valid opcodes and 116 invalid ones (101 counted invalid)', () => {
      // 141 opcodes in the spec table, minus sbrk (101) = 140
      expect(valid.size).toBe(140);
      expect(invalid.length).toBe(116);
    });

    for (const op of invalid) {
      const byte = op.toString(16).padStart(2, '0').toUpperCase();
      it(`opcode 0x${byte} (${op}) panics at its pc with earlier effects kept`, () => {
        // pc0: 33 07 01 (r7 = 1); pc3: <op>; pc4: 00 -> panic at 3 (no skipping, spec-note 0017)
        const r = run(['33 07 01', byte, '00']);
        expectExit(r, 'panic', 3);
        expect(r.state.regs).toEqual(regFile({ 7: 1n }));
      });
    }

    it('an invalid opcode with operand bytes still panics at its pc', () => {
      // pc0: FF 12 34 -> panic at 0, registers unchanged
      const r = run(['FF 12 34', '00'], { regs: { 1: 9n } });
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regFile({ 1: 9n }));
    });
  });

  describe('instruction length and the end of the code', () => {
    it('skip of exactly 24 reaches the next instruction', () => {
      // pc0: 01 followed by 24 zero bitmask bits; K(25) = 1 -> skip = 24, next = 25: trap at 25
      const r = run(['01' + ' 00'.repeat(24), '00']);
      expectExit(r, 'trap', 25);
    });

    it('skip is capped at 24: with 25 zero bits next lands inside and panics', () => {
      // code = 01 then 25 zero bytes, bitmask 1 only at 0 (|c| = 26). K(1..25) = 0, K(26) = 1
      // -> least j = 25, skip = min(24, 25) = 24, next = 25; K(25) = 0 -> panic at 25
      const r = run(['01' + ' 00'.repeat(25)]);
      expectExit(r, 'panic', 25);
    });

    it('falling off the end of the code traps with pc = |c|', () => {
      // code = 33 07 01 (|c| = 3): after load_imm pc = 3 >= |c| -> reads opcode 0 -> trap at 3
      const r = run(['33 07 01']);
      expectExit(r, 'trap', 3);
      expect(reg(r, 7)).toBe(1n);
    });

    it('the last instruction runs to the end of the code (bitmask past the end counts as 1)', () => {
      // code = 33 07 01 02 03 04: l = 5 (K past the end = 1) -> lX = 4 -> r7 = 0x04030201, then trap at 6
      const r = run(['33 07 01 02 03 04']);
      expectExit(r, 'trap', 6);
      expect(reg(r, 7)).toBe(0x04030201n);
    });

    it('an operand byte past the end of the code reads as 0', () => {
      // code = C8 87 (ThreeReg, B2 past the end): destination = min(12, 0) = r0; r0 := r7 + r8 = 11
      const r = run(['C8 87'], { regs: { 7: 5n, 8: 6n, 0: 99n } });
      expectExit(r, 'trap', 2);
      expect(reg(r, 0)).toBe(11n);
    });

    it('falling off after a terminator also traps at |c|', () => {
      // code = 01: fallthrough, next = 1 = |c| -> trap at 1
      const r = run(['01']);
      expectExit(r, 'trap', 1);
    });
  });

  describe('entry pc', () => {
    it('starting at a pc inside an instruction panics there (spec-note 0018)', () => {
      // code 33 07 01 | 00; pc 1 has K = 0 -> panic at 1
      const r = run(['33 07 01', '00'], { pc: 1 });
      expectExit(r, 'panic', 1);
      expect(reg(r, 7)).toBe(0n);
    });

    it('starting at a later instruction start runs from there', () => {
      // code 33 07 01 | 33 08 02 | 00; start at 3: r8 = 2, r7 stays 0, trap at 6
      const r = run(['33 07 01', '33 08 02', '00'], { pc: 3 });
      expectExit(r, 'trap', 6);
      expect(r.state.regs).toEqual(regFile({ 8: 2n }));
    });

    it('the helper image puts bitmask bits at instruction starts only', () => {
      // sanity check of the test encoding itself, not of the model
      const img = image(['33 07 01', '00']);
      expect(Array.from(img.bitmask)).toEqual([1, 0, 0, 1]);
    });
  });

  function range(lo: number, hi: number): number[] {
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  }
}
