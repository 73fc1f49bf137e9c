/**
 * Released vector trees and external runs: MANIFEST.json (written by the generator, checked for
 * staleness with the tree), `javm vectors pack`, `javm vectors verify <file.tar.gz>` (every file against
 * the manifest), and `vectors verify --impl`: one line for a silent program, --timeout, failures
 * grouped by class and spec-note, exit 2 on malformed input (also `javm w3f`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './support/cli.js';
import { defaultVectorDir, failureClass, failureGroups, type VectorResult } from '../vectors/verify.js';
import { checkManifest, readManifest } from '../vectors/release.js';
import { generateTree } from '../../vectors/gen/index.js';
import { FORMAT_VERSION, generatorHash, sha256, SPEC_SOURCE } from '../../vectors/gen/manifest.js';

const root = defaultVectorDir();
const kit = join(root, '..');
const tmp = mkdtempSync(join(tmpdir(), 'javm-release-test-'));


describe('MANIFEST.json', () => {
  const manifest = readManifest(root);
  const tree = generateTree();

  test('it is part of the generated tree (so the staleness check covers it) and matches the manifest schema', () => {
    expect(tree.get('MANIFEST.json')).toBe(readFileSync(join(root, 'MANIFEST.json'), 'utf8'));
    expect(tree.has('schema/manifest.schema.json')).toBe(true);
  });
  test('kit version from package.json, format version, the spec commit the notes cite', () => {
    const pkg = JSON.parse(readFileSync(join(kit, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(manifest.kit).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.format).toBe(FORMAT_VERSION);
    expect(manifest.spec).toEqual({ repository: 'jarchain/jar', commit: SPEC_SOURCE.commit });
    expect(readFileSync(join(kit, 'spec-notes', '0051-retype-allocator-and-cost.md'), 'utf8')).toContain(`\`jarchain/jar\` at ${manifest.spec.commit}`);
  });
  test('the sha256 of every other generated file, and nothing else', () => {
    const others = [...tree.keys()].filter((p) => p !== 'MANIFEST.json');
    expect(Object.keys(manifest.files)).toEqual(others);
    for (const p of others) expect(manifest.files[p], p).toBe(sha256(tree.get(p) as string));
    expect(checkManifest(root)).toEqual([]);
  });
  test('the generator hash covers vectors/gen/*.ts and vectors/lib/*.ts: it is `sha256sum` of them, and changes with any of them', () => {
    expect(manifest.generator.sources).toContain('vectors/gen/kernel.ts');
    expect(manifest.generator.sources).toContain('vectors/lib/format.ts');
    expect(manifest.generator.sources.every((p) => /^vectors\/(gen|lib)\/[^/]+\.ts$/.test(p))).toBe(true);
    const listing = manifest.generator.sources.map((p) => `${sha256(readFileSync(join(kit, p)))}  ${p}\n`).join('');
    expect(manifest.generator.sha256).toBe(sha256(listing));
    const copy = join(tmp, 'kit');
    for (const d of ['vectors/gen', 'vectors/lib']) cpSync(join(kit, d), join(copy, d), { recursive: true });
    expect(generatorHash(copy).sha256).toBe(manifest.generator.sha256);
    writeFileSync(join(copy, 'vectors/gen/isa.ts'), `${readFileSync(join(copy, 'vectors/gen/isa.ts'), 'utf8')}// edited\n`);
    expect(generatorHash(copy).sha256).not.toBe(manifest.generator.sha256);
  });
});

describe('javm vectors pack and verify <file.tar.gz>', () => {
  const tarball = join(tmp, 'release.tar.gz');
  const packed = cli('vectors', 'pack', '--out', tarball);
  const version = readManifest(root).version;

  test('pack writes a tarball with one top folder javm-vectors-<version>/ holding the tree, the manifest and the docs', () => {
    expect(packed.code).toBe(0);
    expect(packed.out[0]).toMatch(new RegExp(`^wrote ${tarball.replace(/[.]/g, '\\.')}: javm-kit ${version}, format 1, `));
    const names = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter(Boolean);
    const top = `javm-vectors-${version}/`;
    expect(names.every((n) => n.startsWith(top))).toBe(true);
    for (const f of ['MANIFEST.json', 'README.md', 'kernel.md', 'program.md', 'TARGET.md', 'schema/manifest.schema.json', 'jar1/kernel/map/map_access_2_what.json', 'w3f/isa_div_u_64_by_zero.json']) expect(names).toContain(top + f);
    expect(names.some((n) => n.includes('/gen/') || n.includes('/regressions/') || n.includes('/lib/'))).toBe(false);
  });
  test('javm vectors pack --help prints its usage', () => {
    const r = cli('vectors', 'pack', '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('Usage: javm vectors pack [options]');
    expect(r.out.join('\n')).toContain('--out <file>');
  });
  test('the package script is vectors:pack', () => {
    const pkg = JSON.parse(readFileSync(join(kit, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['vectors:pack']).toMatch(/vectors pack$/);
  });
  test('verify on the tarball: every file matches the manifest, then the vectors run as usual', () => {
    const r = cli('vectors', 'verify', tarball, '--filter', 'jar1/kernel/map/*');
    expect(r.out[0]).toMatch(new RegExp(`: javm-kit ${version}, format 1, spec jarchain/jar@4f0890c88ebf: all \\d+ files match MANIFEST.json$`));
    expect(r.out.slice(1)).toEqual(['target: model', 'runner      pass  fail  skip', 'kernel         7     0     0', '7 passed, 0 failed, 0 skipped']);
    expect(r.code).toBe(0);
  });
  test('a tampered tarball: a changed, a missing and an extra file are reported as such, exit 1', () => {
    const dir = join(tmp, 'unpacked');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const top = join(dir, `javm-vectors-${version}`);
    const changed = 'gp/isa/div_u_64/div_u_64_by_zero.json';
    writeFileSync(join(top, changed), readFileSync(join(top, changed), 'utf8').replace('"0x270e"', '"0x270f"'));
    rmSync(join(top, 'jar1/kernel/map/map_access_2_what.json'));
    writeFileSync(join(top, 'jar1/kernel/map/extra.json'), '{}');
    const bad = join(tmp, 'tampered.tgz');
    execFileSync('tar', ['-czf', bad, '-C', dir, `javm-vectors-${version}`]);
    const r = cli('vectors', 'verify', bad, '--filter', 'gp/isa/div_u_64/*');
    expect(r.out).toContain('MISSING jar1/kernel/map/map_access_2_what.json');
    expect(r.out.find((l) => l.startsWith(`MISMATCH ${changed}: sha256 `))).toBeDefined();
    expect(r.out).toContain('EXTRA jar1/kernel/map/extra.json: not in MANIFEST.json');
    expect(r.out).toContain(`${bad}: 3 of ${Object.keys(readManifest(root).files).length} files do not match MANIFEST.json`);
    expect(r.out).toContain(`FAIL gp/isa/div_u_64/div_u_64_by_zero: expected.gas: expected "0x270f", got "0x270e"`);
    expect(r.code).toBe(1);
  });
  test('pack refuses a tree that does not match its manifest (exit 2, one line)', () => {
    const copy = join(tmp, 'tree');
    for (const d of ['gp', 'schema', 'MANIFEST.json']) cpSync(join(root, d), join(copy, d), { recursive: true });
    const r = cli('vectors', 'pack', '--dir', copy, '--out', join(tmp, 'never.tar.gz'));
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/does not match its MANIFEST\.json \(\d+ files, e\.g\. MISSING jar1\/.*\): run npm run vectors$/);
  });
  test('a file that is not a tarball, and a missing one, are malformed input (exit 2)', () => {
    const junk = join(tmp, 'junk.tar.gz');
    writeFileSync(junk, 'not gzip');
    const r = cli('vectors', 'verify', junk);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/junk\.tar\.gz: not a readable \.tar\.gz/);
    const m = cli('vectors', 'verify', join(tmp, 'absent.tar.gz'));
    expect(m.code).toBe(2);
    expect(m.err).toEqual([`javm: ${join(tmp, 'absent.tar.gz')}: cannot read (ENOENT)`]);
  });
});

describe('vectors verify --impl: silent programs, --timeout', () => {
  test('a program that answers nothing gives ONE line for the whole run, exit 1', () => {
    const r = cli('vectors', 'verify', '--impl', 'exit 3', '--filter', 'gp/isa/div_*');
    expect(r.out).toEqual(['ERROR --impl "exit 3": no answer to any of 16 vectors: no response (exit status 3)']);
    expect(r.code).toBe(1);
  });
  test('a command that cannot start gives one line with the shell\'s complaint', () => {
    const r = cli('vectors', 'verify', '--impl', '/nonexistent/pvm-adapter', '--filter', 'gp/isa/*');
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^ERROR --impl "\/nonexistent\/pvm-adapter": no answer to any of \d+ vectors: no response \(exit status 127; stderr: .*not found/);
  });
  test('--timeout bounds the run: answers given before it count, the rest are errors naming the timeout', () => {
    const script = join(tmp, 'slow.mjs');
    writeFileSync(script, "process.stdin.resume(); process.stdin.once('data', () => { console.log(JSON.stringify({ id: 0, skip: 'later' })); setTimeout(() => {}, 60000); });\n");
    const t0 = Date.now();
    const r = cli('vectors', 'verify', '--impl', `exec node ${script}`, '--timeout', '1500ms', '--filter', 'gp/isa/div_u_64/*');
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.out.filter((l) => l.startsWith('ERROR '))).toEqual([
      'ERROR gp/isa/div_u_64/div_u_64_by_zero: no response (timed out after 1.5 s (--timeout))',
      'ERROR gp/isa/div_u_64/div_u_64_negative_operands: no response (timed out after 1.5 s (--timeout))',
    ]);
    expect(r.out.at(-1)).toBe('0 passed, 2 failed, 1 skipped');
    expect(r.code).toBe(1);
    const silent = cli('vectors', 'verify', '--impl', 'exec sleep 30', '--timeout', '500ms', '--filter', 'gp/isa/trap/*');
    expect(silent.out).toEqual(['ERROR --impl "exec sleep 30": no answer to any of 1 vectors: no response (timed out after 0.5 s (--timeout))']);
  }, 30_000);
});

describe('vectors verify: failures grouped by class and spec-note', () => {
  const oracle = `node ${join(kit, 'harness', 'vectors', 'adapters', 'oracle.mjs')} ${root}`;
  test('three wrong gas values: per-failure lines, then one class with 3 and the notes with their counts', () => {
    process.env.JAVM_ORACLE_BREAK = 'gp_block_cost_counts_instructions,gp_block_paid_in_full_before_panic,gp_fall_off_end_counts_trap';
    try {
      const r = cli('vectors', 'verify', '--impl', oracle, '--filter', 'gp/isa/gas/*');
      expect(r.out.filter((l) => l.startsWith('FAIL '))).toHaveLength(3);
      const at = r.out.indexOf('failures by class:');
      expect(at).toBe(3);
      // gp_block_paid_in_full_before_panic panics at an invalid opcode, so it also names 0017 (vectors/gen/rules.ts).
      expect(r.out.slice(at, at + 7)).toEqual(['failures by class:', '     3  expected.gas', 'failures by spec-note:', '     3  0026', '     1  0016', '     1  0017', 'target: ' + oracle]);
      expect(r.code).toBe(1);
    } finally {
      delete process.env.JAVM_ORACLE_BREAK;
    }
  });
  test('a class blanks every index; errors and unreadable files are classes of their own; no notes count as (none)', () => {
    const res = (outcome: VectorResult['outcome'], notes: string[], runner: VectorResult['runner'] = 'program'): VectorResult => ({ file: 'f', id: 'i', runner, outcome, notes });
    expect(failureClass(res({ status: 'fail', difference: 'expected.exits[12].regs[7]: expected "0x1", got "0x2"' }, []))).toBe('expected.exits[].regs[]');
    expect(failureClass(res({ status: 'pass' }, []))).toBeNull();
    expect(failureClass(res({ status: 'skip', reason: 'x' }, []))).toBeNull();
    const g = failureGroups([
      res({ status: 'fail', difference: 'expected.exits[0].gas: expected "0x1", got "0x2"' }, ['0051']),
      res({ status: 'fail', difference: 'expected.exits[3].gas: expected "0x1", got "0x2"' }, ['0051', '0053']),
      res({ status: 'error', message: 'implementation error: boom' }, []),
      res({ status: 'error', message: 'x.json: not valid JSON' }, [], null),
      res({ status: 'pass' }, ['0001']),
    ]);
    expect(g.byClass).toEqual([['expected.exits[].gas', 2], ['error', 1], ['unreadable', 1]]);
    expect(g.byNote).toEqual([['(none)', 2], ['0051', 2], ['0053', 1]]);
  });
  test('no failures: no groups are printed', () => {
    const r = cli('vectors', 'verify', '--filter', 'gp/isa/gas/*');
    expect(r.out.some((l) => l.startsWith('failures by'))).toBe(false);
    expect(r.code).toBe(0);
  });
});

describe('malformed input exits 2', () => {
  test('javm w3f: a folder with a good file and a malformed one: the good one passes, the other is an ERROR, exit 2', () => {
    const dir = join(tmp, 'w3f');
    mkdirSync(dir);
    cpSync(join(root, 'w3f', 'isa_div_u_64_by_zero.json'), join(dir, 'a.json'));
    writeFileSync(join(dir, 'b.json'), '{"name": "x"}');
    const r = cli('w3f', dir);
    expect(r.out[0]).toBe('PASS div_u_64_by_zero');
    expect(r.out[1]).toMatch(/^ERROR .*b\.json: /);
    expect(r.out.at(-1)).toBe('1 passed, 1 failed');
    expect(r.code).toBe(2);
  });
});
