/**
 * Issue 12's decisions (spec-notes/0056-0059) on both engines, with hand-encoded blobs and hand-derived
 * outcomes (the engines share no code; one table serves both): code ending in ecall is rejected at
 * load, the manifest rejections neither source makes (and a 0-page DATA cap overlapping nothing), the
 * gp deblob's z = 0 and trailing bytes, and a VM entered with no gas (an out-of-gas fault of that VM,
 * not of the invocation).
 */
import { describe, expect, test } from 'vitest';
import { codeImage } from '../../vectors/lib/code-image.js';
import { codeBlob, gpBlob, manifestBlob, type ManifestEntry } from '../../vectors/lib/containers.js';
import { ENGINES } from '../engines.js';

describe.each(Object.values(ENGINES))('$name engine', ({ core, kernel: ENGINE }) => {
  const parseCode = core.parseCode.bind(core);
  // ---- hand-encoded instructions (GP A.5 formats; opcodes: load_imm 51, load_imm_64 20, ecalli 10, ecall 3, move_reg 100, trap 0) ----
  const le = (v: bigint | number, n: number): string => Array.from({ length: n }, (_, k) => ((BigInt(v) >> BigInt(8 * k)) & 0xffn).toString(16).padStart(2, '0')).join('');
  const li = (r: number, v: number): string => `33${le(r, 1)}${le(v, 4)}`;
  const li64 = (r: number, v: bigint): string => `14${le(r, 1)}${le(v, 8)}`;
  const ecalli = (n: number): string => `0a${le(n, 4)}`;
  const ECALL = '03';
  const TRAP = '00';
  const move = (d: number, a: number): string => `64${le(d | (a << 4), 1)}`;
  const REPLY = ecalli(0);
  const LOW = 2n ** 64n - 8n;

  const code = (...instrs: string[]): Uint8Array => codeBlob(codeImage(instrs), { entrySize: 1 });
  const codeCap = (slot: number, ...instrs: string[]): ManifestEntry => ({ slot, type: 0, data: code(...instrs) });
  const dataCap = (slot: number, basePage: number, pageCount: number, bytes = 0): ManifestEntry => ({ slot, type: 1, basePage, pageCount, access: 1, data: new Uint8Array(bytes).fill(0xab) });
  const classOf = (r: { ok: boolean; error?: { class: string } }): string => (r.ok ? 'accepted' : r.error?.class ?? '?');
  const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/ /g, '').match(/../g) ?? [], (b) => parseInt(b, 16));

  describe('spec-notes/0056: a jar1 code blob may not end with ecall', () => {
    test('load_imm; ecall is invalid_code, load_imm; ecall; trap and load_imm; ecalli 0 load', () => {
      expect(classOf(parseCode('jar1', code(li(7, 5), ECALL)))).toBe('invalid_code');
      expect(classOf(parseCode('jar1', code(li(7, 5), ECALL, TRAP)))).toBe('accepted');
      expect(classOf(parseCode('jar1', code(li(7, 5), REPLY)))).toBe('accepted');
    });
    test('a manifest whose invoked CODE cap ends with ecall is rejected', () => {
      expect(classOf(ENGINE.load(manifestBlob(0, 64, [codeCap(64, li(7, 5), ECALL)]), { gas: 1000n }))).toBe('invalid_code');
    });
    test('gp does not validate: code ending in ecall loads', () => {
      expect(classOf(parseCode('gp', gpBlob(codeImage([li(7, 5), ECALL]))))).toBe('accepted');
    });
  });

  describe('spec-notes/0058: manifest rejections', () => {
    const m = (...caps: ManifestEntry[]): Uint8Array => manifestBlob(4, 64, [codeCap(64, REPLY), ...caps]);
    test.each([
      ['two DATA entries for slot 65', m(dataCap(65, 0x20, 1), dataCap(65, 0x30, 1)), 'duplicate_cap'],
      ['a 1-page cap at 0x21 inside a 3-page cap at 0x20', m(dataCap(65, 0x20, 3), dataCap(66, 0x21, 1)), 'overlapping_pages'],
      ['adjacent caps 0x20..0x21 and 0x22', m(dataCap(65, 0x20, 2), dataCap(66, 0x22, 1)), 'accepted'],
      ['0-page caps at 0x20 and 0x21 after a 3-page cap at 0x20', m(dataCap(65, 0x20, 3), dataCap(66, 0x20, 0), dataCap(67, 0x21, 0)), 'accepted'],
      ['0-page cap at 0x20 before a 3-page cap at 0x20', m(dataCap(66, 0x20, 0), dataCap(65, 0x20, 3)), 'accepted'],
      ['4097 bytes in one page', m(dataCap(65, 0x20, 1, 4097)), 'out_of_bounds'],
      ['4096 bytes in one page', m(dataCap(65, 0x20, 1, 4096)), 'accepted'],
      ['2 pages at page 0xFFFFF', m(dataCap(65, 0xfffff, 2)), 'out_of_bounds'],
      ['1 page at page 0xFFFFF', m(dataCap(65, 0xfffff, 1)), 'accepted'],
    ])('%s: %s', (_what, blob, want) => {
      expect(classOf(ENGINE.load(blob, { gas: 100_000n }))).toBe(want);
    });
  });

  describe('spec-notes/0059: gp deblob', () => {
    test('z = 0 with an empty table loads; with a table it is bad_entry_size; a trailing byte is trailing_bytes', () => {
      expect(classOf(parseCode('gp', hex('00 00 01 00 01')))).toBe('accepted'); // |j| 0, z 0, |c| 1, trap, bitmask 1
      expect(classOf(parseCode('gp', hex('01 00 01 00 01')))).toBe('bad_entry_size'); // |j| 1 with z 0
      expect(classOf(parseCode('gp', hex('00 01 01 00 01 ff')))).toBe('trailing_bytes');
    });
  });

  describe('spec-notes/0057: a VM entered with no gas', () => {
    test('a callee whose HANDLE has max gas 0 faults out of gas to its caller (status 3, LOW), not the invocation', () => {
      // root: CREATE from slot 65 into HANDLE 70; SET_MAX_GAS 0 on it (φ11 = 0x0B, φ12 = 70 << 32); CALL it; r0 := φ7, r1 := φ8; REPLY
      const root = [li(7, 0), li(12, 70), ecalli(65), li(7, 0), li(11, 0x0b), li64(12, 70n << 32n), ECALL, li(12, 0), ecalli(70), move(0, 7), move(1, 8), REPLY];
      const loaded = ENGINE.load(manifestBlob(8, 64, [codeCap(64, ...root), codeCap(65, REPLY)]), { gas: 1_000_000n });
      if (!loaded.ok) throw new Error(loaded.error.message);
      const s = loaded.value;
      expect(s.run().exit).toEqual({ kind: 'halt', value: LOW });
      const snap = s.snapshot();
      const vm1 = snap.vms.find((v) => v.id === 1);
      expect(vm1?.status).toBe('faulted');
      expect(vm1?.gas).toBe(0n);
      expect(snap.vms.find((v) => v.id === 0)?.regs[1]).toBe(3n);
    });
    test('the root left with exactly 0 gas after the init charge ends out of gas at pc 0', () => {
      const loaded = ENGINE.load(manifestBlob(1, 64, [codeCap(64, REPLY), dataCap(65, 0x20, 1)]), { gas: 1500n });
      if (!loaded.ok) throw new Error(loaded.error.message);
      expect(loaded.value.initGas).toBe(1500n);
      expect(loaded.value.run().exit).toEqual({ kind: 'oog' });
      expect(loaded.value.snapshot().vms.find((v) => v.id === 0)?.pc).toBe(0);
    });
  });
});
