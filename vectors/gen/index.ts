/**
 * The generator: every case table, run on the model, as the files of the vector tree. Pure: it
 * returns path → text; writing is the CLI's job (`javm vectors generate --write`, `npm run vectors`).
 */
import type { Engine } from '../lib/engine.js';
import { modelCore } from '../../model/index.js';
import { modelKernel } from '../../model/kernel/index.js';
import { expectedOf } from '../lib/runners.js';
import { RUNNERS, vectorPath, vectorText, type Vector } from '../lib/format.js';
import { schemaText } from '../lib/schema.js';
import { TARGET_SCHEMAS } from '../lib/target.js';
import { TRACE_SCHEMA } from '../lib/trace-schema.js';
import type { Case } from './case.js';
import { opcodeCases } from './isa.js';
import { coreNoteCases } from './notes-core.js';
import { kernelCases } from './kernel.js';
import { decodeCases, programCases } from './blobs.js';
import { kernelProgramCases } from './kernel-programs.js';
import { hostCases } from './host.js';
import { withFidelity } from './fidelity.js';
import { toW3f } from './w3f-export.js';
import { MANIFEST_PATH, MANIFEST_SCHEMA, manifestOf, manifestText } from './manifest.js';
import { notesExercised } from './rules.js';

/** The top-level folders of vectors/ that the generator owns (everything in them is rewritten). */
export const GENERATED_DIRS: readonly string[] = ['gp', 'jar1', 'schema', 'w3f'];

/** The files at the top of vectors/ that the generator writes. */
export const GENERATED_FILES: readonly string[] = [MANIFEST_PATH];

/** Every case of every table. */
export function allCases(): Case[] {
  return withFidelity([...decodeCases(), ...opcodeCases(), ...coreNoteCases(), ...programCases(), ...hostCases(), ...kernelProgramCases(), ...kernelCases()]);
}

/** The generator's engine: the model alone (the impl plays no part in making vectors). */
const model: Engine = { name: 'model', core: modelCore, kernel: modelKernel };

/** A case run on the model for one profile; throws when the case's own check fails (a case-table bug). */
export function vectorOf(c: Case, profile: Vector['profile']): Vector {
  const input = c.input(profile);
  const expected = expectedOf(model, c.runner, profile, input);
  const problem = c.check?.(expected, profile) ?? null;
  if (problem !== null) throw new Error(`case ${profile}/${c.name}: ${problem}`);
  // The notes the case table lists, and every note whose decision the expected value depends on (./rules.ts).
  const notes = [...new Set([...c.notes, ...notesExercised({ runner: c.runner, profile, input, expected })])].sort();
  return { name: c.name, runner: c.runner, profile, handler: c.handler, edge: c.edge, notes, description: c.description, input, expected };
}

/** Every vector, in path order. */
export function allVectors(): Vector[] {
  const out: Vector[] = [];
  for (const c of allCases()) for (const p of c.profiles) out.push(vectorOf(c, p));
  return out.sort((a, b) => (vectorPath(a) < vectorPath(b) ? -1 : 1));
}

/**
 * The generated tree, relative to vectors/: path → exact file text, in path order. Vectors, one
 * schema per runner, the w3f export of the gp core cases, and MANIFEST.json (./manifest.ts) over all
 * of them. Throws on duplicate paths.
 */
export function generateTree(vectors: readonly Vector[] = allVectors()): Map<string, string> {
  const files = new Map<string, string>();
  const add = (path: string, text: string): void => {
    if (files.has(path)) throw new Error(`two cases generate ${path}`);
    files.set(path, text);
  };
  for (const v of vectors) {
    add(vectorPath(v), vectorText(v));
    const w3f = toW3f(v);
    if (w3f !== null) add(`w3f/${v.runner}_${v.name}.json`, w3f);
  }
  for (const r of RUNNERS) add(`schema/${r}.schema.json`, schemaText(r));
  for (const [which, schema] of Object.entries(TARGET_SCHEMAS)) add(`schema/target-${which}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  add('schema/trace.schema.json', `${JSON.stringify(TRACE_SCHEMA, null, 2)}\n`);
  add('schema/manifest.schema.json', `${JSON.stringify(MANIFEST_SCHEMA, null, 2)}\n`);
  add(MANIFEST_PATH, manifestText(manifestOf(files)));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
