/**
 * The trace check of the campaign (harness/fuzz/trace-check.ts): which core cases are traced on both
 * engines (code length divisible by 16, the model against the impl only) and that the model's and the
 * impl's traces of such a case agree, lazily decoded too.
 */
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import type { CoreCase } from '../fuzz/cases.js';
import { TRACE_EVERY, traceDivergence } from '../fuzz/trace-check.js';
import { inVariantOf } from '../fuzz/variants.js';
import { imageOf } from './support/image.js';

const model = ENGINES.model as Engine;
const impl = ENGINES.impl as Engine;

/** add_imm_64 r7, r7, 1 (3 bytes) `adds` times, then trap (1 byte). */
function addsCase(adds: number): CoreCase {
  const image = imageOf([...Array.from({ length: adds }, () => [149, 0x77, 1]), [0]]);
  return {
    focus: 'core', maxSteps: 100, text: [],
    input: { profile: 'gp', image, pc: 0, gas: 1000n, regs: new Array<bigint>(13).fill(0n), pages: [], memory: [] },
  };
}

describe('trace check', () => {
  test('a 16-byte program (5 adds and a trap) is traced and both traces agree, eagerly and lazily decoded; 13 bytes is not traced', () => {
    expect(TRACE_EVERY).toBe(16);
    expect(addsCase(5).input.image.code.length).toBe(16);
    expect(traceDivergence(addsCase(5), [model, impl])).toBeNull();
    expect(traceDivergence(addsCase(5), [impl, model])).toBeNull();
    // even seeds run in a variant; 262144 / 65536 = 4: variant 0, 16-pc lazy regions (harness/fuzz/variants.ts)
    expect(inVariantOf('core', 262144, [model, impl], (v, engines) => [v?.name, traceDivergence(addsCase(5), engines)])).toEqual([
      'impl: lazy decode, 16-pc regions (2 kept)', null,
    ]);
    expect(addsCase(4).input.image.code.length).toBe(13);
    expect(traceDivergence(addsCase(4), [model, impl])).toBeNull();
  });

  test('only the model against the impl is traced: the model against itself is not', () => {
    expect(traceDivergence(addsCase(5), [model, model])).toBeNull();
  });
});
