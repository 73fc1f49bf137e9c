import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { w3fProgramsDir } from '../../vectors/lib/shared.js';
import { checkW3f } from '../../harness/w3f/check.js';
import { readW3f } from '../../vectors/lib/w3f.js';
import { modelCore } from '../index.js';

const dir = w3fProgramsDir();
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('Web3 Foundation PVM vectors (gp profile) on the model', () => {
  test('all 201 vectors are present', () => expect(files.length).toBe(201));
  test.each(files)('%s', (f) => {
    const verdict = checkW3f(modelCore, readW3f(join(dir, f)));
    expect(verdict.differences).toEqual([]);
  });
});
