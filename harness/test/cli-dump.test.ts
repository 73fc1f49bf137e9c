/**
 * `javm run --input <machine state>` and `--dump ADDR:LEN` / `--dump-pages`: a w3f vector, a bare isa
 * input and a jar1 blob, with the bytes expected worked out from the instructions by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { asm, jarBlob } from '../asm/index.js';
import { codeJson } from '../../vectors/lib/format.js';
import { w3fProgramsDir } from '../../vectors/lib/shared.js';
import { cli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'javm-dump-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
};

describe('javm run --input', () => {
  test.each(['model', 'impl'])('%s: a w3f vector (store_u32 of φ7 = 0x12345678 at 0x20000): the bytes little-endian', (engine) => {
    const w3f = join(w3fProgramsDir(), 'inst_store_u32.json');
    const r = cli('run', '--input', w3f, '--dump', '0x20000:8', '--engine', engine);
    expect(r.code).toBe(0);
    expect(r.out).toContain('memory 0x20000..0x20008:');
    expect(r.out).toContain('00020000  78 56 34 12 00 00 00 00                           |xV4.....|');
    const j = cli('run', '--input', w3f, '--dump', '0x20000:4', '--dump', '0x1fffe:2', '--json', '--engine', engine);
    const o = JSON.parse(j.out[0]!) as { dump: unknown; regs: string[]; gasUsed: string };
    // the page below 0x20000 is not accessible: ??
    expect(o.dump).toEqual([{ address: 0x20000, length: 4, bytes: '78563412' }, { address: 0x1fffe, length: 2, bytes: '????' }]);
    expect(o.regs[7]).toBe('0x12345678');
  });

  test('a bare isa input (code image, registers, pages, memory): store_imm_u16 over bytes already there', () => {
    // store_imm_u16 [0x20002] = 0x1234; trap — a gp block of two instructions costs 2
    const image = asm`
      store_imm_u16 0x20002, 0x1234
      trap
    `;
    const input = {
      code: codeJson(image), memoryPages: 0, pc: 0, gas: '0x64', regs: Array(13).fill('0x0'),
      pages: [{ address: 0x20000, length: 4096, access: 'W' }], memory: [{ address: 0x20000, bytes: 'aabb' }],
    };
    const r = cli('run', '--input', file('isa-input.json', JSON.stringify(input)), '--dump', '0x20000:4', '--dump-pages', '--json');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out[0]!) as { exit: unknown; gasUsed: string; dump: unknown; pages: { address: number; access: string; bytes: string }[] };
    expect(o.exit).toEqual({ kind: 'trap' });
    expect(o.gasUsed).toBe('0x2');
    expect(o.dump).toEqual([{ address: 0x20000, length: 4, bytes: 'aabb3412' }]);
    expect(o.pages).toHaveLength(1);
    expect(o.pages[0]!.bytes).toBe(`aabb3412${'00'.repeat(4092)}`);
  });

  test('bad input: one line naming the file or flag, exit 2', () => {
    const both = cli('run', file('x.gp', new Uint8Array([0])), '--input', file('y.json', '{}'));
    expect(both.code).toBe(2);
    expect(both.err[0]).toMatch(/give either a blob or --input/);
    expect(cli('run').err[0]).toMatch(/expected a blob file, or --input/);
    const noRegs = cli('run', '--input', file('z.json', '{"pc":0}'));
    expect(noRegs.code).toBe(2);
    expect(noRegs.err[0]).toMatch(/z\.json: regs: expected 13 "0x\.\.\." strings/);
    const dump = cli('run', '--input', join(w3fProgramsDir(), 'inst_store_u32.json'), '--dump', '0x20000');
    expect(dump.code).toBe(2);
    expect(dump.err[0]).toMatch(/--dump: '0x20000' is not ADDR:LEN/);
  });
});

describe('javm run <jar1 blob> --dump', () => {
  // φ7 = 0x1234 stored as u16 at 0x20002 of the RW DATA page 32, then REPLY (halt)
  const blob = file('store.jar', jarBlob({
    caps: [{ slot: 64, type: 'code', image: asm`
      load_imm r7, 0x1234
      load_imm r9, 0x20000
      store_ind_u16 r7, r9, 2
      ecalli 0
    ` }, { slot: 1, type: 'data', basePage: 32, pageCount: 1, access: 'W' }],
  }));

  test.each(['model', 'impl'])('%s: the active VM\'s memory at the exit, as a range and as pages (zero rows folded)', (engine) => {
    const r = cli('run', blob, '--dump', '0x20000:4', '--dump-pages', '--engine', engine);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('exit: halt (φ7 = 4660)');
    const at = r.out.indexOf('memory 0x20000..0x20004:');
    expect(r.out[at + 1]).toBe('00020000  00 00 34 12                                       |..4.|');
    const page = r.out.indexOf('page 0x20000 (1 pages, RW):');
    expect(r.out.slice(page + 1)).toEqual(['00020000  00 00 34 12 00 00 00 00  00 00 00 00 00 00 00 00  |..4.............|', '*']);
    const j = JSON.parse(cli('run', blob, '--dump', '0x20000:4', '--dump', '0x21000:1', '--json', '--engine', engine).out[0]!) as { dump: unknown };
    expect(j.dump).toEqual([{ address: 0x20000, length: 4, bytes: '00003412' }, { address: 0x21000, length: 1, bytes: '??' }]);
  });
});
