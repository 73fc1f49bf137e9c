/**
 * The kit as a library (package.json `exports`, `files`, `bin`): `npm pack` (which builds through
 * `prepare`), the tarball's contents, an install into a scratch project from the npm cache only
 * (a lockfile holding the kit's own runtime dependencies at the versions of package-lock.json), then in
 * that project: the README's API example type-checked against the installed .d.ts and run with node,
 * every public subpath imported, a deep import refused, and `npx javm --version`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const KIT = process.cwd();
const PKG = JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8')) as {
  name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string>; license: string; exports: Record<string, unknown>;
};
const SUBPATHS = ['model', 'impl', 'asm', 'vectors', 'target'];

/** The README's API example, verbatim (README.md "The kit as a library"). */
const README_EXAMPLE = `import { asm, jarBlob, modelKernel } from 'javm-kit';

// A jar1 program: ask the host (protocol cap 1), add its two answers, REPLY with r7.
const image = asm\`
  ecalli 1
  add_64 r7, r7, r8
  ecalli 0\`;
const loaded = modelKernel.load(jarBlob({ caps: [{ slot: 64, type: 'code', image }] }), { gas: 100_000n });
if (!loaded.ok) throw new Error(loaded.error.message);
const session = loaded.value;
let { exit } = session.run();
while (exit?.kind === 'protocol') {
  session.resumeProtocolCall(40n, 2n); // the host's answer: φ7 = 40, φ8 = 2
  ({ exit } = session.run());
}
console.log(exit); // { kind: 'halt', value: 42n }
`;

/** Every subpath once: the impl kernel on the same program, a few vectors verified, a target-protocol line checked. */
const SUBPATH_SCRIPT = `import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, kitVersion } from 'javm-kit';
import { modelKernel, disassemble } from 'javm-kit/model';
import { implKernel } from 'javm-kit/impl';
import { asm, jarBlob } from 'javm-kit/asm';
import { defaultVectorDir, engineTarget, verify } from 'javm-kit/vectors';
import { checkRequest, helloLine, TARGET_PROTOCOL } from 'javm-kit/target';

const blob = jarBlob({ caps: [{ slot: 64, type: 'code', image: asm\`
  ecalli 1
  add_64 r7, r7, r8
  ecalli 0\` }] });
const halts = [modelKernel, implKernel].map((k) => {
  const s = k.load(blob, { gas: 100_000n });
  if (!s.ok) throw new Error(s.error.message);
  const first = s.value.run().exit;
  s.value.resumeProtocolCall(7n, 5n);
  return [first, s.value.run().exit];
});
const isaDir = join(defaultVectorDir(), 'gp', 'isa');
const files = readdirSync(isaDir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
const report = verify(defaultVectorDir(), engineTarget(ENGINES.impl), 'gp/isa/*');
const hello = checkRequest(helloLine('javm-kit test'));
console.log(JSON.stringify({
  version: kitVersion(), halts, files, isa: report.table.get('isa'), hello: hello.ok, protocol: TARGET_PROTOCOL,
  engines: Object.keys(ENGINES), disasm: typeof disassemble,
}, (_, v) => (typeof v === 'bigint' ? v.toString() + 'n' : v)));
`;

/** Children get neither c8's coverage directory (tsc and npm would fill it) nor the npm script context of a surrounding `npm test`. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_V8_COVERAGE' || k === 'INIT_CWD' || /^npm_(package|lifecycle)_/i.test(k) || /^npm_config_(local_)?prefix$/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** Runs a command to its end; a non-zero status fails the test with its output. */
function sh(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', timeout: 480_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}): ${r.error?.message ?? `exit ${r.status ?? r.signal}`}\n${r.stdout}\n${r.stderr}`.slice(0, 6000));
  return r;
}

