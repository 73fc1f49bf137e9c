/**
 * The impl's own opcode table (impl/core/opcodes.ts `Op`) against the model's (model/decode/opcodes.ts,
 * written separately from the spec's dispatch), and the promise the names make: for every opcode,
 * `grep -rn <mnemonic> impl` lands on the interpreter's case (interp.ts or ops.ts) and on the jit's
 * emitter (a case of jit.ts). `Op` is a const enum, which tsc erases, so the
 * test reads its members from the source text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { OPCODES } from '../../model/decode/opcodes.js';
import { endsBlock, FORMAT, F_INVALID, F_THREE_REG, F_TWO_REG_TWO_IMM, Op } from '../../impl/core/opcodes.js';

const core = (file: string): string => readFileSync(fileURLToPath(new URL(`../../impl/core/${file}`, import.meta.url)), 'utf8');

/** `name = N` members of `export const enum Op { ... }`. */
function enumMembers(src: string): Map<string, number> {
  const body = /export const enum Op \{([\s\S]*?)\n\}/.exec(src);
  const out = new Map<string, number>();
  for (const m of body?.[1]?.matchAll(/^\s*([a-z0-9_]+) = (\d+),/gm) ?? []) out.set(m[1]!, Number(m[2]));
  return out;
}

const members = enumMembers(core('opcodes.ts'));
/** The interpreter: its loop and the functions it shares with the jit. */
const interp = core('interp.ts') + core('ops.ts');
const jit = core('jit.ts');

describe('impl opcode names', () => {
  test('a few names by hand (pvm-core.md 3.2)', () => {
    expect(Op.shar_r_64).toBe(209);
    expect(Op.load_imm_jump_ind).toBe(180);
    expect(Op.store_imm_ind_u16).toBe(71);
    expect(Op.trap).toBe(0);
    expect(Op.min_u).toBe(230);
    expect(FORMAT[Op.shar_r_64]).toBe(F_THREE_REG);
    expect(FORMAT[Op.load_imm_jump_ind]).toBe(F_TWO_REG_TWO_IMM);
    expect(endsBlock(Op.load_imm_jump_ind)).toBe(true);
    expect(endsBlock(Op.shar_r_64)).toBe(false);
  });

  test('Op has the same 140 names and numbers as the model table, and no sbrk (spec-notes/0015)', () => {
    expect(members.size).toBe(140);
    expect(OPCODES.size).toBe(140);
    for (const [opcode, info] of OPCODES) expect([info.name, members.get(info.name)]).toEqual([info.name, opcode]);
    expect(members.has('sbrk')).toBe(false);
  });

  test('FORMAT is valid exactly at the named opcodes', () => {
    const named = new Set(members.values());
    const wrong = [...Array(256).keys()].filter((o) => (FORMAT[o] !== F_INVALID) !== named.has(o));
    expect(wrong).toEqual([]);
  });

  test('every opcode has a named case in the interpreter and in the jit', () => {
    const missing: string[] = [];
    for (const name of members.keys()) {
      // a case label, or the `default:` that stands for the last op of a group, named in a comment
      const label = new RegExp(`case Op\\.${name}:|default:.*// Op\\.${name}$`, 'm');
      if (!label.test(interp)) missing.push(`interp: ${name}`);
      if (!new RegExp(`case Op\\.${name}:`).test(jit)) missing.push(`jit: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  test('no numeric opcode label is left in the switches', () => {
    for (const file of ['interp.ts', 'ops.ts', 'jit.ts']) expect([file, core(file).match(/case \d+:|o === \d+/g)]).toEqual([file, null]);
  });
});
