/**
 * decode and program cases: blobs accepted or rejected (one case per load-error class, and the
 * named cases of spec-notes 0019, 0021, 0031, 0053), and whole programs run to their exits with host
 * answers (jar1 under the kernel: init, args, protocol calls; gp: w3f-style runs). Each case says by
 * hand what must follow (`want`).
 */
import {
  toHex, u64, type DecodeExpected, type DecodeFormat, type GpProgramExpected, type Jar1ProgramExpected, type ProgramStepJson,
} from '../lib/format.js';
import type { LoadErrorClass, Profile } from '../lib/types.js';
import { bytes, codeBlob, gpBlob, image, len, manifest, op, regImm, threeReg, twoReg, twoRegImm, TRAP, FALLTHROUGH, le, type ManifestCap } from './asm.js';
import type { Case } from './case.js';
import { fibRecursiveBlob } from './fib-recursive.js';
import { background } from './isa.js';

// ---- decode ----

function decodeCase(name: string, profile: Profile, format: DecodeFormat, edge: string | null, notes: string[], description: string, blob: Uint8Array, want: LoadErrorClass | 'accepted'): Case {
  return {
    name, runner: 'decode', profiles: [profile], handler: format, edge, notes, description, input: () => ({ format, blob: toHex(blob) }),
    check: (x) => {
      const e = x as DecodeExpected;
      const got = e.accepted ? 'accepted' : e.class;
      return got === want ? null : `decoded as ${got}, want ${want}`;
    },
  };
}

const ECALLI0 = '0a00';
const LOAD_IMM = (r: number, v: number): string => regImm(op('load_imm'), r, v);
const okCode = image([LOAD_IMM(7, 5), ECALLI0]);
const codeEntry = (slot: number, c = okCode): ManifestCap => ({ slot, type: 0, data: codeBlob(c) });
const dataEntry = (slot: number, basePage: number, pageCount: number, data: Uint8Array = new Uint8Array(), access = 1): ManifestCap => ({ slot, type: 1, basePage, pageCount, access, data });

/** Every load-error class with a blob that has exactly that problem. */
export const LOAD_ERROR_CASES: readonly { readonly cls: LoadErrorClass; readonly format: DecodeFormat; readonly profile: Profile; readonly description: string; readonly blob: () => Uint8Array }[] = [
  { cls: 'truncated', format: 'jar_manifest', profile: 'jar1', description: 'a 6-byte blob cannot hold the 10-byte header', blob: () => bytes('4a4152020000') },
  { cls: 'bad_magic', format: 'jar_manifest', profile: 'jar1', description: "magic 'J','A','R',1", blob: () => manifest(0, 64, [codeEntry(64)], '4a415201') },
  { cls: 'bad_cap_type', format: 'jar_manifest', profile: 'jar1', description: 'a cap entry of type 2', blob: () => manifest(0, 64, [codeEntry(64), { slot: 65, type: 2, data: new Uint8Array() }]) },
  { cls: 'bad_access', format: 'jar_manifest', profile: 'jar1', description: 'a DATA entry with access byte 2', blob: () => manifest(1, 64, [codeEntry(64), dataEntry(65, 0x20, 1, new Uint8Array(), 2)]) },
  { cls: 'bad_entry_size', format: 'code_blob', profile: 'jar1', description: 'a CODE sub-blob with entry_size 0', blob: () => bytes('00000000' + '00' + '01000000' + '00' + '01') },
  { cls: 'out_of_bounds', format: 'jar_manifest', profile: 'jar1', description: 'a DATA entry whose data range ends past the data section', blob: () => {
    const b = manifest(1, 64, [codeEntry(64), dataEntry(65, 0x20, 1, bytes('aabb'))]);
    return b.subarray(0, b.length - 1);
  } },
  { cls: 'no_invoke_cap', format: 'jar_manifest', profile: 'jar1', description: 'invoke_cap names slot 65, which has no entry', blob: () => manifest(0, 65, [codeEntry(64)]) },
  { cls: 'duplicate_cap', format: 'jar_manifest', profile: 'jar1', description: 'two entries for slot 64', blob: () => manifest(0, 64, [codeEntry(64), codeEntry(64)]) },
  { cls: 'invalid_code', format: 'code_blob', profile: 'jar1', description: 'a CODE sub-blob whose last instruction is not a terminator', blob: () => codeBlob(image([LOAD_IMM(7, 5)])) },
  { cls: 'too_many_pages', format: 'jar_manifest', profile: 'jar1', description: 'DATA caps of 3 pages with memory_pages 2', blob: () => manifest(2, 64, [codeEntry(64), dataEntry(65, 0x20, 3)]) },
  { cls: 'overlapping_pages', format: 'jar_manifest', profile: 'jar1', description: 'DATA caps at pages 0x20..0x21 and 0x21..0x22', blob: () => manifest(8, 64, [codeEntry(64), dataEntry(65, 0x20, 2), dataEntry(66, 0x21, 2)]) },
  { cls: 'too_many_code_caps', format: 'jar_manifest', profile: 'jar1', description: 'six CODE caps', blob: () => manifest(0, 64, [64, 65, 66, 67, 68, 69].map((s) => codeEntry(s))) },
  { cls: 'trailing_bytes', format: 'gp_deblob', profile: 'gp', description: 'a gp deblob with one byte after the bitmask', blob: () => Uint8Array.from([...gpBlob(image([TRAP])), 0]) },
];

