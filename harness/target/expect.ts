/**
 * Known differences of a target (`javm fuzz --target ... --expect FILE`, vectors/TARGET.md): a YAML
 * list of classes, each matching findings by the spec-note whose question they are, by the first
 * differing path, by finding kind, case kind or profile (all given conditions must hold).
 */
import { readTextFile } from '../cli/io.js';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../engines.js';
import { globToRegExp } from '../vectors/verify.js';
import type { Judgement } from './cases.js';

export interface ExpectClass {
  /** The class's name, shown in the summary. */
  readonly name: string;
  readonly note: string | null;
  /** A glob over the first differing path without its `expected.` prefix, e.g. `exits[*].gas`. */
  readonly path: RegExp | null;
  readonly pathText: string | null;
  readonly finding: Judgement['kind'] | null;
  readonly kind: string | null;
  readonly profile: string | null;
}

/** What a finding is, for matching. */
export interface FindingFacts {
  readonly judgement: Judgement;
  readonly notes: readonly string[];
  readonly kind: string;
  readonly profile: string;
}

const FINDINGS = ['differs', 'error', 'crash', 'hang', 'garbage'];
const KEYS = ['class', 'note', 'path', 'finding', 'kind', 'profile'];

/** Parses the text of an expect file; `file` names it in errors. */
export function parseExpect(text: string, file: string): ExpectClass[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new UsageError(`${file}: expected a YAML list of classes ("- class: NAME" entries)`);
  return doc.map((raw, k) => {
    const at = `${file}: entry ${k + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${at}: expected a mapping with 'class' and at least one of note, path, finding`);
    const o = raw as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!KEYS.includes(key)) throw new UsageError(`${at}: unknown field '${key}' (fields: ${KEYS.join(', ')})`);
    const text = (f: string, re?: RegExp, form?: string): string | null => {
      const v = o[f];
      if (v === undefined || v === null) return null;
      const s = typeof v === 'number' ? String(v).padStart(4, '0') : v;
      if (typeof s !== 'string' || (re !== undefined && !re.test(s))) throw new UsageError(`${at}: field '${f}' must be ${form ?? 'a string'}, got ${JSON.stringify(v)}`);
      return s;
    };
    const name = text('class', /^\S.*$/, 'a non-empty name');
    if (name === null) throw new UsageError(`${at}: field 'class' is missing (a name for the class)`);
    const note = text('note', /^\d{4}$/, 'a spec-note number such as "0026"');
    const path = text('path');
    const finding = text('finding', new RegExp(`^(${FINDINGS.join('|')})$`), FINDINGS.join(', '));
    if (note === null && path === null && finding === null) throw new UsageError(`${at}: give at least one of note, path, finding (class '${name}' would match everything)`);
    return {
      name, note, path: path === null ? null : globToRegExp(path), pathText: path,
      finding: finding as Judgement['kind'] | null,
      kind: text('kind', /^(isa|program|decode)$/, 'isa, program or decode'),
      profile: text('profile', /^(gp|jar1)$/, 'gp or jar1'),
    };
  });
}

/** Reads an expect file (a UsageError names the file when it cannot be read or parsed). */
export function readExpect(file: string): ExpectClass[] {
  const text = readTextFile(file);
  return parseExpect(text, file);
}

/** The first class a finding belongs to, or null. */
export function knownClass(classes: readonly ExpectClass[], f: FindingFacts): ExpectClass | null {
  const path = f.judgement.path?.replace(/^expected\.?/, '') ?? null;
  return classes.find((c) =>
    (c.note === null || f.notes.includes(c.note))
    && (c.path === null || (path !== null && c.path.test(path)))
    && (c.finding === null || c.finding === f.judgement.kind)
    && (c.kind === null || c.kind === f.kind)
    && (c.profile === null || c.profile === f.profile)) ?? null;
}
