/**
 * Blob parsing, hand-derived from the formats in pvm-core.md section 4: the T3 and T4 JAR v2 blobs of
 * section 8, the GP deblob with compact naturals, and one case per load-error class.
 */
import { describe, expect, test } from 'vitest';
import { loadJar1, parseCode, parseJarBlob, runJar1 } from '../index.js';
import { hex } from './helpers.js';

// T4 (section 8): memory_pages 1, CODE cap at 64 = invoke, jump table [6] with entry_size 1, code of 10 bytes.
const t4 = hex('4a 41 52 02 01 00 00 00 01 40 40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 16 00 00 00 01 00 00 00 01 0a 00 00 00 06 33 07 02 32 07 00 33 08 2a 00 69 02');
// T3: CODE 64 and DATA 65 (base page 16, 1 page, RW, no data bytes), memory_pages 1.
const t3 = hex('4a415202 01000000 02 40 | 40 00 00000000 00000000 00 00000000 22000000 | 41 01 10000000 01000000 01 00000000 00000000 | 00000000 01 16000000 33070000013308fe7978027d79037e7a027a780410 00 214922');

/** A manifest with one CODE cap in slot 64 holding `codeBlob`. */
function oneCodeCap(codeBlob: Uint8Array, invoke = 0x40): Uint8Array {
  const len = codeBlob.length;
  return Uint8Array.from([...hex(`4a415202 00000000 01 ${invoke.toString(16).padStart(2, '0')} 40 00 00000000 00000000 00 00000000`), len & 255, len >> 8, 0, 0, ...codeBlob]);
}
/** A CODE sub-blob: trap only. */
const trapOnly = hex('00000000 01 01000000 00 01');

describe('JAR v2 manifest', () => {
  test('T4 parses into one CODE cap with jump table [6] and the 10 code bytes', () => {
    const p = parseJarBlob(t4);
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.memoryPages).toBe(1);
    expect(p.value.invokeCap).toBe(64);
    const cap = p.value.caps[0];
    expect(cap?.type).toBe('code');
    if (cap?.type !== 'code') return;
    expect(cap.image.jumpTable).toEqual([6]);
    expect([...cap.image.code]).toEqual([0x33, 0x07, 0x02, 0x32, 0x07, 0x00, 0x33, 0x08, 0x2a, 0x00]);
    // packed 69 02 = 0b01101001, 0b10: starts 0, 3, 5, 6, 9
    expect([...cap.image.bitmask]).toEqual([1, 0, 0, 1, 0, 1, 1, 0, 0, 1]);
  });

  test('T4 runs: djump through entry 1 to pc 6, trap at 9, 20 gas (19 + 1), no init charge', () => {
    const r = runJar1(t4, { gas: 1000n });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exit).toEqual({ kind: 'trap' });
    expect(r.value.state.pc).toBe(9);
    expect(r.value.state.regs[8]).toBe(42n);
    expect(1000n - r.value.state.gas).toBe(20n);
  });

  test('T3 maps DATA 65 at page 16 exactly and charges 1500 init gas; the store at 0x11004 faults at 0x11000', () => {
    const loaded = loadJar1(t3, { gas: 10_000n });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.initGas).toBe(1500n);
    expect(loaded.value.input.pages).toEqual([{ address: 0x10000, length: 4096, access: 'W' }]);
    const r = runJar1(t3, { gas: 10_000n });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exit).toEqual({ kind: 'fault', address: 0x11000n });
    expect(r.value.state.pc).toBe(17);
    expect(10_000n - r.value.state.gas).toBe(1500n + 23n); // init + the block (loads/stores finish at 26 -> 23)
  });

  test('init gas that cannot be paid ends in out-of-gas before the first instruction', () => {
    const r = runJar1(t3, { gas: 1499n });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exit).toEqual({ kind: 'oog' });
    expect(r.value.state.gas).toBe(0n);
    expect(r.value.state.pc).toBe(0);
  });

  test('args go to the base of the DATA cap in slot 0 with φ8 = base and φ9 = length', () => {
    const blob = hex('4a415202 01000000 02 40 | 40 00 00000000 00000000 00 00000000 0b000000 | 00 01 20000000 01000000 01 00000000 00000000 | 00000000 01 01000000 00 01');
    const loaded = loadJar1(blob, { gas: 10_000n, args: hex('aa bb cc') });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.input.regs[8]).toBe(0x20000n);
    expect(loaded.value.input.regs[9]).toBe(3n);
    expect(loaded.value.input.memory).toContainEqual({ address: 0x20000, bytes: hex('aa bb cc') });
  });

  const rejects: [string, Uint8Array, string][] = [
    ['shorter than the header', hex('4a 41 52'), 'truncated'],
    ['bad magic (HAR\\x02 as in Capability.lean)', hex('48 41 52 02 00000000 00 40'), 'bad_magic'],
    ['entries cut short', hex('4a415202 00000000 02 40 40 00'), 'truncated'],
    ['cap type 2', hex('4a415202 00000000 01 40 40 02 00000000 00000000 00 00000000 00000000'), 'bad_cap_type'],
    ['init access 2', hex('4a415202 00000000 01 40 40 00 00000000 00000000 02 00000000 00000000'), 'bad_access'],
    ['data range past the data section', hex('4a415202 00000000 01 40 40 00 00000000 00000000 00 00000000 05000000 0000'), 'out_of_bounds'],
    ['invoke cap missing', oneCodeCap(trapOnly, 0x41), 'no_invoke_cap'],
    ['entry size 0', oneCodeCap(hex('00000000 00 01000000 00 01')), 'bad_entry_size'],
    ['entry size 5', oneCodeCap(hex('00000000 05 01000000 00 01')), 'bad_entry_size'],
    ['code shorter than code_len', oneCodeCap(hex('00000000 01 05000000 00 01')), 'out_of_bounds'],
    ['code blob under 9 bytes', oneCodeCap(hex('00000000 01 01')), 'truncated'],
    ['code not ending in a terminator (load_imm r7)', oneCodeCap(hex('00000000 01 02000000 33 07 01')), 'invalid_code'],
    ['empty code', oneCodeCap(hex('00000000 01 00000000')), 'invalid_code'],
    ['jump table entry inside an instruction', oneCodeCap(hex('01000000 01 03000000 01 33 07 00 01')), 'invalid_code'],
    ['DATA pages over memory_pages', hex('4a415202 00000000 02 40 | 40 00 00000000 00000000 00 00000000 0b000000 | 41 01 10000000 01000000 01 00000000 00000000 | 00000000 01 01000000 00 01'), 'too_many_pages'],
    ['two DATA caps on the same page', hex('4a415202 02000000 03 40 | 40 00 00000000 00000000 00 00000000 0b000000 | 41 01 10000000 01000000 01 00000000 00000000 | 42 01 10000000 01000000 00 00000000 00000000 | 00000000 01 01000000 00 01'), 'overlapping_pages'],
    ['two caps in one slot', hex('4a415202 00000000 02 40 | 40 00 00000000 00000000 00 00000000 0b000000 | 40 00 00000000 00000000 00 00000000 0b000000 | 00000000 01 01000000 00 01'), 'duplicate_cap'],
    ['DATA bytes larger than its pages', hex('4a415202 01000000 02 40 | 40 00 00000000 00000000 00 00000000 0b000000 | 41 01 10000000 00000000 01 00000000 01000000 | 00000000 01 01000000 00 01'), 'out_of_bounds'],
  ];
  test.each(rejects)('rejects: %s', (_what, blob, cls) => {
    const p = runJar1(blob, { gas: 1000n });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.class).toBe(cls);
  });

  test('accepts bytes after the bitmask inside a CODE cap (Rust parse_code_blob ignores them)', () => {
    expect(parseJarBlob(oneCodeCap(hex('00000000 01 01000000 00 01 ff ff'))).ok).toBe(true);
  });
});

