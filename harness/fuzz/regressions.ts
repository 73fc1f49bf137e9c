/**
 * Regression vectors: every shrunk failing case is written under vectors/regressions/ as a JSON file
 * (the case in its JSON form, with how it was found), and the test suite runs them all, forever.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Reads one regression file (a CaseFormatError names the file and field when it is malformed). */
export function readRegression(file: string): Regression {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CaseFormatError(`${file}: not readable JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = (doc ?? {}) as Record<string, unknown>;
  if (typeof o.name !== 'string') throw new CaseFormatError(`${file}: field 'name' must be a string`);
  return { name: o.name, file, case: caseFromJson(o.case, file) };
}

/** Every regression vector of a folder, by file name. */
export function readRegressions(dir = defaultRegressionDir()): Regression[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readRegression(join(dir, f)));
}
