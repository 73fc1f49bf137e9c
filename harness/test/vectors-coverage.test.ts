/**
 * Coverage of the committed vector tree, checked rather than hoped for: it walks the model's opcode
 * table with each opcode's edge classes, the kernel operation list with the result classes of each op,
 * the kernel's error results (WHAT, LOW, HUH) and child status codes, every load-error class, and every
 * spec-note with the case names its "Vectors" section lists; each must have a vector. Kernel vectors'
 * pre- and post-states must satisfy the kernel invariants. Every kernel op × result class that has a
 * `kernel` vector must also have a jar1 `program` vector (a blob any implementation can run) with the
 * same handler and edge (vectors/gen/kernel-programs.ts), unless the exemption list says why not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OPCODES } from '../../model/decode/opcodes.js';
import { kernelViolations } from '../invariants.js';
import { defaultVectorDir, vectorFiles } from '../vectors/verify.js';
import { edgesOf, INVALID_OPCODES } from '../../vectors/gen/isa.js';
import { KERNEL_OPS } from '../../vectors/gen/kernel.js';
import { snapshotFrom, u64, type DecodeExpected, type KernelExpected, type KernelInput, type Vector } from '../../vectors/lib/format.js';
import { HUH, LOW, WHAT, type LoadErrorClass } from '../../vectors/lib/types.js';

const root = defaultVectorDir();
const vectors: Vector[] = vectorFiles(root).files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Vector);
const has = (p: (v: Vector) => boolean): boolean => vectors.some(p);
const kernelVectors = vectors.filter((v) => v.runner === 'kernel');

describe('opcode edge classes', () => {
  test('every opcode of the table has a vector for each of its edge classes, in both profiles', () => {
    const missing: string[] = [];
    for (const info of OPCODES.values()) {
      for (const e of edgesOf(info.name, info.format)) {
        for (const profile of ['gp', 'jar1']) {
          if (!has((v) => v.runner === 'isa' && v.profile === profile && v.handler === info.name && v.edge === e.edge)) missing.push(`${profile} ${info.name}/${e.edge}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(OPCODES.size).toBe(140); // pvm-core.md 3.2: 141 opcodes in the table minus sbrk (spec-notes/0015)
  });
  test('every family gives more than a basic class to its opcodes where an edge exists', () => {
    // Hand-picked edges the families must list: division by zero, signed overflow, shift widths, faults.
    const edges = (n: string): string[] => edgesOf(n, OPCODES.get([...OPCODES.values()].find((o) => o.name === n)?.opcode ?? -1)?.format ?? 'NoArgs').map((e) => e.edge);
    expect(edges('div_u_64')).toContain('by_zero');
    expect(edges('rem_s_32')).toEqual(expect.arrayContaining(['by_zero', 'min_by_minus_one']));
    expect(edges('shlo_l_imm_alt_32')).toContain('amount_over_width');
    expect(edges('store_ind_u64')).toEqual(expect.arrayContaining(['ok', 'read_only_faults', 'unmapped_faults', 'straddle_into_read_only_faults']));
    expect(edges('branch_lt_s_imm')).toEqual(['taken', 'not_taken', 'taken_to_non_block_start_panics']);
    expect(edges('load_imm_jump_ind')).toContain('halt_address_halts');
  });
  test('invalid opcode bytes have vectors in both profiles', () => {
    for (const { edge } of INVALID_OPCODES) {
      for (const profile of ['gp', 'jar1']) expect(has((v) => v.profile === profile && v.handler === 'invalid_opcode' && v.edge === edge), `${profile} ${edge}`).toBe(true);
    }
  });
});

describe('kernel operations and results', () => {
  test('every kernel op has a vector for each of its result classes', () => {
    const missing = Object.entries(KERNEL_OPS).flatMap(([op, results]) =>
      results.filter((r) => !has((v) => v.runner === 'kernel' && v.handler === op && v.edge === r)).map((r) => `${op}/${r}`));
    expect(missing).toEqual([]);
  });
  test('each error result (WHAT, LOW, HUH) is written into φ7 by some vector, and each child status 1..5 into φ8', () => {
    const writes = (reg: number, value: bigint): boolean => kernelVectors.some((v) => {
      const pre = (v.input as KernelInput).pre;
      const post = (v.expected as KernelExpected).post;
      return post.vms.some((vm) => vm.regs[reg] === u64(value) && pre.vms.find((p) => p.id === vm.id)?.regs[reg] !== u64(value));
    });
    for (const [name, value] of [['WHAT', WHAT], ['LOW', LOW], ['HUH', HUH]] as const) expect(writes(7, value), name).toBe(true);
    for (const status of [1n, 2n, 3n, 4n, 5n]) expect(writes(8, status), `status ${status}`).toBe(true);
  });
  test('every kernel vector starts and ends in a state that satisfies the kernel invariants', () => {
    const bad: string[] = [];
    for (const v of kernelVectors) {
      const pre = snapshotFrom((v.input as KernelInput).pre);
      const post = snapshotFrom((v.expected as KernelExpected).post);
      const problems = [...kernelViolations(pre), ...kernelViolations(post, pre)];
      if (problems.length > 0) bad.push(`${v.name}: ${problems.join('; ')}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('blob-level twins of the kernel vectors (jar1 program vectors from a JAR v2 blob)', () => {
  /**
   * Kernel op × result classes that no blob can reach, each with its reason. Empty: every class of a
   * `kernel` vector is reached from init by some program in vectors/gen/kernel-programs.ts.
   */
  const EXEMPT: Readonly<Record<string, string>> = {};
  const pair = (v: Vector): string => `${v.handler}/${v.edge ?? 'null'}`;
  const programPairs = new Set(vectors.filter((v) => v.runner === 'program' && v.profile === 'jar1').map(pair));
  const kernelPairs = new Set(kernelVectors.map(pair));

  test('every kernel op × result class that has a kernel vector has a jar1 program vector with the same handler and edge', () => {
    const missing = [...kernelPairs].filter((p) => !programPairs.has(p) && !(p in EXEMPT)).sort();
    expect(missing).toEqual([]);
  });
  test('every exemption names a class that has a kernel vector and still has no program vector', () => {
    const stale = Object.keys(EXEMPT).filter((p) => !kernelPairs.has(p) || programPairs.has(p));
    expect(stale).toEqual([]);
  });
  test('every class of KERNEL_OPS is among them', () => {
    const listed = Object.entries(KERNEL_OPS).flatMap(([op, results]) => results.map((r) => `${op}/${r}`));
    expect(listed.filter((p) => !programPairs.has(p) && !(p in EXEMPT))).toEqual([]);
  });
  test('at least 300 jar1 program vectors', () => {
    expect(vectors.filter((v) => v.runner === 'program' && v.profile === 'jar1').length).toBeGreaterThanOrEqual(300);
  });
});

