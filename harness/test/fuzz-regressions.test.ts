/**
 * Every regression vector the fuzzer ever wrote (vectors/regressions/*.json) runs forever: the model
 * against every other registered engine (the model against itself when it is alone) must agree,
 * throw nothing and keep every kernel invariant, stepwise (invariants after every kernel event).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { checkCase } from '../fuzz/campaign.js';
import { caseToJson } from '../fuzz/cases.js';
import { readRegressions } from '../fuzz/regressions.js';

const model = ENGINES.model as Engine;
const others = Object.values(ENGINES).filter((e) => e !== model);
const pairs: [Engine, Engine][] = (others.length > 0 ? others : [model]).map((e) => [model, e]);
const vectors = readRegressions();

test.each(pairs.map(([a, b]) => [`${a.name} vs ${b.name}`, a, b] as const))('every regression vector passes: %s', (_name, a, b) => {
  const failing = vectors.flatMap((v) => {
    const d = checkCase(v.case, [a, b], 1).divergence;
    return d === null ? [] : [`${v.name}: ${d.summary} ${d.details.slice(0, 3).join(' | ')}`];
  });
  expect(failing).toEqual([]);
});

test('regression vector files hold their case in canonical form (re-serialising changes nothing)', () => {
  for (const v of vectors) expect(caseToJson(v.case)).toEqual(JSON.parse(readFileSync(v.file, 'utf8')).case);
});