export function decodeCases(): Case[] {
  const c: Case[] = LOAD_ERROR_CASES.map((e) => decodeCase(`invalid_blob_${e.cls}`, e.profile, e.format, e.cls, [], e.description, e.blob(), e.cls));
  c.push(decodeCase('invalid_gp_blob_truncated', 'gp', 'gp_deblob', 'truncated', [], 'a gp deblob whose code is shorter than |c|', gpBlob(image([LOAD_IMM(7, 5), TRAP])).subarray(0, 6), 'truncated'));
  c.push(decodeCase('invalid_gp_blob_bad_entry_size', 'gp', 'gp_deblob', 'bad_entry_size', [], 'a gp deblob with z = 5', bytes('01 05 01 0000000000 00 01'), 'bad_entry_size'));
  c.push(decodeCase('valid_jar_manifest', 'jar1', 'jar_manifest', 'accepted', [], 'a CODE cap and a DATA cap', manifest(2, 64, [codeEntry(64), dataEntry(65, 0x20, 2, bytes('0102'))]), 'accepted'));
  c.push(decodeCase('valid_code_blob', 'jar1', 'code_blob', 'accepted', [], 'load_imm; ecalli 0', codeBlob(okCode), 'accepted'));
  c.push(decodeCase('valid_gp_blob', 'gp', 'gp_deblob', 'accepted', [], 'load_imm; trap with a 1-entry jump table', gpBlob(image([LOAD_IMM(7, 5), TRAP], [6])), 'accepted'));
  // 0019 validation
  c.push(decodeCase('jar1_code_without_final_terminator_rejected', 'jar1', 'code_blob', 'invalid_code', ['0019'], 'a CODE sub-blob ending in load_imm', codeBlob(image([LOAD_IMM(7, 5)])), 'invalid_code'));
  c.push(decodeCase('jar1_jump_table_entry_inside_instruction_rejected', 'jar1', 'code_blob', 'invalid_code', ['0019'], 'a jump-table entry (1) inside load_imm', codeBlob(image([LOAD_IMM(7, 5), ECALLI0], [1])), 'invalid_code'));
  c.push(decodeCase('jar1_jump_table_entry_zero_accepted', 'jar1', 'code_blob', 'accepted', ['0019'], 'a jump-table entry of 0', codeBlob(image([LOAD_IMM(7, 5), ECALLI0], [0])), 'accepted'));
  c.push(decodeCase('jar1_bytes_after_bitmask_accepted', 'jar1', 'code_blob', 'accepted', ['0019'], 'three bytes after the bitmask are ignored', Uint8Array.from([...codeBlob(okCode), 1, 2, 3]), 'accepted'));
  c.push(decodeCase('jar1_code_sub_blob_past_its_data_range_rejected', 'jar1', 'jar_manifest', 'out_of_bounds', ['0019'], "a CODE entry whose data range is 2 bytes shorter than its sub-blob needs", (() => {
    const sub = codeBlob(okCode);
    const b = manifest(0, 64, [{ slot: 64, type: 0, data: sub.subarray(0, sub.length - 2) }]);
    return Uint8Array.from([...b, ...sub.subarray(sub.length - 2)]);
  })(), 'out_of_bounds'));
  c.push(decodeCase('jar1_data_range_past_data_section_rejected', 'jar1', 'jar_manifest', 'out_of_bounds', ['0019'], 'a DATA entry whose range ends past the data section', (LOAD_ERROR_CASES.find((e) => e.cls === 'out_of_bounds')?.blob ?? (() => new Uint8Array()))(), 'out_of_bounds'));
  c.push(decodeCase('gp_code_without_final_terminator_accepted', 'gp', 'gp_deblob', 'accepted', ['0019'], 'gp: code ending in load_imm is not validated', gpBlob(image([LOAD_IMM(7, 5)])), 'accepted'));
  // 0031 magic, 0021/0053 manifest limits
  c.push(decodeCase('jar_magic_jar2_accepted', 'jar1', 'jar_manifest', 'accepted', ['0031'], "magic 'J','A','R',2", manifest(0, 64, [codeEntry(64)]), 'accepted'));
  c.push(decodeCase('jar_magic_har2_rejected', 'jar1', 'jar_manifest', 'bad_magic', ['0031'], "magic 'H','A','R',2 (Capability.lean's typo)", manifest(0, 64, [codeEntry(64)], '48415202'), 'bad_magic'));
  c.push(decodeCase('data_pages_over_memory_pages_rejected', 'jar1', 'jar_manifest', 'too_many_pages', ['0021'], 'DATA caps of 3 pages, memory_pages 2', manifest(2, 64, [codeEntry(64), dataEntry(65, 0x20, 3)]), 'too_many_pages'));
  c.push(decodeCase('init_six_code_caps_rejected', 'jar1', 'jar_manifest', 'too_many_code_caps', ['0053'], 'six CODE caps: at most 5 per invocation', manifest(0, 64, [64, 65, 66, 67, 68, 69].map((s) => codeEntry(s))), 'too_many_code_caps'));
  return c;
}

