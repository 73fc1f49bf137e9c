/**
 * program cases for the host's full answer to a protocol call (spec-notes/0063, 0064): memory
 * writes the program reads back, writes the active VM's pages do not allow (unmapped, read-only,
 * crossing into an unmapped page), and gas charges (one beyond the gas left, one the next exit's gas
 * shows). Each case says by hand what must follow (`check`).
 */
import { toHex, u64, type GpProgramExpected, type HostAnswerJson, type Jar1ProgramExpected, type ProgramStepJson } from '../lib/format.js';
import { gpBlob, image, manifest, op, regImm, TRAP, codeBlob, type ManifestCap } from './asm.js';
import type { Case } from './case.js';
import { background } from './isa.js';

const ECALLI = (id: number): string => `0a${id.toString(16).padStart(2, '0')}`;
const REPLY = ECALLI(0);
const GAS = ECALLI(1); // protocol cap 1 (GAS) sits in slot 1 after init (spec-notes/0053)
const LOAD_U32 = (r: number, address: number): string => regImm(op('load_u32'), r, address);
const kinds = (e: readonly ProgramStepJson[]): string => e.map((s) => s.exit?.kind ?? 'none').join(',');
const root = (...instrs: string[]): ManifestCap => ({ slot: 64, type: 0, data: codeBlob(image(instrs)) });
/** A one-page DATA cap at page 0x20 (address 0x20000), read-write unless `access` is 0. */
const page20 = (access = 1): ManifestCap => ({ slot: 65, type: 1, basePage: 0x20, pageCount: 1, access, data: new Uint8Array() });
const answer = (memory: { address: number; bytes: string }[] = [], charge?: bigint): HostAnswerJson =>
  ({ r7: '0x0', r8: '0x0', ...(memory.length > 0 ? { memory } : {}), ...(charge !== undefined ? { charge: u64(charge) } : {}) });

interface Want {
  readonly exits: string;
  readonly haltValue?: bigint;
  /** An extra hand-derived condition on the exits; null when it holds. */
  readonly also?: (e: readonly ProgramStepJson[]) => string | null;
}

function jar1Host(name: string, notes: string[], description: string, blob: Uint8Array, host: HostAnswerJson[], want: Want, gas = 1_000_000n): Case {
  return {
    name, runner: 'program', profiles: ['jar1'], handler: 'host', edge: null, notes, description,
    input: () => ({ blob: toHex(blob), gas: u64(gas), reg7: '0x0', args: '', host }),
    check: (x) => {
      const e = (x as Jar1ProgramExpected).exits;
      if (kinds(e) !== want.exits) return `exits ${kinds(e)}, want ${want.exits}`;
      const last = e.at(-1)?.exit;
      if (want.haltValue !== undefined && !(last?.kind === 'halt' && 'value' in last && last.value === u64(want.haltValue))) return `last exit ${JSON.stringify(last)}, want halt ${u64(want.haltValue)}`;
      return want.also?.(e) ?? null;
    },
  };
}

function gpHost(name: string, description: string, instrs: string[], host: HostAnswerJson[], exits: string, r7?: bigint): Case {
  return {
    name, runner: 'program', profiles: ['gp'], handler: 'host', edge: null, notes: ['0063'], description,
    input: () => ({
      blob: toHex(gpBlob(image(instrs))), pc: 0, gas: u64(10_000n), regs: background().map(u64), pages: [{ address: 0x20000, length: 4096, access: 'W' }], memory: [], host,
    }),
    check: (x) => {
      const e = (x as GpProgramExpected).exits;
      if (kinds(e) !== exits) return `exits ${kinds(e)}, want ${exits}`;
      return r7 === undefined || e.at(-1)?.regs[7] === u64(r7) ? null : `r7 = ${e.at(-1)?.regs[7]}, want ${u64(r7)}`;
    },
  };
}

