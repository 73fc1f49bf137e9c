/**
 * The fuzzer's seeded host answers (harness/fuzz/values.ts hostFullAnswer) stay inside what a host
 * answer may say (vectors/schema/program.schema.json: a write's address is a u32), and some of their
 * writes (host seeds ≥ FULL_HOST write memory) end exactly at the end of the address space, 2^32.
 */
import { expect, test } from 'vitest';
import { FULL_HOST, hostFullAnswer } from '../fuzz/values.js';

const answers = Array.from({ length: 2000 }, (_, i) => FULL_HOST + i).map((seed) => [0, 1, 2].map((k) => hostFullAnswer(seed, k))).flat();
const writes = answers.flatMap((a) => a.writes ?? []);

test('every write names an address below 2^32 (empty writes included)', () => {
  expect(writes.length).toBeGreaterThan(1000);
  for (const w of writes) {
    expect(Number.isInteger(w.address)).toBe(true);
    expect(w.address).toBeGreaterThanOrEqual(0);
    expect(w.address).toBeLessThanOrEqual(2 ** 32 - 1);
  }
});

test('some non-empty writes end exactly at 2^32, and some writes are empty', () => {
  const atEnd = writes.filter((w) => w.bytes.length > 0 && w.address + w.bytes.length === 2 ** 32);
  expect(atEnd.length).toBeGreaterThan(10);
  expect(writes.some((w) => w.bytes.length === 0)).toBe(true);
});
