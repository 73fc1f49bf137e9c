/**
 * spec-notes/COVERAGE.md against spec-notes/lean-definitions.txt (the Lean JAVM definitions at the mirror
 * commit, committed as data because CI has no mirror): every Lean definition is listed exactly once, every
 * row names a listed definition, every mapped row names a model file that exists and a definition declared
 * in it, and every other row says why it is out of scope. Also: a Lean name cited in a code comment as
 * `File.name` (e.g. `Kernel.runKernel`) names a definition of that file (issue 12, item 6).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface LeanDef { readonly file: string; readonly name: string }
interface Row { readonly file: string; readonly name: string; readonly modelFile: string | null; readonly modelDef: string | null; readonly notes: string }

/** lean-definitions.txt: `# commit <hash>` and tab-separated file, name, kind, line. */
function leanDefinitions(): { commit: string | null; defs: LeanDef[] } {
  const lines = read('spec-notes/lean-definitions.txt').split('\n');
  const commit = lines.map((l) => /^# commit ([0-9a-f]{40})$/.exec(l)?.[1]).find((c) => c !== undefined) ?? null;
  const defs = lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => {
    const [file = '', name = ''] = l.split('\t');
    return { file, name };
  });
  return { commit, defs };
}

const unquote = (cell: string): string => cell.trim().replace(/^`(.*)`$/, '$1');

/** The table rows of COVERAGE.md (after the header and separator). */
function coverageRows(): Row[] {
  return read('spec-notes/COVERAGE.md').split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---') && !l.startsWith('| Lean file'))
    .map((l) => {
      const cells = l.slice(1, l.endsWith('|') ? -1 : undefined).split('|');
      const [file = '', name = '', mf = '', md = '', ...notes] = cells.map((c) => c.trim());
      return { file, name: unquote(name), modelFile: mf === '-' ? null : unquote(mf), modelDef: md === '-' ? null : unquote(md), notes: notes.join('|').trim() };
    });
}

/** Whether `source` declares `name` (function, const/let, class, interface, type, enum) or re-exports it. */
function declares(source: string, name: string): boolean {
  const decl = new RegExp(`\\b(function\\*?|const|let|class|interface|type|enum)\\s+${name}\\b`);
  const reexport = new RegExp(`export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`);
  return decl.test(source) || reexport.test(source);
}

const key = (d: { file: string; name: string }): string => `${d.file} ${d.name}`;

describe('spec-notes/COVERAGE.md', () => {
  const { commit, defs } = leanDefinitions();
  const rows = coverageRows();

  test('lean-definitions.txt names the mirror commit and lists the definitions of every Lean JAVM file', () => {
    expect(commit).toBe('4f0890c88ebfcc2f15c06e99a978a58b5e5be7a5');
    const files = new Set(defs.map((d) => d.file));
    // the nine files under spec/Jar/JAVM/ and spec/Jar/JAVM.lean (hand-listed from the mirror's tree)
    expect([...files].sort()).toEqual(['JAVM.lean', 'JAVM/Capability.lean', 'JAVM/Decode.lean', 'JAVM/GasCost.lean', 'JAVM/GasCostFull.lean',
      'JAVM/GasCostSinglePass.lean', 'JAVM/Instructions.lean', 'JAVM/Interpreter.lean', 'JAVM/Kernel.lean', 'JAVM/Memory.lean']);
    // spot checks, read by hand in the mirror: Kernel.lean `runKernel` (745), Decode.lean `validateBasicBlocks` (199)
    expect(defs.some((d) => d.file === 'JAVM/Kernel.lean' && d.name === 'runKernel')).toBe(true);
    expect(defs.some((d) => d.file === 'JAVM/Decode.lean' && d.name === 'validateBasicBlocks')).toBe(true);
    expect(new Set(defs.map(key)).size).toBe(defs.length);
  });

  test('every Lean definition is listed exactly once, and every row names one', () => {
    const count = new Map<string, number>();
    for (const r of rows) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
    const known = new Set(defs.map(key));
    expect(defs.filter((d) => count.get(key(d)) === undefined).map(key)).toEqual([]); // not listed
    expect([...count].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]); // listed twice
    expect(rows.filter((r) => !known.has(key(r))).map(key)).toEqual([]); // not a Lean definition
  });

  test('every mapped row names a model file that exists and a definition declared in it', () => {
    const bad: string[] = [];
    for (const r of rows) {
      if (r.modelFile === null || r.modelDef === null) continue;
      if (!existsSync(join(root, r.modelFile))) bad.push(`${key(r)}: no file ${r.modelFile}`);
      else if (!declares(read(r.modelFile), r.modelDef)) bad.push(`${key(r)}: ${r.modelFile} declares no ${r.modelDef}`);
    }
    expect(bad).toEqual([]);
  });

  test('every unmapped row says why it is out of scope', () => {
    const bad = rows.filter((r) => (r.modelFile === null) !== (r.modelDef === null) || (r.modelFile === null && !r.notes.startsWith('out of scope: ')));
    expect(bad.map(key)).toEqual([]);
    expect(rows.filter((r) => r.modelFile !== null).length).toBeGreaterThan(rows.length / 2);
  });
});

describe('Lean names cited in code comments', () => {
  const { defs } = leanDefinitions();
  const stems = new Map<string, Set<string>>();
  for (const d of defs) {
    const stem = d.file.replace(/^JAVM\//, '').replace(/\.lean$/, '');
    const names = stems.get(stem) ?? new Set<string>();
    names.add(d.name);
    stems.set(stem, names);
  }
  /** Source files of model, impl, vectors and harness (no node_modules, no generated vectors). */
  function sources(dir: string): string[] {
    return readdirSync(join(root, dir)).flatMap((f) => {
      const p = join(dir, f);
      if (statSync(join(root, p)).isDirectory()) return f === 'node_modules' ? [] : sources(p);
      return /\.(ts|mjs)$/.test(f) ? [p] : [];
    });
  }

  test('a backquoted `File.name` in a comment names a definition of that Lean file', () => {
    const cite = new RegExp(`\`(${[...stems.keys()].join('|')})\\.([A-Za-z_][A-Za-z0-9_.]*)\`(?!\\s*\\()`, 'g');
    const bad: string[] = [];
    for (const p of ['model', 'impl', 'vectors/gen', 'vectors/lib', 'harness'].flatMap(sources)) {
      read(p).split('\n').forEach((line, i) => {
        if (!/^\s*(\/\/|\/\*|\*)/.test(line) && !line.includes('//')) return;
        for (const m of line.matchAll(cite)) {
          const [, stem = '', name = ''] = m;
          if (name === 'lean') continue; // a file name, e.g. `Kernel.lean`
          const qualified = defs.some((d) => d.name === `${stem}.${name}`); // e.g. `Memory.getByte` of JAVM.lean
          if (!stems.get(stem)?.has(name) && !qualified) bad.push(`${p}:${i + 1}: ${stem}.${name}`);
        }
      });
    }
    expect(bad).toEqual([]);
  });
});
