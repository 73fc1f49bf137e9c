/**
 * Every regression vector the fuzzer ever wrote (vectors/regressions/*.json) runs forever: the model
 * against every other registered engine (the model against itself when it is alone) must agree,
 * throw nothing and keep every kernel invariant, stepwise (invariants after every kernel event).
 * Each also has its twin in the ordinary vector format (vectors/regressions/<profile>/<runner>/
 * regression/), byte for byte what regenerating it from the regression file writes, and both engines
 * pass those through `javm vectors verify`; a campaign that finds a divergence writes both files, and
 * the ordinary vector fails on the buggy engine and passes on the model.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { vectorText } from '../../vectors/lib/format.js';
import { readVector } from '../../vectors/lib/schema.js';
import { runCliAsync } from '../cli/main.js';
import { ENGINES, type Engine } from '../engines.js';
import { checkCase, type Failure } from '../fuzz/campaign.js';
import { caseToJson, type CoreCase } from '../fuzz/cases.js';
import { failureReport } from '../fuzz/driver.js';
import { assemble, I } from '../fuzz/encode.js';
import { mutantEngine } from '../fuzz/mutants.js';
import {
  defaultRegressionDir, readRegressions, regressionVector, regressionVectorFile, regressionVectorName, writeRegression, writeRegressionVector,
} from '../fuzz/regressions.js';
import { engineTarget, vectorFiles, verify } from '../vectors/verify.js';

const model = ENGINES.model as Engine;
const others = Object.values(ENGINES).filter((e) => e !== model);
const pairs: [Engine, Engine][] = (others.length > 0 ? others : [model]).map((e) => [model, e]);
const vectors = readRegressions();
const dir = defaultRegressionDir();

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

/** Every .json below the gp/ and jar1/ folders of a regression folder (the ordinary vectors). */
const ordinaryFiles = (root: string): string[] => (['gp', 'jar1'].some((d) => existsSync(join(root, d))) ? vectorFiles(root).files : []);