let tmp = '';
let app = '';
let tarball = '';
let entries: string[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'javm-library-test-'));
  const packDir = join(tmp, 'pack');
  mkdirSync(packDir);
  sh('npm', ['pack', '--pack-destination', packDir, '--silent'], KIT);
  const tgz = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  expect(tgz).toEqual([`${PKG.name}-${PKG.version}.tgz`]);
  tarball = join(packDir, tgz[0]!);
  entries = sh('tar', ['-tzf', tarball], tmp).stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/')).map((l) => l.replace(/^package\//, ''));

  // The scratch project: the tarball and, from the kit's lockfile, exactly its runtime dependency closure.
  app = join(tmp, 'app');
  mkdirSync(app);
  const spec = `file:${tarball}`;
  const lock = JSON.parse(readFileSync(join(KIT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', dependencies: { [PKG.name]: spec } },
    [`node_modules/${PKG.name}`]: { version: PKG.version, resolved: spec, license: PKG.license, dependencies: PKG.dependencies, bin: PKG.bin },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { [PKG.name]: spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'scratch', lockfileVersion: 3, requires: true, packages }, null, 2));
  sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
}, 600_000);

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball holds the build, sources, vectors, docs and LICENSE; no test files, benches or adapters', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/harness/cli/javm.js', 'vectors/README.md', 'vectors/TARGET.md', 'vectors/MANIFEST.json', 'vectors/schema/program.schema.json', 'spec-notes/README.md', 'model/index.ts']) {
      expect(entries, f).toContain(f);
    }
    expect(entries.filter((f) => /\.test\.|^(model|impl|harness)\/test\/|\/bench\/|\/adapters\/|\/mutation\/|\.config\.|^impl\/scripts\/|tsbuildinfo/.test(f))).toEqual([]);
    expect(entries.filter((f) => f.includes('/test/'))).toEqual([]);
    expect(entries.filter((f) => f.startsWith('vectors/gp/') || f.startsWith('vectors/jar1/')).length).toBeGreaterThan(1000);
    expect(readFileSync(join(app, 'node_modules', PKG.name, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  });

  test('every relative import of a packed module is packed too, and every export has its .js and .d.ts', () => {
    const packed = new Set(entries);
    const missing: string[] = [];
    for (const f of entries.filter((e) => e.startsWith('dist/') && e.endsWith('.js'))) {
      const text = readFileSync(join(app, 'node_modules', PKG.name, f), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = posix.normalize(posix.join(posix.dirname(f), m[1]!));
        if (!packed.has(target)) missing.push(`${f} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(PKG.exports).sort()).toEqual(['.', './package.json', ...SUBPATHS.map((s) => `./${s}`)].sort());
    for (const name of ['index', ...SUBPATHS]) {
      expect(entries).toContain(`dist/harness/api/${name}.js`);
      expect(entries).toContain(`dist/harness/api/${name}.d.ts`);
    }
  });
});

describe('installed into a scratch project', () => {
  test('the README example type-checks against the installed .d.ts, compiles, and runs: halt with 40 + 2', () => {
    const src = join(app, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'example.ts'), README_EXAMPLE);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', rootDir: 'src',
        // the example against the kit's .d.ts (not the .d.ts themselves: tsc wrote them); node's types from the kit's devDependencies
        skipLibCheck: true, typeRoots: [join(KIT, 'node_modules', '@types')], types: ['node'],
      },
      include: ['src'],
    }));
    sh(process.execPath, [join(KIT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    const r = sh(process.execPath, [join('out', 'example.js')], app);
    expect(r.stdout.trim()).toBe("{ kind: 'halt', value: 42n }");
  });

  test('every subpath loads: both kernels answer the host, the shipped gp isa vectors pass on the impl, a hello line checks', () => {
    writeFileSync(join(app, 'subpaths.mjs'), SUBPATH_SCRIPT);
    const out = JSON.parse(sh(process.execPath, ['subpaths.mjs'], app).stdout) as {
      version: string; halts: unknown; files: number; isa: { pass: number; fail: number; skip: number }; hello: boolean; protocol: number; engines: string[]; disasm: string;
    };
    expect(out.version).toBe(PKG.version);
    // protocol call on cap 1, then REPLY with φ7 + φ8 = 7 + 5
    const run = [{ kind: 'protocol', id: 1 }, { kind: 'halt', value: '12n' }];
    expect(out.halts).toEqual([run, run]);
    expect(out.files).toBeGreaterThan(100);
    expect(out.isa).toEqual({ pass: out.files, fail: 0, skip: 0 });
    expect(out.hello).toBe(true);
    expect(out.protocol).toBe(1);
    expect(out.engines).toEqual(['model', 'impl']);
    expect(out.disasm).toBe('function');
  });

  test('only the exported subpaths resolve: a deep import is refused with ERR_PACKAGE_PATH_NOT_EXPORTED', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import('${PKG.name}/dist/model/index.js').then(() => console.log('loaded'), (e) => console.log(e.code))`], { cwd: app, env: childEnv(), encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const pkg = spawnSync(process.execPath, ['-e', `console.log(require('${PKG.name}/package.json').version)`], { cwd: app, env: childEnv(), encoding: 'utf8' });
    expect(pkg.stdout.trim()).toBe(PKG.version);
  });

  test('npx javm --version runs the installed bin', () => {
    const r = sh('npx', ['--no', '--', 'javm', '--version'], app);
    expect(r.stdout.trim()).toBe(PKG.version);
    expect(realpathSync(join(app, 'node_modules', '.bin', 'javm'))).toBe(join(realpathSync(app), 'node_modules', PKG.name, 'dist', 'harness', 'cli', 'javm.js'));
  });
});
