/**
 * `javm vectors verify`: runs vector files against one of our engines or against an external
 * implementation speaking the JSON-lines protocol (vectors/PROTOCOL.md), and reports per runner how
 * many pass, fail or were skipped, with the first difference of each failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNNERS, type Runner, type Vector, type VectorExpected } from '../../vectors/lib/format.js';
import { readVector, VectorFormatError } from '../../vectors/lib/schema.js';
import { UsageError, type Engine } from '../engines.js';
import { expectedOf } from './run.js';

/** The kit's root folder (the one holding package.json), found from this module's location. */
export function kitRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'vectors'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new UsageError('cannot find the kit root (a folder with package.json and vectors/) above this module');
    dir = up;
  }
}

/** The default vector tree: <kit>/vectors. */
export const defaultVectorDir = (): string => join(kitRoot(), 'vectors');

/**
 * The folders of a vector root that hold runner vectors. schema/ and w3f/ hold other formats, and
 * regressions/ holds the fuzzer's cases in its own format (run by harness/fuzz, not by this runner).
 */
const VECTOR_DIRS = ['gp', 'jar1'];

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
}

/** Vector files under a path: the file itself, or every .json below a folder (at a tree root: only gp/ and jar1/). */
export function vectorFiles(path: string): { root: string; files: string[] } {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!isDir) return { root: dirname(path), files: [path] };
  const files: string[] = [];
  const tops = VECTOR_DIRS.map((d) => join(path, d)).filter((d) => existsSync(d));
  if (tops.length > 0) for (const t of tops) walk(t, files);
  else walk(path, files);
  if (files.length === 0) throw new UsageError(`${path}: no .json vector files below this folder`);
  return { root: path, files };
}