/** The host-answer cases (registered in ./index.ts). */
export function hostCases(): Case[] {
  const readBack = [GAS, LOAD_U32(7, 0x20000), REPLY];
  const write = (address: number, bytes: string): HostAnswerJson => answer([{ address, bytes }]);
  return [
    jar1Host('host_write_read_back', ['0063'], 'GAS exits to the host, whose answer writes efbeadde at 0x20000 (a RW page); load_u32 reads it back and REPLY halts with 0xdeadbeef',
      manifest(1, 64, [root(...readBack), page20()]), [write(0x20000, 'efbeadde')], { exits: 'protocol,halt', haltValue: 0xdeadbeefn }),
    jar1Host('host_writes_apply_in_order', ['0063'], 'two writes to 0x20000: 11223344, then aabb over its first two bytes; the read-back is 0x4433bbaa',
      manifest(1, 64, [root(...readBack), page20()]), [answer([{ address: 0x20000, bytes: '11223344' }, { address: 0x20000, bytes: 'aabb' }])], { exits: 'protocol,halt', haltValue: 0x4433bbaan }),
    jar1Host('host_write_unmapped_page_panics', ['0063'], 'the answer writes at 0x30000, which no DATA cap maps: the invocation ends with panic',
      manifest(1, 64, [root(...readBack), page20()]), [write(0x30000, '01')], { exits: 'protocol,panic' }),
    jar1Host('host_write_read_only_page_panics', ['0063'], 'the answer writes at 0x20000, mapped read-only: panic, nothing written',
      manifest(1, 64, [root(...readBack), page20(0)]), [write(0x20000, '01')], { exits: 'protocol,panic' }),
    jar1Host('host_write_crossing_into_unmapped_page_panics', ['0063'], 'two bytes at 0x20fff: the second lies on page 0x21, unmapped: panic',
      manifest(1, 64, [root(...readBack), page20()]), [write(0x20fff, '0102')], { exits: 'protocol,panic' }),
    jar1Host('host_empty_write_anywhere_is_allowed', ['0063'], 'a write of no bytes at 0x30000 (unmapped) touches no page: the run goes on and halts with 0',
      manifest(1, 64, [root(...readBack), page20()]), [write(0x30000, '')], { exits: 'protocol,halt', haltValue: 0n }),
    jar1Host('host_charge_beyond_gas_left_oog', ['0064'], 'the answer charges 2^64-1 gas: gas saturates at 0 and the next block runs out of gas',
      manifest(0, 64, [root(GAS, REPLY)]), [answer([], 0xffffffffffffffffn)], { exits: 'protocol,oog' }),
    jar1Host('host_charge_then_gas_read', ['0064'], 'GAS twice, the first answer charging 1000: the second exit has 1000 gas less than the first block cost alone explains',
      manifest(0, 64, [root(GAS, GAS, REPLY)]), [answer([], 1000n), answer()], {
        exits: 'protocol,protocol,halt',
        also: (e) => {
          // both GAS blocks are the same one instruction, so each costs what the first did: 1,000,000 - gas at exit 0
          const g0 = BigInt(e[0]?.gas ?? '0x0');
          const g1 = BigInt(e[1]?.gas ?? '0x0');
          const block = 1_000_000n - g0;
          return g0 - g1 === 1000n + block ? null : `gas ${g0} then ${g1}: want a drop of 1000 + ${block}`;
        },
      }),
    gpHost('gp_host_write_read_back', 'ecalli 3; the answer writes efbeadde at 0x20000 (the RW page); load_u32 r7 reads it back; trap',
      [ECALLI(3), LOAD_U32(7, 0x20000), TRAP], [write(0x20000, 'efbeadde')], 'ecalli,trap', 0xdeadbeefn),
    gpHost('gp_host_write_unmapped_panics', 'ecalli 3; the answer writes at 0x30000, not mapped: the run ends with panic',
      [ECALLI(3), LOAD_U32(7, 0x20000), TRAP], [write(0x30000, '01')], 'ecalli,panic'),
  ];
}
