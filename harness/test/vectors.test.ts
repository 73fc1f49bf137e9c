/**
 * The conformance-vector tree: it is exactly what the generator produces (so CI fails on a stale
 * tree), every file matches its runner's schema, a corrupted file is rejected with a message naming
 * the file and field, our engines pass every vector, and the JSON-lines protocol works end to end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatedFilesOnDisk, treeDiff } from '../cli/vectors.js';
import { cli } from './support/cli.js';
import { ENGINES } from '../engines.js';
import { defaultVectorDir, engineTarget, externalTarget, firstDifference, globToRegExp, SilentTargetError, verify } from '../vectors/verify.js';
import { generateTree } from '../../vectors/gen/index.js';
import { parseVector, readVector, VectorFormatError } from '../../vectors/lib/schema.js';

const root = defaultVectorDir();
const tmp = mkdtempSync(join(tmpdir(), 'javm-vectors-'));
const tree = generateTree();
const onDisk = generatedFilesOnDisk(root);


describe('the generated tree', () => {
  test('the committed tree is byte-identical to a fresh generation (run `npm run vectors` when this fails)', () => {
    expect(treeDiff(tree, onDisk)).toEqual([]);
  });

  test('generation is deterministic: a second generation gives the same bytes', () => {
    const again = generateTree();
    expect(treeDiff(tree, again)).toEqual([]);
  });

  test('every vector file matches the schema of its runner', () => {
    const vectorPaths = [...tree.keys()].filter((p) => p.startsWith('gp/') || p.startsWith('jar1/'));
    expect(vectorPaths.length).toBeGreaterThan(1000); // about 1100 isa alone
    for (const p of vectorPaths) expect(() => readVector(join(root, p)), p).not.toThrow();
  });

  test('the tree stays small: fewer than 5000 files and 20 MB', () => {
    const bytes = [...tree.values()].reduce((n, t) => n + t.length, 0);
    expect(tree.size).toBeLessThan(5000);
    expect(bytes).toBeLessThan(20 * 2 ** 20);
  });
});

describe('schema validation rejects corrupted vectors with a clear message', () => {
  const good = tree.get('gp/isa/div_u_64/div_u_64_by_zero.json') ?? '';
  const corrupt = (f: (v: Record<string, unknown>) => void): string => {
    const v = JSON.parse(good) as Record<string, unknown>;
    f(v);
    return JSON.stringify(v);
  };
  const reject = (text: string): string => {
    try {
      parseVector(text, 'x.json');
    } catch (e) {
      expect(e).toBeInstanceOf(VectorFormatError);
      return (e as Error).message;
    }
    throw new Error('accepted a corrupted vector');
  };

  test('the uncorrupted file is accepted', () => {
    expect(parseVector(good, 'x.json').name).toBe('div_u_64_by_zero');
  });
  test('a u64 written as a decimal number', () => {
    expect(reject(corrupt((v) => { (v.input as { gas: unknown }).gas = 10000; }))).toBe('x.json: field /input/gas must be string (isa schema)');
  });
  test('a u64 in upper case hex', () => {
    expect(reject(corrupt((v) => { (v.expected as { regs: string[] }).regs[3] = '0xABC'; }))).toBe('x.json: field /expected/regs/3 must match pattern "^0x(0|[1-9a-f][0-9a-f]*)$" (isa schema)');
  });
  test('twelve registers', () => {
    expect(reject(corrupt((v) => { (v.input as { regs: string[] }).regs.pop(); }))).toBe('x.json: field /input/regs must NOT have fewer than 13 items (isa schema)');
  });
  test('a missing field', () => {
    expect(reject(corrupt((v) => { delete (v.expected as { pc?: number }).pc; }))).toBe("x.json: field /expected must have required property 'pc' (isa schema)");
  });
  test('an unknown field', () => {
    expect(reject(corrupt((v) => { v.extra = 1; }))).toBe("x.json: top level must NOT have additional properties 'extra' (isa schema)");
  });
  test('an unknown runner', () => {
    expect(reject(corrupt((v) => { v.runner = 'fuzz'; }))).toBe('x.json: field /runner: expected one of decode, isa, program, kernel, got "fuzz"');
  });
  test('odd-length hex bytes', () => {
    expect(reject(corrupt((v) => { (v.input as { code: { code: string } }).code.code += '0'; }))).toBe('x.json: field /input/code/code must match pattern "^([0-9a-f]{2})*$" (isa schema)');
  });
  test('a bitmask shorter than the code', () => {
    expect(reject(corrupt((v) => { (v.input as { code: { bitmask: string } }).code.bitmask += '1'; }))).toBe('x.json: field /input/code/bitmask has 5 entries for 4 code bytes (isa vector)');
  });
  test('a page range that is not page aligned', () => {
    expect(reject(corrupt((v) => { ((v.input as { pages: { address: number }[] }).pages[0] as { address: number }).address = 0x20001; }))).toBe('x.json: field /input/pages/0: range 131073+4096 is not page aligned inside 2^32 (isa vector)');
  });
  test('a kernel pre-state whose active VM does not exist', () => {
    const k = JSON.parse(tree.get('jar1/kernel/move/move_into_occupied_slot.json') ?? '') as { input: { pre: { active: number } } };
    k.input.pre.active = 9;
    expect(reject(JSON.stringify(k))).toBe('x.json: field /input/pre/active: VM 9 is not in /input/pre/vms (kernel vector)');
  });
  test('not JSON', () => {
    expect(reject('{"name": ')).toMatch(/^x\.json: not valid JSON/);
  });
  test('javm vectors verify reports a corrupted file as an error row and exits 2 (malformed input)', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, corrupt((v) => { (v.input as { pc: unknown }).pc = -1; }));
    const r = cli('vectors', 'verify', file);
    expect(r.code).toBe(2);
    expect(r.out[0]).toBe(`ERROR bad: ${file}: field /input/pc must be >= 0 (isa schema)`);
    expect(r.out).toContain('unreadable     0     1     0');
  });
});

describe('first differences and filters', () => {
  test('the first differing path is named with both values', () => {
    expect(firstDifference({ a: [1, { b: '0x1' }] }, { a: [1, { b: '0x2' }] })).toBe('expected.a[1].b: expected "0x1", got "0x2"');
    expect(firstDifference({ a: 1 }, { a: 1, c: 2 })).toBe('expected.c: not expected, got 2');
    expect(firstDifference([1, 2], [1])).toBe('expected[1]: expected 2, missing');
    expect(firstDifference({ a: null }, { a: null })).toBeNull();
  });
  test('globs match relative paths', () => {
    expect(globToRegExp('gp/isa/*').test('gp/isa/add_64/add_64_basic')).toBe(true);
    expect(globToRegExp('*div_?_64*').test('jar1/isa/div_u_64/div_u_64_by_zero')).toBe(true);
    expect(globToRegExp('gp/kernel/*').test('jar1/kernel/x/y')).toBe(false);
  });
});

describe('our engines pass every vector', () => {
  for (const name of Object.keys(ENGINES)) {
    test(`engine ${name}: 100% pass`, () => {
      const engine = ENGINES[name];
      if (engine === undefined) throw new Error(name);
      const report = verify(root, engineTarget(engine));
      const failures = report.results.filter((r) => r.outcome.status !== 'pass').map((r) => `${r.id}: ${JSON.stringify(r.outcome)}`);
      expect(failures.slice(0, 10)).toEqual([]);
      expect(report.results.length).toBe([...tree.keys()].filter((p) => p.startsWith('gp/') || p.startsWith('jar1/')).length);
    });
  }
});

describe('the JSON-lines protocol with an external program', () => {
  const oracle = `node ${join(root, '..', 'harness', 'vectors', 'adapters', 'oracle.mjs')} ${root}`;
  test('an adapter answering from the files passes, skips what it skips, and a wrong gas is reported with its first difference', () => {
    process.env.JAVM_ORACLE_BREAK = 'div_u_64_by_zero';
    try {
      const r = cli('vectors', 'verify', '--impl', oracle, '--filter', 'gp/*/div_*');
      expect(r.out).toContain('FAIL gp/isa/div_u_64/div_u_64_by_zero: expected.gas: expected "0x270e", got "0x270f"');
      expect(r.code).toBe(1);
      expect(r.out.at(-1)).toMatch(/^\d+ passed, 1 failed, 0 skipped$/);
    } finally {
      delete process.env.JAVM_ORACLE_BREAK;
    }
  });
  test('a program that answers nothing fails the whole run with one message naming the exit status', () => {
    expect(() => verify(root, externalTarget('exit 3'), 'gp/isa/trap/*')).toThrow(new SilentTargetError('--impl "exit 3": no answer to any of 1 vectors: no response (exit status 3)'));
  });
  test('a vector the adapter skips is counted as skipped, not passed', () => {
    const report = verify(root, externalTarget(oracle), 'jar1/kernel/*');
    const row = report.table.get('kernel');
    expect(row, 'the tree has jar1 kernel vectors, so the report has a kernel row').toBeDefined();
    expect(row?.pass).toBe(0);
    expect(row?.skip).toBeGreaterThan(0);
  });
});

