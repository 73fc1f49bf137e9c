/**
 * The kit's layers, checked on its import graph (built by madge from model/, impl/, harness/ and
 * vectors/, tests included; `import type` counts, since a cycle through types still ties two modules
 * together): no import circles anywhere; model/ and impl/ never import each other (the two engines
 * are written independently, shared/DESIGN.md); vectors/ imports nothing from harness/ or impl/ (it is
 * the bottom layer every engine may use; vectors/gen may import model/ to fill in expected values);
 * vectors/lib imports only vectors/lib; the engine-neutral test tables import only themselves and
 * vectors/lib.
 */
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Module path (relative to the kit root, '/'-separated) → the kit modules it imports. */
type Graph = Readonly<Record<string, readonly string[]>>;

let graph: Graph = {};
let circles: string[][] = [];
let unresolved: string[] = [];

beforeAll(async () => {
  const result = await madge(['model', 'impl', 'harness', 'vectors'], {
    baseDir: ROOT,
    fileExtensions: ['ts', 'mjs'],
    tsConfig: `${ROOT}tsconfig.json`,
    excludeRegExp: [/(^|\/)node_modules\//, /(^|\/)dist\//],
  });
  graph = result.obj();
  circles = result.circular();
  unresolved = result.warnings().skipped;
});

/** The imports `from` → `to` (paths relative to the kit root) where `from` matches `who` and `to` matches `banned`. */
function importsWhere(who: (from: string) => boolean, banned: (to: string) => boolean): string[] {
  return Object.entries(graph).flatMap(([from, deps]) => (who(from) ? deps.filter(banned).map((to) => `${from} -> ${to}`) : []));
}

const under = (dir: string) => (path: string): boolean => path.startsWith(`${dir}/`);
const not = (f: (p: string) => boolean) => (p: string): boolean => !f(p);

describe('the import graph', () => {
  test('covers the kit: every source folder, with its imports resolved', () => {
    for (const dir of ['model', 'impl', 'harness', 'vectors/lib', 'vectors/gen']) expect(Object.keys(graph).some(under(dir))).toBe(true);
    // known edges, one per layer boundary, prove that `.js` specifiers resolve to the `.ts` sources
    expect(graph['vectors/gen/index.ts']).toContain('model/index.ts');
    expect(graph['harness/engines.ts']).toEqual(expect.arrayContaining(['impl/index.ts', 'model/index.ts', 'vectors/lib/engine.ts']));
    expect(graph['vectors/lib/runners.ts']).toContain('vectors/lib/format.ts');
    // what madge could not resolve are npm packages only, never a relative import of the kit's own
    expect(unresolved.filter((m) => m.startsWith('.') || m.startsWith('/'))).toEqual([]);
  });

  test('has no import circles', () => {
    expect(circles.map((c) => c.join(' -> '))).toEqual([]);
  });

  test('model/ never imports impl/, and impl/ never imports model/', () => {
    expect(importsWhere(under('model'), under('impl'))).toEqual([]);
    expect(importsWhere(under('impl'), under('model'))).toEqual([]);
  });

  test('vectors/ imports nothing from harness/ or impl/', () => {
    expect(importsWhere(under('vectors'), (to) => under('harness')(to) || under('impl')(to))).toEqual([]);
  });

  test('vectors/lib imports only vectors/lib', () => {
    expect(importsWhere(under('vectors/lib'), not(under('vectors/lib')))).toEqual([]);
  });

  test('the engine-neutral test tables import only themselves and vectors/lib', () => {
    const allowed = (to: string): boolean => under('harness/test/tables')(to) || under('vectors/lib')(to);
    expect(importsWhere(under('harness/test/tables'), not(allowed))).toEqual([]);
  });
});
