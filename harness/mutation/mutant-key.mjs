/**
 * The identity of a Stryker mutant that does not depend on Stryker's run-dependent ids: the file
 * (from its impl/ segment on, so a sandbox copy and the original agree), the 0-based start and end of
 * its location as Stryker's API reports them, the mutator and the replacement text.
 */

/** The path from the last 'impl/' segment on, with forward slashes. */
export function implPath(fileName) {
  const p = fileName.split('\\').join('/');
  const at = p.lastIndexOf('/impl/');
  return at >= 0 ? p.slice(at + 1) : p;
}

/** A mutant's key: file, location, mutator and replacement. */
export function mutantKey(m) {
  const { start, end } = m.location;
  return `${implPath(m.fileName)}:${start.line}:${start.column}-${end.line}:${end.column}:${m.mutatorName}:${m.replacement}`;
}

/** The key of a mutant in Stryker's JSON report (whose lines and columns are 1-based). */
export function reportKey(file, m) {
  const { start, end } = m.location;
  return `${file}:${start.line - 1}:${start.column - 1}-${end.line - 1}:${end.column - 1}:${m.mutatorName}:${m.replacement}`;
}

/**
 * Whether an equivalent.yaml entry names this mutant: same file, mutator and replacement (and, when the
 * entry has `original`, the same mutated text: two mutants of one line can share mutator and
 * replacement), and, when the entry has `column`, the same 1-based start column (for two mutants of
 * one line that also share the mutated text), on the entry's line, or on a line whose text (trimmed)
 * is the entry's `source` (the code moved in its file).
 */
export function isListed(e, file, source, m) {
  if (e.file !== file || e.mutator !== m.mutatorName || e.replacement !== m.replacement) return false;
  if (e.original !== undefined && spanOf(source, m.location) !== e.original) return false;
  if (e.column !== undefined && e.column !== m.location.start.column) return false;
  const line = m.location.start.line;
  if (e.line === line) return e.source === undefined || (source.split('\n')[line - 1] ?? '').trim() === e.source;
  return e.source !== undefined && (source.split('\n')[line - 1] ?? '').trim() === e.source;
}

/** The source text a Stryker report location spans (1-based lines and columns). */
export function spanOf(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  return [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n');
}
