/**
 * Released vector trees (vectors/README.md "Releases"): `javm vectors pack` writes the tree as
 * `javm-vectors-<version>.tar.gz`, and `javm vectors verify <file.tar.gz>` unpacks one and checks every
 * file against its MANIFEST.json before running the vectors. Uses the system `tar` (GNU or BSD).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { Ajv } from 'ajv';
import { GENERATED_DIRS } from '../../vectors/gen/index.js';
import { MANIFEST_PATH, MANIFEST_SCHEMA, sha256, type Manifest } from '../../vectors/gen/manifest.js';
import { UsageError } from '../engines.js';

/** Is this path a release tarball (by its name)? */
export const isTarball = (path: string): boolean => /\.(tar\.gz|tgz)$/.test(path);

const validateManifest = new Ajv({ strict: false }).compile(MANIFEST_SCHEMA);

/** Reads and validates a tree's MANIFEST.json; a missing or malformed one is a usage error. */
export function readManifest(root: string): Manifest {
  const file = join(root, MANIFEST_PATH);
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON (${(e as Error).message})`}`);
  }
  if (!validateManifest(m)) {
    const err = validateManifest.errors?.[0];
    throw new UsageError(`${file}: field ${err?.instancePath === '' ? '(top level)' : err?.instancePath} ${err?.message ?? 'invalid'} (manifest schema)`);
  }
  return m as unknown as Manifest;
}

/** Files under the generated folders of a tree, relative, '/'-separated. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const d of GENERATED_DIRS) walk(join(root, d));
  return out.sort();
}

/**
 * Every file of a tree checked against its MANIFEST.json: one line per problem (`MISSING path`,
 * `MISMATCH path: ...`, `EXTRA path: ...` for a file of gp/, jar1/, schema/ or w3f/ the manifest does
 * not list). Empty when the tree is exactly what the manifest says.
 */
export function checkManifest(root: string, manifest = readManifest(root)): string[] {
  const problems: string[] = [];
  for (const [p, want] of Object.entries(manifest.files)) {
    const file = join(root, p);
    if (!existsSync(file)) { problems.push(`MISSING ${p}`); continue; }
    const got = sha256(readFileSync(file));
    if (got !== want) problems.push(`MISMATCH ${p}: sha256 ${got}, MANIFEST.json says ${want}`);
  }
  for (const p of filesUnder(root)) if (!(p in manifest.files)) problems.push(`EXTRA ${p}: not in MANIFEST.json`);
  return problems;
}

/** What a release holds, relative to the tree root: the generated folders, MANIFEST.json and the runner docs (*.md). */
export function releaseEntries(root: string): string[] {
  const docs = readdirSync(root).filter((f) => f.endsWith('.md') && statSync(join(root, f)).isFile()).sort();
  return [...GENERATED_DIRS.filter((d) => existsSync(join(root, d))), MANIFEST_PATH, ...docs];
}

/**
 * Writes the release tarball of a tree: one top folder `javm-vectors-<version>/` holding
 * releaseEntries(). Refuses (usage error) a tree that does not match its own manifest. Returns the
 * tarball's path and the manifest.
 */
export function packTree(root: string, out?: string): { file: string; manifest: Manifest; entries: string[] } {
  const manifest = readManifest(root);
  const problems = checkManifest(root, manifest);
  if (problems.length > 0) throw new UsageError(`${root}: the tree does not match its MANIFEST.json (${problems.length} files, e.g. ${problems[0]}): run npm run vectors`);
  const top = `javm-vectors-${manifest.version}`;
  const file = resolve(out ?? `${top}.tar.gz`);
  const staging = mkdtempSync(join(tmpdir(), 'javm-pack-'));
  try {
    const entries = releaseEntries(root);
    mkdirSync(join(staging, top));
    for (const e of entries) cpSync(join(root, e), join(staging, top, e), { recursive: true });
    execFileSync('tar', ['-czf', file, '-C', staging, top], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { file, manifest, entries };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Unpacks a release tarball into a temporary folder; returns the tree root (the folder holding MANIFEST.json) and a cleanup. */
export function unpackTarball(file: string): { root: string; cleanup: () => void } {
  if (!existsSync(file)) throw new UsageError(`${file}: cannot read (ENOENT)`);
  const dir = mkdtempSync(join(tmpdir(), 'javm-release-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-xzf', resolve(file), '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    cleanup();
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new UsageError(`${file}: not a readable .tar.gz (${stderr || (e as Error).message})`);
  }
  if (existsSync(join(dir, MANIFEST_PATH))) return { root: dir, cleanup };
  const tops = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  const only = tops.length === 1 ? tops[0] : undefined;
  if (only !== undefined && existsSync(join(dir, only.name, MANIFEST_PATH))) return { root: join(dir, only.name), cleanup };
  cleanup();
  throw new UsageError(`${file}: no MANIFEST.json at its top or in its single top folder`);
}
