/**
 * `javm vectors generate|verify|pack`: rewrite or check the generated vector tree (with MANIFEST.json),
 * run vectors (a tree or a release tarball) against our engines or an external implementation, and
 * write the release tarball (vectors/README.md, vectors/PROTOCOL.md).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { Command, Option } from 'commander';
import { GENERATED_DIRS, GENERATED_FILES, generateTree } from '../../vectors/gen/index.js';
import { engineByName, UsageError } from '../engines.js';
import type { Io } from './io.js';
import { defaultVectorDir, engineTarget, externalTarget, failureGroups, SilentTargetError, verify, type Report } from '../vectors/verify.js';
import { checkManifest, isTarball, packTree, readManifest, unpackTarball } from '../vectors/release.js';
import { TargetStartError } from '../target/client.js';
import { verifyOnTarget } from '../target/verify.js';
import { kitName } from '../version.js';
import { parseDuration } from './fuzz-flags.js';
import { settle, type Status } from './status.js';

/** Files now under the generated folders of a tree root, relative, '/'-separated. */
export function generatedFilesOnDisk(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  for (const d of GENERATED_DIRS) walk(join(root, d));
  for (const f of GENERATED_FILES) if (existsSync(join(root, f))) out.set(f, readFileSync(join(root, f), 'utf8'));
  return out;
}

/** Differences between the generated tree and the disk: missing, stale and extra files. */
export function treeDiff(want: ReadonlyMap<string, string>, have: ReadonlyMap<string, string>): string[] {
  const d: string[] = [];
  for (const [p, text] of want) {
    const on = have.get(p);
    if (on === undefined) d.push(`missing ${p}`);
    else if (on !== text) d.push(`stale   ${p}`);
  }
  for (const p of have.keys()) if (!want.has(p)) d.push(`extra   ${p}`);
  return d;
}

interface GenerateFlags { write?: boolean; dir?: string }

