/**
 * harness/mutation/equivalent.yaml stays true to the code it argues about: every entry names an impl/
 * file, carries the mutated line's text, and that line still reads so (after a refactor the entries are
 * moved with their code, or dropped and re-argued, instead of silently matching nothing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entries = parse(readFileSync(`${root}harness/mutation/equivalent.yaml`, 'utf8')) as {
  file: string; line: number; column?: number; mutator: string; replacement: string; source?: string; original?: string; argument: string;
}[];

describe('equivalent.yaml', () => {
  test('lists entries', () => expect(entries.length).toBeGreaterThan(40));
  test.each(entries.map((e) => [`${e.file}:${e.line} ${e.mutator} → ${e.replacement}`, e] as const))('%s: its line still reads as recorded', (_name, e) => {
    expect(e.file).toMatch(/^impl\/(core|kernel)\/[\w-]+\.ts$/);
    expect(existsSync(`${root}${e.file}`)).toBe(true);
    expect(e.source).toBeTypeOf('string');
    expect(readFileSync(`${root}${e.file}`, 'utf8').split('\n')[e.line - 1]?.trim()).toBe(e.source);
    expect(e.argument.length).toBeGreaterThan(40);
    const text = readFileSync(`${root}${e.file}`, 'utf8').split('\n')[e.line - 1] ?? '';
    if (e.column !== undefined && e.original !== undefined) expect(text.slice(e.column - 1)).toMatch(new RegExp(`^${e.original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (e.column !== undefined) expect(e.column).toBeLessThanOrEqual(text.length);
  });
});