/** A glob over relative paths without ".json": `*` matches any run of characters (slashes too), `?` one. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/** The first place two JSON values differ, as "path: expected X, got Y"; null when equal. */
export function firstDifference(want: unknown, got: unknown, path = 'expected'): string | null {
  if (Array.isArray(want) && Array.isArray(got)) {
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (i >= want.length) return `${path}[${i}]: not expected, got ${JSON.stringify(got[i])}`;
      if (i >= got.length) return `${path}[${i}]: expected ${JSON.stringify(want[i])}, missing`;
      const d = firstDifference(want[i], got[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null && !Array.isArray(want) && !Array.isArray(got)) {
    const w = want as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of Object.keys(w)) {
      if (!(k in g)) return `${path}.${k}: expected ${JSON.stringify(w[k])}, missing`;
      const d = firstDifference(w[k], g[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    for (const k of Object.keys(g)) if (!(k in w)) return `${path}.${k}: not expected, got ${JSON.stringify(g[k])}`;
    return null;
  }
  return want === got ? null : `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
}

export type Outcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly difference: string }
  | { readonly status: 'skip'; readonly reason: string }
  | { readonly status: 'error'; readonly message: string };

export interface VectorResult {
  readonly file: string;
  /** Path below the root without ".json" (what --filter matches). */
  readonly id: string;
  readonly runner: Runner | null;
  readonly outcome: Outcome;
}

/** Something that answers vectors: an engine in this process, or an external program. */
export interface Target {
  readonly name: string;
  answer(vectors: readonly Vector[]): Outcome[];
}

/**
 * The part of a vector's `expected` that an answer is compared with: all of it, except what an
 * implementation need not give (program.md, TARGET.md): a jar1 program's `initial` snapshot when the
 * answer has none, and the load error class when the answer's is null.
 */
export function comparable(expected: VectorExpected, actual: VectorExpected): VectorExpected {
  if (typeof expected !== 'object' || expected === null || !('initGas' in expected)) return expected;
  const a = (typeof actual === 'object' && actual !== null ? actual : {}) as Partial<Record<'initial' | 'accepted' | 'class', unknown>>;
  const out: Record<string, unknown> = { ...expected };
  if (!('initial' in a)) delete out.initial;
  if (out.accepted === false && a.accepted === false && a.class === null) out.class = null;
  return out as unknown as VectorExpected;
}

/** Judges an answer against a vector. */
export const judgeAnswer = (v: Vector, got: VectorExpected): Outcome => {
  const d = firstDifference(comparable(v.expected, got), got);
  return d === null ? { status: 'pass' } : { status: 'fail', difference: d };
};
const judge = judgeAnswer;

/** One of our engines as a target; a thrown exception is reported as an engine bug, not a VM result. */
export function engineTarget(engine: Engine): Target {
  return {
    name: engine.name,
    answer: (vectors) => vectors.map((v) => {
      try {
        return judge(v, expectedOf(engine, v.runner, v.profile, v.input));
      } catch (e) {
        return { status: 'error', message: `engine threw: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}` };
      }
    }),
  };
}

/** The JSON-lines request for a vector: everything but `expected`, with an id. */
export function requestOf(id: number, v: Vector): string {
  return JSON.stringify({ id, runner: v.runner, profile: v.profile, name: v.name, handler: v.handler, input: v.input });
}

/**
 * An external implementation: `command` runs once (through the shell) with one request per line on
 * stdin and must print one response line per request: {"id", "expected"} | {"id", "skip"} | {"id", "error"}.
 */
export function externalTarget(command: string, timeoutMs = 600_000): Target {
  return {
    name: command,
    answer(vectors) {
      const input = vectors.map((v, i) => requestOf(i, v)).join('\n') + '\n';
      const r = spawnSync(command, { shell: true, input, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
      // EPIPE: the program exited without reading all requests; its answers (if any) still count.
      if (r.error && (r.error as NodeJS.ErrnoException).code !== 'EPIPE') throw new UsageError(`--impl "${command}": cannot run (${r.error.message})`);
      const answers = new Map<number, Outcome>();
      const bad: string[] = [];
      for (const line of r.stdout.split('\n')) {
        if (line.trim() === '') continue;
        let msg: { id?: unknown; expected?: unknown; skip?: unknown; error?: unknown };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          bad.push(line.slice(0, 80));
          continue;
        }
        const id = typeof msg.id === 'number' ? msg.id : -1;
        const v = vectors[id];
        if (v === undefined) { bad.push(line.slice(0, 80)); continue; }
        if (typeof msg.skip === 'string') answers.set(id, { status: 'skip', reason: msg.skip });
        else if (typeof msg.error === 'string') answers.set(id, { status: 'error', message: `implementation error: ${msg.error}` });
        else if (msg.expected !== undefined) answers.set(id, judge(v, msg.expected as VectorExpected));
        else bad.push(line.slice(0, 80));
      }
      const why = `no response (exit status ${r.status ?? r.signal}${bad.length > 0 ? `; unreadable lines such as ${JSON.stringify(bad[0])}` : ''}${r.stderr ? `; stderr: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}` : ''})`;
      return vectors.map((_, i) => answers.get(i) ?? { status: 'error', message: why });
    },
  };
}

export interface Report {
  readonly results: readonly VectorResult[];
  /** Per runner: pass, fail (including errors), skip. */
  readonly table: ReadonlyMap<Runner | 'unreadable', { pass: number; fail: number; skip: number }>;
}

/** A vector file selected for a run, or one that could not be read (its outcome is then already known). */
export type Selected = { readonly file: string; readonly id: string; readonly v: Vector } | { readonly file: string; readonly id: string; readonly unreadable: string };

/** The vector files under a path that match a filter, read and checked. */
export function selectVectors(path: string, filter?: string): Selected[] {
  const { root, files } = vectorFiles(path);
  const re = filter === undefined ? null : globToRegExp(filter);
  const out: Selected[] = [];
  for (const file of files) {
    const id = relative(root, file).split(sep).join('/').replace(/\.json$/, '');
    if (re !== null && !re.test(id)) continue;
    try {
      out.push({ file, id, v: readVector(file) });
    } catch (e) {
      if (!(e instanceof VectorFormatError)) throw e;
      out.push({ file, id, unreadable: e.message });
    }
  }
  if (out.length === 0) throw new UsageError(`no vector matches --filter '${filter}' under ${path}`);
  return out;
}

/** The report of selected vectors and the outcomes of the readable ones (in order). */
export function reportOf(selected: readonly Selected[], outcomes: readonly Outcome[]): Report {
  const results: VectorResult[] = [];
  let k = 0;
  for (const s of selected) {
    if ('unreadable' in s) results.push({ file: s.file, id: s.id, runner: null, outcome: { status: 'error', message: s.unreadable } });
  }
  for (const s of selected) {
    if (!('v' in s)) continue;
    results.push({ file: s.file, id: s.id, runner: s.v.runner, outcome: outcomes[k++] ?? { status: 'error', message: 'no outcome' } });
  }
  const table = new Map<Runner | 'unreadable', { pass: number; fail: number; skip: number }>();
  for (const r of results) {
    const key = r.runner ?? 'unreadable';
    const row = table.get(key) ?? { pass: 0, fail: 0, skip: 0 };
    if (r.outcome.status === 'pass') row.pass++;
    else if (r.outcome.status === 'skip') row.skip++;
    else row.fail++;
    table.set(key, row);
  }
  const order = [...RUNNERS, 'unreadable'];
  return { results, table: new Map([...table.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) };
}

/** The readable vectors of a selection. */
export const readable = (selected: readonly Selected[]): Vector[] => selected.flatMap((s) => ('v' in s ? [s.v] : []));

/** Reads, filters and runs vector files on a target. Unreadable files count as failures of their own row. */
export function verify(path: string, target: Target, filter?: string): Report {
  const selected = selectVectors(path, filter);
  const vectors = readable(selected);
  return reportOf(selected, vectors.length > 0 ? target.answer(vectors) : []);
}