describe('javm vectors generate', () => {
  test('without --write it reports the tree up to date and exits 0', () => {
    const r = cli('vectors', 'generate');
    expect(r.out.at(-1)).toBe(`vector tree up to date (${tree.size} files)`);
    expect(r.code).toBe(0);
  });
  test('on a stale copy it lists the differences and exits 1', () => {
    const r = cli('vectors', 'generate', '--dir', tmp);
    expect(r.code).toBe(1);
    expect(r.out.at(-1)).toBe(`${tree.size} files differ: run npm run vectors`);
  });
  test('the w3f export is read back by javm w3f and passes on the model', () => {
    const w3f = [...tree.keys()].filter((p) => p.startsWith('w3f/'));
    expect(w3f.length).toBeGreaterThan(400);
    const r = cli('w3f', join(root, 'w3f'), '--quiet');
    expect(r.out.at(-1)).toBe(`${w3f.length} passed, 0 failed`);
    expect(readFileSync(join(root, 'w3f', 'isa_div_u_64_by_zero.json'), 'utf8')).toContain('"expected-status": "panic"');
  });
});

describe('javm vectors: usage and errors', () => {
  test('javm vectors verify --help and javm vectors generate --help print usage and exit 0', () => {
    for (const sub of ['verify', 'generate']) {
      const r = cli('vectors', sub, '--help');
      expect(r.code).toBe(0);
      expect(r.out.join('\n')).toContain(`Usage: javm vectors ${sub}`);
    }
  });
  test('a filter that matches nothing is a usage error (exit 2, one line)', () => {
    const r = cli('vectors', 'verify', '--filter', 'nothing/*');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`javm: no vector matches --filter 'nothing/*' under ${root}`]);
  });
  test('an unknown engine is a usage error naming the choices', () => {
    const r = cli('vectors', 'verify', '--engine', 'nope');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^javm: unknown engine 'nope' \(choose model/);
  });
  test('a missing path is a usage error naming it', () => {
    const r = cli('vectors', 'verify', join(tmp, 'absent'));
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`javm: ${join(tmp, 'absent')}: cannot read (ENOENT)`]);
  });
  test('verify on the model prints the per-runner table and the total', () => {
    // jar1/kernel/map/ holds 7 cases: map ok, RO access, access 2, beyond the cap, page taken, child at the parent's page, dispatch short.
    const r = cli('vectors', 'verify', '--filter', 'jar1/kernel/map/*');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['target: model', 'runner      pass  fail  skip', 'kernel         7     0     0', '7 passed, 0 failed, 0 skipped']);
  });
});