// ---- jar1 programs ----

interface ProgWant {
  readonly accepted?: boolean;
  readonly class?: string;
  readonly exits?: readonly string[];
  readonly initGas?: bigint;
  /** Registers of the active VM at the last exit. */
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly haltValue?: bigint;
  readonly initial?: (snap: NonNullable<Jar1ProgramExpected['initial']>) => string | null;
}

const kindOf = (s: ProgramStepJson): string => s.exit?.kind ?? 'none';

function jar1Program(name: string, handler: string, notes: string[], description: string, blob: Uint8Array, opts: { gas?: bigint; reg7?: bigint; args?: Uint8Array; host?: [bigint, bigint][] }, want: ProgWant): Case {
  return {
    name, runner: 'program', profiles: ['jar1'], handler, edge: null, notes, description,
    input: () => ({ blob: toHex(blob), gas: u64(opts.gas ?? 1_000_000n), reg7: u64(opts.reg7 ?? 0n), args: toHex(opts.args ?? new Uint8Array()), host: (opts.host ?? []).map(([r7, r8]) => ({ r7: u64(r7), r8: u64(r8) })) }),
    check: (x) => {
      const e = x as Jar1ProgramExpected;
      const bad: string[] = [];
      if (e.accepted !== (want.accepted ?? true)) bad.push(`accepted ${e.accepted}`);
      if (want.class !== undefined && e.class !== want.class) bad.push(`class ${e.class}, want ${want.class}`);
      if (want.exits && e.exits.map(kindOf).join(',') !== want.exits.join(',')) bad.push(`exits ${e.exits.map(kindOf).join(',')}, want ${want.exits.join(',')}`);
      if (want.initGas !== undefined && e.initGas !== u64(want.initGas)) bad.push(`initGas ${e.initGas}, want ${u64(want.initGas)}`);
      const last = e.exits.at(-1);
      for (const [i, v] of Object.entries(want.regs ?? {})) if (last?.regs[Number(i)] !== u64(v)) bad.push(`r${i} = ${last?.regs[Number(i)]}, want ${u64(v)}`);
      if (want.haltValue !== undefined && !(last?.exit?.kind === 'halt' && 'value' in last.exit && last.exit.value === u64(want.haltValue))) bad.push(`last exit ${JSON.stringify(last?.exit)}, want halt ${want.haltValue}`);
      if (want.initial && e.initial) { const p = want.initial(e.initial); if (p) bad.push(p); }
      return bad.length === 0 ? null : bad.join('; ');
    },
  };
}

