/**
 * vectors/MANIFEST.json: what a released vector tree is (vectors/README.md "Releases"): the kit
 * version, the format version, the upstream spec commit the notes were checked against, a hash of
 * the generator's sources, and the sha256 of every other generated file. Written by the generator,
 * so the staleness check covers it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version of the vector format (the files' shapes and the runners' procedures); bumped on any incompatible change. */
export const FORMAT_VERSION = 1;

/** The upstream specification the spec-notes cite (spec-notes/README.md). */
export const SPEC_SOURCE = { repository: 'jarchain/jar', commit: '4f0890c88ebfcc2f15c06e99a978a58b5e5be7a5' } as const;

/** The folders whose *.ts files are the generator's sources, relative to the kit root. */
export const GENERATOR_SOURCE_DIRS: readonly string[] = ['vectors/gen', 'vectors/lib'];

export const MANIFEST_PATH = 'MANIFEST.json';

export interface Manifest {
  readonly kit: string;
  readonly version: string;
  readonly format: number;
  readonly spec: { readonly repository: string; readonly commit: string };
  readonly generator: { readonly sources: readonly string[]; readonly sha256: string };
  /** Every other generated file, relative to vectors/, '/'-separated → its sha256 (lower-case hex). */
  readonly files: Readonly<Record<string, string>>;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The kit root above this module (a folder with package.json and vectors/gen). */
function kitRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'vectors', 'gen'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the kit root above vectors/gen/manifest');
    dir = up;
  }
}

/**
 * The generator's sources and their hash: the sha256 of the text `sha256sum` prints for them, one
 * line `<sha256>  <path>\n` per file, paths relative to the kit root in sorted order. From the kit
 * root: `sha256sum $(ls vectors/gen/*.ts vectors/lib/*.ts | LC_ALL=C sort) | sha256sum`.
 */
export function generatorHash(root = kitRoot()): { sources: string[]; sha256: string } {
  const sources = GENERATOR_SOURCE_DIRS.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`)).sort();
  const listing = sources.map((p) => `${sha256(readFileSync(join(root, p)))}  ${p}\n`).join('');
  return { sources, sha256: sha256(listing) };
}

/** The manifest of a generated tree (path → text, without the manifest itself). */
export function manifestOf(files: ReadonlyMap<string, string>, root = kitRoot()): Manifest {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
  const hashes: Record<string, string> = {};
  for (const p of [...files.keys()].sort()) if (p !== MANIFEST_PATH) hashes[p] = sha256(files.get(p) as string);
  return { kit: pkg.name ?? 'javm', version: pkg.version ?? '0.0.0', format: FORMAT_VERSION, spec: { ...SPEC_SOURCE }, generator: generatorHash(root), files: hashes };
}

export const manifestText = (m: Manifest): string => `${JSON.stringify(m, null, 2)}\n`;

/** JSON Schema (draft-07) of MANIFEST.json. */
export const MANIFEST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'JAVM conformance vectors: MANIFEST.json',
  type: 'object',
  additionalProperties: false,
  required: ['kit', 'version', 'format', 'spec', 'generator', 'files'],
  properties: {
    kit: { type: 'string' },
    version: { type: 'string' },
    format: { type: 'integer', minimum: 1 },
    spec: {
      type: 'object', additionalProperties: false, required: ['repository', 'commit'],
      properties: { repository: { type: 'string' }, commit: { type: 'string', pattern: '^[0-9a-f]{40}$' } },
    },
    generator: {
      type: 'object', additionalProperties: false, required: ['sources', 'sha256'],
      properties: { sources: { type: 'array', items: { type: 'string' } }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    },
    files: { type: 'object', additionalProperties: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
  },
} as const;