describe('blob decoding', () => {
  // The LoadErrorClass union of vectors/lib/types.ts, listed by hand.
  const classes: LoadErrorClass[] = ['truncated', 'bad_magic', 'bad_cap_type', 'bad_access', 'bad_entry_size', 'out_of_bounds', 'no_invoke_cap',
    'duplicate_cap', 'invalid_code', 'too_many_pages', 'overlapping_pages', 'too_many_code_caps', 'trailing_bytes'];
  test('every load-error class is the expected class of some decode vector', () => {
    const missing = classes.filter((c) => !has((v) => v.runner === 'decode' && (v.expected as DecodeExpected).class === c));
    expect(missing).toEqual([]);
  });
  test('each decode format has an accepted blob', () => {
    for (const f of ['gp_deblob', 'code_blob', 'jar_manifest']) expect(has((v) => v.runner === 'decode' && v.handler === f && (v.expected as DecodeExpected).accepted), f).toBe(true);
  });
});

describe('spec-notes', () => {
  const notesDir = join(root, '..', 'spec-notes');
  const notes = readdirSync(notesDir).filter((f) => /^\d{4}-.*\.md$/.test(f)).sort();
  /** The case names listed in a note's "## Vectors" section. */
  const named = (file: string): string[] => {
    const text = readFileSync(join(notesDir, file), 'utf8');
    const section = text.split(/^## Vectors\s*$/m)[1]?.split(/^## /m)[0] ?? '';
    return [...section.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1] ?? '');
  };

  test('there are notes to check (0001-0053)', () => {
    expect(notes.length).toBeGreaterThanOrEqual(53);
  });
  test('every case named in a note\'s Vectors section exists as a vector that lists the note', () => {
    const missing: string[] = [];
    for (const file of notes) {
      const n = file.slice(0, 4);
      for (const name of named(file)) {
        const found = vectors.filter((v) => v.name === name);
        if (found.length === 0) missing.push(`${n} ${name}: no vector`);
        else if (!found.every((v) => v.notes.includes(n))) missing.push(`${n} ${name}: vector does not list note ${n}`);
      }
    }
    expect(missing).toEqual([]);
  });
  test('every note is pinned by at least one vector that names it', () => {
    const unpinned = notes.map((f) => f.slice(0, 4)).filter((n) => !has((v) => v.notes.includes(n)));
    expect(unpinned).toEqual([]);
  });
});
