/**
 * All 201 Web3 Foundation PVM vectors (gp profile) on every core engine, through the same checker
 * the CLI uses (harness/w3f/check.ts). Expected values are the vectors' own.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { w3fProgramsDir } from '../../vectors/lib/shared.js';
import { readW3f, type W3fCase } from '../../vectors/lib/w3f.js';
import { checkW3f } from '../w3f/check.js';
import { CORE_ENGINES } from './support/core-engines.js';

const dir = w3fProgramsDir();
const cases: W3fCase[] = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readW3f(join(dir, f)));

test('all 201 vectors are present', () => expect(cases.length).toBe(201));

describe.each(CORE_ENGINES)('w3f on $name', ({ core }) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(checkW3f(core, c).differences).toEqual([]);
  });
});
