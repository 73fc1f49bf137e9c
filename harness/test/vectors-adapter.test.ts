/**
 * The example external adapter (harness/vectors/adapters/typeberry.mjs) drives typeberry's PVM
 * interpreter, which nobody here wrote, through the JSON-lines protocol over every gp vector. Most
 * vectors pass; every difference it finds must belong to one of the classes below, each explained by a
 * documented decision of this kit or a limit of typeberry's API (vectors/ADAPTERS.md). A new kind of
 * difference fails this test until it is understood and listed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultVectorDir, externalTarget, verify, type VectorResult } from '../vectors/verify.js';

const root = defaultVectorDir();
const adapter = join(root, '..', 'harness', 'vectors', 'adapters', 'typeberry.mjs');
const installed = existsSync(join(root, '..', 'node_modules', '@typeberry', 'lib', 'package.json'));

/** Known difference classes: a pattern over "id: difference" and why it differs. */
export const EXPLAINED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /: expected\.(exits\[0\]\.)?gas: /, why: 'typeberry charges 1 gas per instruction as it executes; the kit\'s gp profile charges a whole basic block at its entry (spec-notes/0026), so a block cut short by a fault or panic costs more here' },
  { pattern: /(out_of_gas|oog|second_block_charged).*: expected\.pc: /, why: 'per-instruction gas again: typeberry runs into the block until an instruction cannot be paid, the kit stops at the block start (spec-notes/0010, 0026)' },
  { pattern: /\/ecalli\/.*: expected\.pc: /, why: 'typeberry reports a host call at the ecalli\'s own pc; the kit reports the next pc, where the machine resumes (spec/pvm-core.md section 6)' },
  { pattern: /(\/ecall\/|\/unlikely\/|only_listed_opcodes_end_blocks|jump_to_after_ecall_is_block_start).*expected "(ecall|trap)", got "panic"|ecall_resume_charges_next_block: expected\.pc/, why: 'ecall (3) and unlikely (2) are JAVM opcodes absent from the Gray Paper 0.7 set typeberry implements: it panics on them and does not end a block there (spec-notes/0014, 0028)' },
  { pattern: /: expected\.exit\.address: /, why: 'typeberry reports the exact faulting address; the kit reports the base of the first inaccessible page (spec-notes/0007)' },
  { pattern: /\/store_[a-z0-9_]+\/.*: expected\.exit\.kind: expected "fault", got "panic"/, why: 'typeberry turns a write into a read-only page into a panic; the kit enforces it as a page fault at the page base (spec-notes/0009)' },
  { pattern: /sbrk.*: expected\.exit\.kind: expected "panic", got "fault"/, why: 'typeberry implements sbrk (101) from the Gray Paper 0.7; the kit treats 101 as an invalid opcode (spec-notes/0015)' },
  { pattern: /add_64_dest_byte_16_clamps_to_r12: expected\.regs/, why: 'typeberry takes the three-register destination as B2 mod 16 (r0), the kit as min(12, B2) (r12) (spec-notes/0003)' },
  { pattern: /skip_cap_.*: expected\.exit\.kind: expected "panic", got "trap"/, why: 'typeberry executes the byte at pc 25 (a 0, trap) although it is not an instruction start; the kit panics there (spec-notes/0024, 0017)' },
  { pattern: /implementation error: typeberry(?: reserves memory below 0x10000|'s memory builder cannot take a page range ending at 2\^32)/, why: 'a limit of typeberry\'s memory-builder API, not a machine outcome: the vector is not run' },
];

describe.skipIf(!installed)('the typeberry example adapter', () => {
  test('runs every gp vector; most pass and every difference is an explained class', () => {
    const report = verify(root, externalTarget(`node ${adapter}`), 'gp/*');
    const failures = report.results.filter((r) => r.outcome.status === 'fail' || r.outcome.status === 'error');
    const line = (r: VectorResult): string => `${r.id}: ${r.outcome.status === 'fail' ? r.outcome.difference : r.outcome.status === 'error' ? r.outcome.message : ''}`;
    const unexplained = failures.map(line).filter((l) => !EXPLAINED.some((e) => e.pattern.test(l)));
    expect(unexplained).toEqual([]);
    const isa = report.table.get('isa');
    expect(isa?.pass).toBeGreaterThan(400);
    expect(report.table.get('decode')?.skip).toBeGreaterThan(0);
    // Every class is seen at least once, so the list stays an account of what typeberry does.
    const unused = EXPLAINED.filter((e) => !failures.some((r) => e.pattern.test(line(r)))).map((e) => e.pattern.source);
    expect(unused).toEqual([]);
  });
});

const ananInstalled = existsSync(join(root, '..', 'node_modules', '@fluffylabs', 'anan-as', 'package.json'));

/** Known differences of anan-as on the w3f export: a pattern over "name: difference" and why. */
export const ANAN_EXPLAINED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /: gas: /, why: 'anan-as charges gas per instruction as it executes; the gp profile here charges a block in full at its entry (spec-notes/0026)' },
  { pattern: /: status: expected page-fault, got panic$/, why: 'anan-as panics on a write into a read-only page; here it is a page fault at the page base (spec-notes/0009)' },
  { pattern: /^(invalid_opcode_sbrk_101|sbrk_panics_gp): pc: /, why: 'anan-as implements sbrk (101) and goes on; here 101 is an invalid opcode (spec-notes/0015)' },
  { pattern: /^(unlikely_basic|only_listed_opcodes_end_blocks|jump_to_after_ecall_is_block_start): pc: /, why: 'unlikely (2) and ecall (3) are JAVM opcodes unknown to anan-as: it panics on them / does not end a block after them (spec-notes/0014, 0028)' },
  { pattern: /^jump_to_code_length_traps: pc: expected 5, got 0$/, why: 'a jump to pc = |c|: anan-as panics at the jump, here the machine traps at the target (spec-notes/0016)' },
  { pattern: /^skip_cap_[a-z0-9_]+: pc: expected 25, got 26$/, why: 'anan-as caps skip at 25, giving the next pc ı + 26; here skip = min(24, ...) (spec-notes/0024)' },
  { pattern: /^add_64_dest_byte_16_clamps_to_r12: r0: /, why: 'anan-as takes the destination as B2 mod 16 (r0); here min(12, B2) (r12) (spec-notes/0003)' },
  { pattern: /anan-as threw: Attempting to allocate reserved page/, why: 'anan-as reserves the pages below 0x10000: these layouts cannot be loaded (not a machine outcome)' },
];

describe.skipIf(!ananInstalled)('the w3f export on anan-as', () => {
  test('anan-as runs the exported files unchanged; most pass and every difference is an explained class', () => {
    const script = join(root, '..', 'harness', 'vectors', 'adapters', 'anan-as-w3f.mjs');
    const r = spawnSync('node', [script, join(root, 'w3f')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const lines = r.stdout.trim().split('\n');
    const total = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1) ?? '');
    expect(total, r.stderr).not.toBeNull();
    expect(Number(total?.[1])).toBeGreaterThan(400);
    const failures = lines.filter((l) => l.startsWith('FAIL ')).map((l) => l.slice(5));
    expect(failures.length).toBe(Number(total?.[2]));
    expect(failures.filter((l) => !ANAN_EXPLAINED.some((e) => e.pattern.test(l)))).toEqual([]);
    expect(ANAN_EXPLAINED.filter((e) => !failures.some((l) => e.pattern.test(l))).map((e) => e.pattern.source)).toEqual([]);
  });
});
