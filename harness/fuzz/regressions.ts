/**
 * Regression vectors: every shrunk failing case is written under vectors/regressions/ as a JSON file
 * (the case in its JSON form, with how it was found), and the test suite runs them all, forever.
 * Each such file also has a twin in the ordinary vector format (vectors/README.md): the same case as
 * an `isa` vector (core focus) or a jar1 `program` vector (every other focus, the seeded host's
 * answers written out), with the model's answer as `expected`, under
 * `<dir>/<profile>/<runner>/regression/<name>.json`, so that `javm vectors verify <dir>` replays the
 * regressions on any implementation. The twin is a function of the regression file alone (rewriting
 * it gives the same bytes). It lacks what only the fuzzer compares (kernel events, snapshots after
 * each exit, invariants), so the fuzz-format file stays the one `javm fuzz --replay` and the tests run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vectorPath, vectorText, type Vector } from '../../vectors/lib/format.js';
import { ENGINES, type Engine } from '../engines.js';
import { modelAnswer, targetCaseOf } from '../target/cases.js';
import { CaseFormatError, caseFromJson, caseToJson, type Case } from './cases.js';
import type { Failure } from './campaign.js';

/** The package root (the folder with package.json above this module, from src or dist). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const defaultRegressionDir = (): string => join(packageRoot(), 'vectors', 'regressions');

export interface Regression {
  readonly name: string;
  readonly file: string;
  readonly case: Case;
}

/** The file content of a failure: fixed key order, no timestamps, so rewriting it gives the same bytes. */
export function regressionJson(f: Failure, engines: readonly string[]): { name: string; text: string } {
  const json = caseToJson(f.case);
  const hash = createHash('sha256').update(JSON.stringify(json)).digest('hex').slice(0, 10);
  const name = `${f.focus}-${f.divergence.kind}-${hash}`;
  const doc = {
    name, focus: f.focus,
    found: { engines: [...engines], seed: f.seed, path: f.path, divergence: f.divergence.summary, localisation: f.localisation.split('\n')[0] ?? '' },
    description: [...f.case.text],
    case: json,
  };
  return { name, text: `${JSON.stringify(doc, null, 2)}\n` };
}

/** Writes a failure as a regression vector; returns the file path. A failure whose case passed on its re-run is refused (it would pin nothing). */
export function writeRegression(dir: string, f: Failure, engines: readonly string[]): string {
  const { name, text } = regressionJson(f, engines);
  if (f.reproduced === false) throw new Error(`${name}: the divergence did not reproduce on a re-run of its case; it is no regression vector`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, text);
  return file;
}

function readDoc(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CaseFormatError(`${file}: not readable JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return (doc ?? {}) as Record<string, unknown>;
}

/** Reads one regression file (a CaseFormatError names the file and field when it is malformed). */
export function readRegression(file: string): Regression {
  const o = readDoc(file);
  if (typeof o.name !== 'string') throw new CaseFormatError(`${file}: field 'name' must be a string`);
  return { name: o.name, file, case: caseFromJson(o.case, file) };
}

/** Every regression vector of a folder, by file name. */
export function readRegressions(dir = defaultRegressionDir()): Regression[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readRegression(join(dir, f)));
}

/** The vector name of a regression: its file name in the vector alphabet (`blob-invariant-71ef3058c6` → `blob_invariant_71ef3058c6`). */
export const regressionVectorName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** The ordinary vector of a regression file, or why it has none (the model does not end the case within its step bound). */
export type RegressionVector = { readonly vector: Vector; readonly why: null } | { readonly vector: null; readonly why: string };

/**
 * The ordinary vector of a regression file (the standard-format twin of its case): the case as a
 * target-protocol case (harness/target/cases.ts), the model's whole answer as `expected` (a jar1
 * program's snapshot after load included), the host answers the run used, handler `regression`.
 */
export function regressionVector(file: string, model: Engine = ENGINES.model as Engine): RegressionVector {
  const r = readRegression(file);
  const found = (readDoc(file).found ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');
  const engines = Array.isArray(found.engines) ? found.engines.map(str).join(' vs ') : '?';
  const tc = targetCaseOf(r.case, () => true);
  if (tc === null) return { vector: null, why: `its ${r.case.focus} case becomes no vector` }; // not reached: every kind is supported
  let answer: ReturnType<typeof modelAnswer>;
  try {
    answer = modelAnswer(model, tc, { initial: true });
  } catch (e) {
    return { vector: null, why: `the model threw on the case (${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''})` };
  }
  if (answer === null) return { vector: null, why: 'the model does not end the case within its step bound' };
  const v: Vector = {
    name: regressionVectorName(r.name), runner: answer.tc.kind, profile: answer.tc.profile, handler: 'regression', edge: null, notes: [],
    description: `found by javm fuzz, ${engines}: ${str(found.divergence)} (--focus ${r.case.focus} --seed ${str(found.seed)} --path ${str(found.path)}; fuzz case ${basename(file)})`
      .replace(/\s+/g, ' ').trim(),
    input: answer.tc.input, expected: answer.expected,
  };
  return { vector: v, why: null };
}

/** Where the ordinary vector of a regression goes under a regression folder. */
export const regressionVectorFile = (dir: string, v: Vector): string => join(dir, vectorPath(v));

/** Writes the ordinary vector of a regression file under `dir`; returns its path, or null with why there is none. */
export function writeRegressionVector(dir: string, file: string): { readonly file: string | null; readonly why: string | null } {
  const r = regressionVector(file);
  if (r.vector === null) return { file: null, why: r.why };
  const out = regressionVectorFile(dir, r.vector);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, vectorText(r.vector));
  return { file: out, why: null };
}

/** Writes the ordinary vector of every regression file of a folder (for files written before vectors were). */
export function writeRegressionVectors(dir = defaultRegressionDir()): { readonly regression: string; readonly file: string | null; readonly why: string | null }[] {
  return readRegressions(dir).map((r) => ({ regression: r.file, ...writeRegressionVector(dir, r.file) }));
}
