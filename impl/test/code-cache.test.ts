/**
 * The impl core's decode cache (impl/core/code-cache.ts): compiling content-equal images again gives
 * the same decoded program (its compiled regions included), keyed by profile and gas tier; the cache
 * holds its own copy, so a caller that changes its buffers afterwards changes nothing cached.
 */
import { expect, test } from 'vitest';
import { EXIT_TRAP } from '../core/api.js';
import { implCoreFactory } from '../core/index.js';
import type { CodeImage } from '../../vectors/lib/types.js';

/** load_imm r7, n (33 07 n) ; trap (00): r7 = n at the trap. */
const program = (n: number): CodeImage => ({ code: Uint8Array.of(0x33, 0x07, n, 0x00), bitmask: Uint8Array.of(1, 0, 0, 1), jumpTable: [] });

function r7After(image: CodeImage): bigint {
  const m = implCoreFactory.createMachine('jar1');
  m.memory = implCoreFactory.createAddressSpace();
  m.gas = 100n;
  expect(m.run(implCoreFactory.compile('jar1', image, 25), Infinity)).toBe(EXIT_TRAP);
  return m.getReg(7);
}

test('content-equal images share one decoded program per profile and gas tier', () => {
  const a = implCoreFactory.compile('jar1', program(41), 25);
  expect(implCoreFactory.compile('jar1', program(41), 25)).toBe(a); // new objects, same bytes
  expect(implCoreFactory.compile('jar1', program(41), 50)).not.toBe(a); // another memCycles tier
  expect(implCoreFactory.compile('gp', program(41), 25)).not.toBe(a);
  expect(implCoreFactory.compile('gp', program(41), 100)).toBe(implCoreFactory.compile('gp', program(41), 25)); // gp has no tiers
  expect(implCoreFactory.compile('jar1', program(42), 25)).not.toBe(a); // one byte differs
  const withTable = { ...program(41), jumpTable: [3] };
  expect(implCoreFactory.compile('jar1', withTable, 25)).not.toBe(a);
});

test('a caller changing its image after compiling changes nothing cached', () => {
  const image = program(17);
  expect(r7After(image)).toBe(17n);
  (image.code as Uint8Array)[2] = 99; // the caller reuses its buffer
  expect(r7After(program(17))).toBe(17n);
  expect(r7After(image)).toBe(99n); // now other content: decoded on its own
});