/** generate: without --write, exit 1 when the tree on disk differs from the generator's; with --write, rewrite it. */
export function generateCommand(flags: GenerateFlags, io: Io): number {
  const root = flags.dir ?? defaultVectorDir();
  const want = generateTree();
  const diff = treeDiff(want, generatedFilesOnDisk(root));
  if (!flags.write) {
    for (const line of diff.slice(0, 20)) io.out(line);
    io.out(diff.length === 0 ? `vector tree up to date (${want.size} files)` : `${diff.length} files differ: run npm run vectors`);
    return diff.length === 0 ? 0 : 1;
  }
  for (const d of GENERATED_DIRS) rmSync(join(root, d), { recursive: true, force: true });
  for (const [p, text] of want) {
    const file = join(root, p);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  io.out(`wrote ${want.size} files under ${root} (${diff.length} changed)`);
  return 0;
}

interface VerifyFlags { engine: string; impl?: string; target?: string; timeout?: string; filter?: string; quiet?: boolean }

/**
 * verify: prints failures (first difference each), the failures grouped by class and by spec-note, a
 * per-runner table and a total; exit 1 on any failure, 2 on malformed input (a file that is not a
 * vector, a path that does not exist). A path ending in .tar.gz or .tgz is a release: unpacked, every
 * file checked against its MANIFEST.json (a missing or differing file fails the run), then verified.
 */
export function verifyCommand(path: string | undefined, flags: VerifyFlags, io: Io): number | Promise<number> {
  if (path === undefined || !isTarball(path)) return verifyTree(path ?? defaultVectorDir(), flags, io);
  const { root, cleanup } = unpackTarball(path);
  let problems: string[];
  let r: number | Promise<number>;
  try {
    const manifest = readManifest(root);
    problems = checkManifest(root, manifest);
    for (const p of problems) io.out(p);
    const n = Object.keys(manifest.files).length;
    io.out(problems.length === 0
      ? `${path}: ${manifest.kit} ${manifest.version}, format ${manifest.format}, spec ${manifest.spec.repository}@${manifest.spec.commit.slice(0, 12)}: all ${n} files match MANIFEST.json`
      : `${path}: ${problems.length} of ${n} files do not match MANIFEST.json`);
    r = verifyTree(root, flags, io);
  } catch (e) {
    cleanup();
    throw e;
  }
  const finish = (code: number): number => (problems.length > 0 ? Math.max(code, 1) : code);
  if (typeof r === 'number') {
    cleanup();
    return finish(r);
  }
  return r.then((code) => finish(code)).finally(cleanup);
}

function verifyTree(path: string, flags: VerifyFlags, io: Io): number | Promise<number> {
  if (flags.target !== undefined && flags.impl !== undefined) throw new UsageError('--target and --impl: give one (--target speaks vectors/TARGET.md, --impl vectors/PROTOCOL.md)');
  if (flags.target !== undefined) return verifyTargetCommand(path, { ...flags, target: flags.target }, io);
  if (flags.impl !== undefined) {
    const timeoutMs = parseDuration(flags.timeout ?? '600s', '--timeout');
    try {
      return printReport(verify(path, externalTarget(flags.impl, timeoutMs), flags.filter), flags.impl, flags, io);
    } catch (e) {
      if (!(e instanceof SilentTargetError)) throw e;
      io.out(`ERROR ${e.message}`);
      return 1;
    }
  }
  const target = engineTarget(engineByName(flags.engine));
  return printReport(verify(path, target, flags.filter), target.name, flags, io);
}

/** verify --target: the vectors through a target process. */
async function verifyTargetCommand(path: string, flags: VerifyFlags & { target: string }, io: Io): Promise<number> {
  const timeoutMs = parseDuration(flags.timeout ?? '10s', '--timeout');
  let last = Date.now();
  try {
    const { report, name, restarts } = await verifyOnTarget(path, flags.target, { timeoutMs, handshakeMs: 10_000, kit: kitName() }, flags.filter, (done, total) => {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      io.err(`verify: ${done}/${total} vectors`);
    });
    return printReport(report, `${name}${restarts > 0 ? ` (restarted ${restarts} times)` : ''}`, flags, io);
  } catch (e) {
    if (e instanceof TargetStartError) throw new UsageError(e.message);
    throw e;
  }
}

function printReport(report: Report, targetName: string, flags: Pick<VerifyFlags, 'quiet'>, io: Io): number {
  let skips = 0;
  for (const r of report.results) {
    const o = r.outcome;
    if (o.status === 'fail') io.out(`FAIL ${r.id}: ${o.difference}`);
    else if (o.status === 'error') io.out(`ERROR ${r.id}: ${o.message}`);
    else if (o.status === 'skip' && !flags.quiet && skips++ < 5) io.out(`SKIP ${r.id}: ${o.reason}`);
  }
  const groups = failureGroups(report.results);
  if (groups.byClass.length > 0) {
    io.out('failures by class:');
    for (const [c, n] of groups.byClass) io.out(`${String(n).padStart(6)}  ${c}`);
    io.out('failures by spec-note:');
    for (const [c, n] of groups.byNote) io.out(`${String(n).padStart(6)}  ${c}`);
  }
  io.out(`target: ${targetName}`);
  io.out('runner      pass  fail  skip');
  let failed = 0;
  let passed = 0;
  for (const [runner, row] of report.table) {
    io.out(`${runner.padEnd(10)} ${String(row.pass).padStart(5)} ${String(row.fail).padStart(5)} ${String(row.skip).padStart(5)}`);
    failed += row.fail;
    passed += row.pass;
  }
  io.out(`${passed} passed, ${failed} failed, ${report.results.length - passed - failed} skipped`);
  if (report.table.has('unreadable')) return 2; // malformed input (README: exit status 2)
  return failed === 0 ? 0 : 1;
}

/** pack: the release tarball of the tree (javm-vectors-<version>.tar.gz). */
export function packCommand(flags: { out?: string; dir?: string }, io: Io): number {
  const { file, manifest, entries } = packTree(flags.dir ?? defaultVectorDir(), flags.out);
  io.out(`wrote ${file}: ${manifest.kit} ${manifest.version}, format ${manifest.format}, ${Object.keys(manifest.files).length + 1} generated files (${entries.join(', ')})`);
  return 0;
}

/** Adds `vectors` with its subcommands to the CLI; actions store their exit status in `status`. */
export function addVectorsCommand(root: Command, io: Io, status: Status): void {
  const vectors = root.command('vectors').description('conformance vectors: generate the tree, verify engines or an external implementation');
  vectors.command('generate')
    .description('compare the vector tree with the generator (exit 1 if stale); --write rewrites it')
    .option('--write', 'rewrite vectors/{gp,jar1,schema,w3f}')
    .option('--dir <dir>', 'vector tree root (default: the kit\'s vectors/)')
    .action((flags: GenerateFlags) => { status.code = generateCommand(flags, io); });
  vectors.command('verify')
    .description('run vectors on an engine or an external implementation; per-runner table and first differences')
    .argument('[path]', 'a vector file or folder, or a release .tar.gz (default: the kit\'s vectors/)')
    .addOption(new Option('--engine <name>', 'our engine to run: model or impl').default('model'))
    .option('--impl <command>', 'external implementation: a shell command speaking the batch JSON-lines protocol (vectors/PROTOCOL.md)')
    .option('--target <command>', 'external implementation: a long-lived process speaking the target protocol (vectors/TARGET.md), or unix:/path')
    .option('--timeout <duration>', 'with --target: how long one vector may take (default 10s); with --impl: how long the whole run may take (default 600s)')
    .option('--filter <glob>', "only vectors whose path (e.g. gp/isa/div_u_64/div_u_64_by_zero) matches; '*' matches anything")
    .option('--quiet', 'do not list skipped vectors')
    .action((path: string | undefined, flags: VerifyFlags) => settle(status, verifyCommand(path, flags, io)));
  vectors.command('pack')
    .description('write the release tarball javm-vectors-<version>.tar.gz (gp/, jar1/, schema/, w3f/, MANIFEST.json, the runner docs)')
    .option('--out <file>', 'the tarball to write (default: ./javm-vectors-<version>.tar.gz)')
    .option('--dir <dir>', 'vector tree root (default: the kit\'s vectors/)')
    .action((flags: { out?: string; dir?: string }) => { status.code = packCommand(flags, io); });
}
