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
import { canonicalBacking } from './allocation.js';

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
  /** The vector's spec-notes (empty for an unreadable file). */
  readonly notes?: readonly string[];
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

/**
 * The two values `vectors verify` compares for an answer: `comparable(expected, actual)` and the
 * answer, with every kernel snapshot in them (a `kernel` vector's `post`, a jar1 program's `initial`)
 * renumbered canonically so that backing-store page numbers, an allocation choice no VM observes,
 * do not count (./allocation.ts, vectors/kernel.md "What is compared").
 */
export function comparedForms(expected: VectorExpected, actual: VectorExpected): [unknown, unknown] {
  const want = comparable(expected, actual) as unknown;
  const snapshotKeys = ['post', 'initial'];
  const canon = (x: unknown): unknown => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return x;
    const o: Record<string, unknown> = { ...(x as Record<string, unknown>) };
    for (const k of snapshotKeys) if (k in o) o[k] = canonicalBacking(o[k]);
    return o;
  };
  return [canon(want), canon(actual)];
}

/** Judges an answer against a vector. */
export const judgeAnswer = (v: Vector, got: VectorExpected): Outcome => {
  const [want, have] = comparedForms(v.expected, got);
  const d = firstDifference(want, have);
  return d === null ? { status: 'pass' } : { status: 'fail', difference: d };
};

/** One of our engines as a target; a thrown exception is reported as an engine bug, not a VM result. */
export function engineTarget(engine: Engine): Target {
  return {
    name: engine.name,
    answer: (vectors) => vectors.map((v) => {
      try {
        return judgeAnswer(v, expectedOf(engine, v.runner, v.profile, v.input));
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
 * An --impl program that answered none of the vectors (it could not start, crashed at once, timed out
 * before its first answer, or printed nothing readable): one message for the whole run.
 */
export class SilentTargetError extends Error {}

/**
 * An external implementation: `command` runs once (through the shell) with one request per line on
 * stdin and must print one response line per request: {"id", "expected"} | {"id", "skip"} | {"id", "error"}.
 * The whole run may take `timeoutMs`; then the program is killed and the vectors it did not answer
 * are errors. Throws SilentTargetError when it answers none of them.
 */
export function externalTarget(command: string, timeoutMs = 600_000): Target {
  return {
    name: command,
    answer(vectors) {
      const input = vectors.map((v, i) => requestOf(i, v)).join('\n') + '\n';
      const r = spawnSync(command, { shell: true, input, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
      const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
      const timedOut = code === 'ETIMEDOUT';
      // EPIPE: the program exited without reading all requests; its answers (if any) still count.
      if (r.error && code !== 'EPIPE' && !timedOut) throw new SilentTargetError(`--impl "${command}": cannot run (${r.error.message})`);
      const answers = new Map<number, Outcome>();
      const bad: string[] = [];
      for (const line of (r.stdout ?? '').split('\n')) {
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
        else if (msg.expected !== undefined) answers.set(id, judgeAnswer(v, msg.expected as VectorExpected));
        else bad.push(line.slice(0, 80));
      }
      const stderr = r.stderr ? (r.stderr.trim().split('\n').slice(-1)[0] ?? '') : '';
      const ended = timedOut ? `timed out after ${timeoutMs / 1000} s (--timeout)` : `exit status ${r.status ?? r.signal}`;
      const why = `no response (${ended}${bad.length > 0 ? `; unreadable lines such as ${JSON.stringify(bad[0])}` : ''}${stderr ? `; stderr: ${stderr}` : ''})`;
      if (answers.size === 0 && vectors.length > 0) throw new SilentTargetError(`--impl "${command}": no answer to any of ${vectors.length} vectors: ${why}`);
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
    results.push({ file: s.file, id: s.id, runner: s.v.runner, notes: s.v.notes, outcome: outcomes[k++] ?? { status: 'error', message: 'no outcome' } });
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

/**
 * The class of a failure: the first differing path with its indices blanked
 * (`expected.exits[0].gas: ...` → `expected.exits[].gas`); `error` for an error answer, `unreadable`
 * for a file that is not a vector. Null for a pass or a skip.
 */
export function failureClass(r: VectorResult): string | null {
  const o = r.outcome;
  if (o.status === 'fail') return (o.difference.split(': ')[0] ?? o.difference).replace(/\[\d+\]/g, '[]');
  if (o.status === 'error') return r.runner === null ? 'unreadable' : 'error';
  return null;
}

/** Failures counted by class and by spec-note (a vector with several notes counts for each; `(none)` without), most first. */
export function failureGroups(results: readonly VectorResult[]): { byClass: [string, number][]; byNote: [string, number][] } {
  const byClass = new Map<string, number>();
  const byNote = new Map<string, number>();
  for (const r of results) {
    const c = failureClass(r);
    if (c === null) continue;
    byClass.set(c, (byClass.get(c) ?? 0) + 1);
    for (const n of r.notes === undefined || r.notes.length === 0 ? ['(none)'] : r.notes) byNote.set(n, (byNote.get(n) ?? 0) + 1);
  }
  const order = (m: Map<string, number>): [string, number][] => [...m.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return { byClass: order(byClass), byNote: order(byNote) };
}