describe('the ordinary-vector twins of the regressions', () => {
  test('every regression file has its twin, byte for byte what regenerating it writes, and there is no other vector', () => {
    expect(vectors.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const twins = new Set<string>();
    for (const r of vectors) {
      const { vector, why } = regressionVector(r.file);
      if (vector === null) {
        problems.push(`${r.name}: no ordinary vector can be made (${why})`);
        continue;
      }
      const file = regressionVectorFile(dir, vector);
      twins.add(file);
      expect(vector.name).toBe(regressionVectorName(r.name));
      expect(vector.name).toMatch(/^[a-z0-9_]+$/);
      expect(relative(dir, file).split(/[\\/]/).slice(0, 3)).toEqual([vector.profile, vector.runner, 'regression']);
      if (!existsSync(file)) problems.push(`${r.name}: its twin ${relative(dir, file)} is missing`);
      else if (readFileSync(file, 'utf8') !== vectorText(vector)) problems.push(`${r.name}: its twin ${relative(dir, file)} is stale (regenerate it: writeRegressionVectors())`);
      else expect(readVector(file)).toEqual(vector); // it matches its runner's schema
    }
    for (const f of ordinaryFiles(dir)) if (!twins.has(f)) problems.push(`${relative(dir, f)}: the twin of no regression file`);
    expect(problems).toEqual([]);
  });

  test('a core case becomes an isa vector, and the twin of a kernel or blob case is a jar1 program vector with its host answers', () => {
    const kinds = vectors.flatMap((r) => {
      const v = regressionVector(r.file).vector;
      return v === null ? [] : [`${r.case.focus === 'core' ? 'core' : 'kernel'} -> ${v.profile} ${v.runner}`];
    });
    for (const k of kinds) expect(['core -> gp isa', 'core -> jar1 isa', 'kernel -> jar1 program']).toContain(k);
  });

  test.each(Object.values(ENGINES).map((e) => [e.name, e] as const))('javm vectors verify of vectors/regressions passes all of them on %s', (_name, engine) => {
    const report = verify(dir, engineTarget(engine));
    expect(report.results.length).toBe(ordinaryFiles(dir).length);
    expect(report.results.filter((r) => r.outcome.status !== 'pass').map((r) => `${r.id}: ${JSON.stringify(r.outcome)}`)).toEqual([]);
  });
});

describe('a campaign that finds a divergence', () => {
  test('writes the regression and its ordinary vector; the vector fails on the buggy engine and passes on the model', async () => {
    const out = mkdtempSync(join(tmpdir(), 'javm-fuzz-twin-'));
    const lines: string[] = [];
    const code = await runCliAsync(
      ['fuzz', '--mutant', 'branch-lt-s-unsigned', '--focus', 'core', '--runs', '3000', '--workers', '1', '--seed', '1', '--out', out],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(code).toBe(1);
    const written = readRegressions(out);
    expect(written).toHaveLength(1);
    const r = written[0];
    if (r === undefined) return;
    // the twin: an isa vector (a core case) named like the regression file, where the report says
    const twins = ordinaryFiles(out);
    expect(twins).toHaveLength(1);
    const twin = twins[0] ?? '';
    const v = readVector(twin);
    expect(v.name).toBe(regressionVectorName(r.name));
    expect(v.runner).toBe('isa');
    expect([v.handler, v.edge, v.notes]).toEqual(['regression', null, []]);
    expect(relative(out, twin).split(/[\\/]/)).toEqual([v.profile, 'isa', 'regression', `${v.name}.json`]);
    expect(v.description).toMatch(/^found by javm fuzz, model vs impl~branch-lt-s-unsigned: .+ \(--focus core --seed \d+ --path [\d:]+; fuzz case core-[a-z]+-[0-9a-f]{10}\.json\)$/);
    expect(v.description).not.toContain('\n');
    expect(lines.some((l) => l.startsWith('  as an ordinary vector: ') && l.includes(`${v.name}.json`))).toBe(true);
    // regenerating it from the regression file gives the same bytes
    expect(vectorText(regressionVector(r.file).vector ?? v)).toBe(readFileSync(twin, 'utf8'));
    // replayable on any implementation: the buggy one fails it, the model passes it
    const onModel = verify(out, engineTarget(model)).results;
    expect(onModel.map((x) => x.outcome.status)).toEqual(['pass']);
    const onMutant = verify(out, engineTarget(mutantEngine('branch-lt-s-unsigned'))).results;
    expect(onMutant.map((x) => x.outcome.status)).toEqual(['fail']);
  });

  test('a case the model does not end within its step bound gets no ordinary vector, and the report says so', () => {
    // jump to itself with gas for ever: the model's run is cut short by the step bound
    const c: CoreCase = {
      focus: 'core', maxSteps: 5000, text: ['jump 0'],
      input: { profile: 'gp', image: assemble([I.jump(0)]), pc: 0, gas: 1n << 40n, regs: Array.from({ length: 13 }, () => 0n), pages: [], memory: [], memoryPages: 0 },
    };
    const f: Failure = {
      focus: 'core', seed: 7, path: '0', case: c, divergence: { kind: 'exit', summary: 'exit #0 differs', details: [] }, localisation: 'none', shrinks: 0,
    };
    const out = mkdtempSync(join(tmpdir(), 'javm-fuzz-twin-none-'));
    const file = writeRegression(out, f, ['model', 'broken']);
    const vector = writeRegressionVector(out, file);
    expect(vector).toEqual({ file: null, why: 'the model does not end the case within its step bound' });
    expect(readdirSync(out)).toEqual([`${readRegressions(out)[0]?.name ?? ''}.json`]);
    expect(failureReport(f, { engines: 'model,broken', mutant: null, stepwiseEvery: 4 }, file, vector))
      .toContain('  no ordinary vector written: the model does not end the case within its step bound');
  });
});
