/**
 * The kit's one u64/bytes codec (vectors/lib/hex.ts): the canonical forms the vector files use, and the
 * checked parsers for text from outside (regression files). Expected strings are written out by hand.
 */
import { describe, expect, test } from 'vitest';
import { hexBytes } from '../../vectors/lib/code-image.js';
import { fromHex, fromU64, HEX_PATTERN, parseHex, parseU64, toHex, U64_PATTERN, u64 } from '../../vectors/lib/hex.js';

describe('u64 as "0x..."', () => {
  test('is lowercase without leading zeros, and reads back', () => {
    expect([0n, 10n, 255n, 0x1000n, (1n << 64n) - 1n].map(u64)).toEqual(['0x0', '0xa', '0xff', '0x1000', '0xffffffffffffffff']);
    expect(fromU64('0xffffffffffffffff')).toBe(18446744073709551615n);
  });
  test('matches the schema pattern, which rejects leading zeros and upper case', () => {
    const re = new RegExp(U64_PATTERN);
    expect(['0x0', '0xa', '0xffffffffffffffff'].map((s) => re.test(s))).toEqual([true, true, true]);
    expect(['0x00', '0x01', '0xA', '0x', '10'].map((s) => re.test(s))).toEqual([false, false, false, false, false]);
  });
  test('parseU64 takes either case and leading zeros, up to 2^64 - 1, and nothing else', () => {
    expect(parseU64('0xFF')).toBe(255n);
    expect(parseU64('0x0001')).toBe(1n);
    expect(parseU64('0xffffffffffffffff')).toBe(18446744073709551615n);
    expect([parseU64('0x10000000000000000'), parseU64('0x'), parseU64('255'), parseU64('0x-1'), parseU64('0xg')]).toEqual([null, null, null, null, null]);
  });
});

describe('bytes as hex', () => {
  test('two lowercase digits per byte, and back', () => {
    expect(toHex(Uint8Array.from([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect([...fromHex('0001abff')]).toEqual([0, 1, 0xab, 0xff]);
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(new RegExp(HEX_PATTERN).test('0001abff')).toBe(true);
    expect(new RegExp(HEX_PATTERN).test('0A')).toBe(false);
  });
  test('parseHex takes either case and an optional 0x, and rejects odd lengths and non-hex digits', () => {
    expect([...(parseHex('0x0a0B') ?? [])]).toEqual([10, 11]);
    expect([...(parseHex('') ?? [1])]).toEqual([]);
    expect([parseHex('abc'), parseHex('zz'), parseHex('0 1')]).toEqual([null, null, null]);
  });
  test('hexBytes (hand-written tables) ignores spaces and bars, and throws on a typo', () => {
    expect([...hexBytes('83 89 | 01')]).toEqual([0x83, 0x89, 0x01]);
    expect(() => hexBytes('8 3 8')).toThrow('bad hex: 8 3 8');
  });
});