describe('Gray Paper deblob', () => {
  test('one-byte naturals: |j| = 0, z = 0, |c| = 2, code 64 00, bitmask 01', () => {
    const r = parseCode('gp', hex('00 00 02 64 00 01'));
    expect(r).toEqual({ ok: true, value: { code: hex('64 00'), bitmask: Uint8Array.of(1, 0), jumpTable: [] } });
  });

  test('two-byte natural: 0x80 0x01 encodes 1 (6 high bits 0, next byte 1) and 0x81 0x00 encodes 256', () => {
    const one = parseCode('gp', hex('00 00 80 01 00 01'));
    expect(one.ok && one.value.code.length).toBe(1);
    const big = parseCode('gp', Uint8Array.from([0, 0, 0x81, 0x00, ...new Uint8Array(256), ...new Uint8Array(32).fill(0xff)]));
    expect(big.ok && big.value.code.length).toBe(256);
  });

  test('jump table entries of z bytes, little-endian', () => {
    const r = parseCode('gp', hex('02 02 01 | 05 00 | 01 02 | 00 | 01'));
    expect(r.ok && r.value.jumpTable).toEqual([5, 0x201]);
  });

  const rejects: [string, string, string][] = [
    ['empty blob', '', 'truncated'],
    ['z missing', '00', 'truncated'],
    ['z = 5', '00 05 01 00 01', 'bad_entry_size'],
    ['z = 0 with a non-empty table', '01 00 01 00 01', 'bad_entry_size'],
    ['code shorter than |c|', '00 00 05 00 01', 'truncated'],
    ['bytes after the bitmask', '00 00 01 00 01 ff', 'trailing_bytes'],
    ['|j| ≥ 2^32 (9-byte natural)', 'ff 00 00 00 00 01 00 00 00 00 00', 'out_of_bounds'],
  ];
  test.each(rejects)('rejects: %s', (_what, blob, cls) => {
    const r = parseCode('gp', hex(blob));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.class).toBe(cls);
  });
});