const prog = (...instrs: string[]) => codeEntry(64, image(instrs));
const LOAD_U8 = (r: number, a: number): string => regImm(op('load_u8'), r, a);

/** fib(10) by iteration, ending in REPLY with φ7 = 55 (the shape of model/test/fixtures/fib-loop.ts, n = 10). */
function fibCode(n: number): string[] {
  const head = [LOAD_IMM(7, 0), LOAD_IMM(9, 1), LOAD_IMM(8, n), FALLTHROUGH];
  const loop = [threeReg(op('add_64'), 7, 9, 10), twoReg(op('move_reg'), 7, 9), twoReg(op('move_reg'), 9, 10), twoRegImm(op('add_imm_64'), 8, 8, -1)];
  const loopStart = len(...head);
  const branchAt = loopStart + len(...loop);
  const branch = `${op('branch_ne_imm').toString(16)}${(8 | (4 << 4)).toString(16)}${le(0, 4)}${le(loopStart - branchAt, 4)}`;
  return [...head, ...loop, branch, ECALLI0];
}

export function programCases(): Case[] {
  const slot0 = (pages: number, base = 0x30) => dataEntry(0, base, pages);
  const c: Case[] = [
    jar1Program('fib_10_replies_55', 'basic', [], 'iterative Fibonacci of 10 under the kernel, REPLY from the root: halt with 55', manifest(0, 64, [prog(...fibCode(10))]), {}, { exits: ['halt'], haltValue: 55n, initGas: 0n }),
    jar1Program('fib_recursive_8_replies_21', 'basic', [], 'recursive Fibonacci of 8 (φ7 = 8): every call CREATEs two children from its CODE cap and CALLs them; the root halts with fib(8) = 21', fibRecursiveBlob, { gas: 100_000_000n, reg7: 8n }, { exits: ['halt'], haltValue: 21n }),
    jar1Program('host_answer_sets_r7_r8', 'host', ['0048'], 'ecalli 1 (GAS) exits to the host; its answer (0x1234, 0x5678) lands in φ7, φ8; REPLY halts with 0x1234', manifest(0, 64, [prog('0a01', ECALLI0)]), { host: [[0x1234n, 0x5678n]] }, { exits: ['protocol', 'halt'], haltValue: 0x1234n, regs: { 8: 0x5678n } }),
    jar1Program('protocol_call_without_host_answer_ends_there', 'host', ['0048'], 'a protocol exit with no host answer left ends the run at that exit', manifest(0, 64, [prog('0a05', ECALLI0)]), {}, { exits: ['protocol'] }),
    jar1Program('init_maps_last_page_of_data_cap', 'init', ['0020'], 'DATA cap at pages 0x20..0x21: a load from 0x21fff succeeds, REPLY halts', manifest(2, 64, [prog(LOAD_U8(7, 0x21fff), ECALLI0), dataEntry(65, 0x20, 2)]), {}, { exits: ['halt'], haltValue: 0n }),
    jar1Program('init_does_not_map_page_after_data_cap', 'init', ['0020'], 'the same cap: a load from 0x22000 faults there', manifest(2, 64, [prog(LOAD_U8(7, 0x22000), ECALLI0), dataEntry(65, 0x20, 2)]), {}, { exits: ['fault'] }),
    jar1Program('init_gas_1500_per_data_page', 'init', ['0021'], 'three DATA pages cost 4500 gas at load', manifest(3, 64, [prog(ECALLI0), dataEntry(65, 0x20, 3)]), {}, { exits: ['halt'], initGas: 4500n }),
    jar1Program('init_gas_short_is_out_of_gas_at_pc_0', 'init', ['0021'], 'gas 4000 < 4500: out of gas before any instruction, pc 0', manifest(3, 64, [prog(ECALLI0), dataEntry(65, 0x20, 3)]), { gas: 4000n }, { exits: ['oog'], initGas: 4500n }),
    jar1Program('init_gas_short_out_of_gas', 'init', ['0053'], 'gas one short of the init charge (1499 for one page): out of gas at load', manifest(1, 64, [prog(ECALLI0), dataEntry(65, 0x20, 1)]), { gas: 1499n }, { exits: ['oog'], initGas: 1500n }),
    jar1Program('no_data_caps_no_init_gas', 'init', ['0021'], 'no DATA caps: no init gas', manifest(4, 64, [prog(ECALLI0)]), {}, { exits: ['halt'], initGas: 0n }),
    jar1Program('args_at_slot_0_data_cap_base', 'args', ['0022'], 'args abcdef: written at the slot-0 DATA cap base 0x30000, φ8 = 0x30000, φ9 = 3', manifest(1, 64, [prog(ECALLI0), slot0(1)]), { args: bytes('abcdef') }, { exits: ['halt'], regs: { 8: 0x30000n, 9: 3n } }),
    jar1Program('no_args_leaves_r8_r9_zero', 'args', ['0022'], 'no args: φ8 = φ9 = 0', manifest(1, 64, [prog(ECALLI0), slot0(1)]), {}, { exits: ['halt'], regs: { 8: 0n, 9: 0n } }),
    jar1Program('args_with_slot_0_cap_at_page_0', 'args', ['0022'], 'a slot-0 DATA cap at page 0: φ8 = 0, φ9 = 2', manifest(1, 64, [prog(ECALLI0), slot0(1, 0)]), { args: bytes('0102') }, { exits: ['halt'], regs: { 8: 0n, 9: 2n } }),
    jar1Program('args_without_slot_0_data_cap_rejected', 'args', ['0022'], 'args with no DATA cap in slot 0: rejected', manifest(1, 64, [prog(ECALLI0), dataEntry(65, 0x20, 1)]), { args: bytes('01') }, { accepted: false, class: 'out_of_bounds' }),
    jar1Program('args_larger_than_slot_0_cap_rejected', 'args', ['0022'], '4097 bytes of args for a 1-page cap: rejected', manifest(1, 64, [prog(ECALLI0), slot0(1)]), { args: new Uint8Array(4097).fill(7) }, { accepted: false, class: 'out_of_bounds' }),
    jar1Program('init_protocol_manifest_untyped', 'init', ['0053'], 'after load: protocol caps 1..28 original, the manifest caps, UNTYPED at 254 with offset 1 and total 4', manifest(4, 64, [prog(ECALLI0), dataEntry(65, 0x20, 1)]), {}, {
      exits: ['halt'],
      initial: (s) => {
        const slots = s.vms[0]?.slots ?? [];
        const ok = [...Array(28).keys()].every((i) => slots.some((e) => e.slot === i + 1 && e.cap.kind === 'protocol' && e.original))
          && slots.some((e) => e.slot === 254 && e.cap.kind === 'untyped') && s.untyped.offset === 1 && s.untyped.total === 4;
        return ok ? null : 'initial state lacks protocol caps 1..28, UNTYPED at 254 or offset 1/total 4';
      },
    }),
    jar1Program('init_manifest_cap_over_protocol_slot', 'init', ['0053', '0047'], 'a CODE cap in slot 5 replaces protocol cap 5 and is not original', manifest(0, 5, [codeEntry(5, image([ECALLI0]))]), {}, {
      exits: ['halt'],
      initial: (s) => {
        const e = s.vms[0]?.slots.find((x) => x.slot === 5);
        return e?.cap.kind === 'code' && !e.original ? null : `slot 5 is ${JSON.stringify(e)}`;
      },
    }),
    jar1Program('init_no_untyped_without_memory_pages', 'init', ['0053'], 'memory_pages 0: no UNTYPED in slot 254', manifest(0, 64, [prog(ECALLI0)]), {}, {
      exits: ['halt'], initial: (s) => (s.vms[0]?.slots.some((e) => e.slot === 254) ? 'slot 254 is occupied' : null),
    }),
    jar1Program('init_data_caps_carved_in_manifest_order', 'init', ['0053'], 'DATA entries for slot 70 (2 pages) then slot 65 (1 page): backing 0 for 70, 2 for 65', manifest(3, 64, [prog(ECALLI0), dataEntry(70, 0x40, 2), dataEntry(65, 0x20, 1)]), {}, {
      exits: ['halt'],
      initial: (s) => {
        const b = (slot: number) => { const cap = s.vms[0]?.slots.find((x) => x.slot === slot)?.cap; return cap?.kind === 'data' ? cap.backing : -1; };
        return b(70) === 0 && b(65) === 2 ? null : `backing of slot 70 = ${b(70)}, slot 65 = ${b(65)}`;
      },
    }),
  ];
  // gp programs (w3f-style): registers and memory given, run to the exit, ecalli answered by the host.
  const gp = (name: string, description: string, instrs: string[], host: [bigint, bigint][], exits: string[], regs: Record<number, bigint> = {}): Case => ({
    name, runner: 'program', profiles: ['gp'], handler: host.length > 0 ? 'host' : 'basic', edge: null, notes: [], description,
    input: () => ({
      blob: toHex(gpBlob(image(instrs))), pc: 0, gas: u64(10_000n), regs: background().map(u64), pages: [{ address: 0x20000, length: 4096, access: 'W' }], memory: [],
      host: host.map(([r7, r8]) => ({ r7: u64(r7), r8: u64(r8) })),
    }),
    check: (x) => {
      const e = x as GpProgramExpected;
      const got = e.exits.map(kindOf).join(',');
      const last = e.exits.at(-1);
      const badReg = Object.entries(regs).find(([i, v]) => last?.regs[Number(i)] !== u64(v));
      return got === exits.join(',') && badReg === undefined ? null : `exits ${got}, want ${exits.join(',')}; regs ${JSON.stringify(last?.regs)}`;
    },
  });
  c.push(gp('gp_program_halts_through_djump', 'load_imm r0 = 0xffff0000 (sign-extended), jump_ind r0: halt', [LOAD_IMM(7, 5), LOAD_IMM(0, 0xffff0000), regImm(op('jump_ind'), 0, 0)], [], ['halt'], { 7: 5n }));
  c.push(gp('gp_program_host_call_answered', 'ecalli 3 exits to the host; the answer sets φ7 = 9, φ8 = 10; add_64 r11 = r7 + r8; trap', ['0a03', threeReg(op('add_64'), 7, 8, 11), TRAP], [[9n, 10n]], ['ecalli', 'trap'], { 11: 19n }));
  c.push(gp('gp_program_store_then_fault', 'store_u8 into the RW page, then a load from an unmapped page faults', [regImm(op('store_u8'), 7, 0x20010), LOAD_U8(8, 0x30000), TRAP], [], ['fault']));
  return c;
}
