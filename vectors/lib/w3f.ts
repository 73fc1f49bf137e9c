/**
 * Reader for the Web3 Foundation PVM test vectors (Gray Paper profile, `../shared/vectors/w3f-pvm`).
 * Registers and gas reach 2^64-1 as bare JSON numbers, so the file is parsed with big numbers kept
 * exactly, then checked against the format with ajv, then converted to plain typed values.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import JSONbig from 'json-bigint';
import type { MemoryChunk, PageRange } from './types.js';

export type W3fStatus = 'panic' | 'halt' | 'page-fault';

export interface W3fCase {
  readonly name: string;
  readonly initialRegs: readonly bigint[];
  readonly initialPc: number;
  readonly initialPages: readonly PageRange[];
  readonly initialMemory: readonly MemoryChunk[];
  readonly initialGas: bigint;
  readonly program: Uint8Array;
  readonly expectedStatus: W3fStatus;
  readonly expectedRegs: readonly bigint[];
  readonly expectedPc: number;
  readonly expectedMemory: readonly MemoryChunk[];
  readonly expectedGas: bigint;
  readonly expectedPageFaultAddress?: number;
}

/** A w3f file that could not be read: names the file and what is wrong. */
export class W3fFormatError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'W3fFormatError';
  }
}

const u64 = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]+$' }] };
const i64 = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }] };
const u32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const u8 = { type: 'integer', minimum: 0, maximum: 255 };
const regs = { type: 'array', items: u64, minItems: 13, maxItems: 13 };
const chunks = {
  type: 'array',
  items: {
    type: 'object',
    required: ['address', 'contents'],
    properties: { address: u32, contents: { type: 'array', items: u8 } },
  },
};

/** JSON Schema of one w3f case, as read with big numbers kept as decimal strings. */
export const W3F_SCHEMA = {
  type: 'object',
  required: [
    'name', 'initial-regs', 'initial-pc', 'initial-page-map', 'initial-memory', 'initial-gas', 'program',
    'expected-status', 'expected-regs', 'expected-pc', 'expected-memory', 'expected-gas',
  ],
  properties: {
    name: { type: 'string' },
    'initial-regs': regs,
    'initial-pc': u32,
    'initial-page-map': {
      type: 'array',
      items: {
        type: 'object',
        required: ['address', 'length', 'is-writable'],
        properties: { address: u32, length: u32, 'is-writable': { type: 'boolean' } },
      },
    },
    'initial-memory': chunks,
    'initial-gas': i64,
    program: { type: 'array', items: u8 },
    'expected-status': { enum: ['panic', 'halt', 'page-fault'] },
    'expected-regs': regs,
    'expected-pc': u32,
    'expected-memory': chunks,
    'expected-gas': i64,
    'expected-page-fault-address': u32,
  },
} as const;

const ajv = new Ajv({ allErrors: false });
const validate = ajv.compile(W3F_SCHEMA);
const parser = JSONbig({ storeAsString: true });

interface RawChunk { address: number; contents: number[] }
interface RawPage { address: number; length: number; 'is-writable': boolean }
interface RawCase {
  name: string;
  'initial-regs': (number | string)[];
  'initial-pc': number;
  'initial-page-map': RawPage[];
  'initial-memory': RawChunk[];
  'initial-gas': number | string;
  program: number[];
  'expected-status': W3fStatus;
  'expected-regs': (number | string)[];
  'expected-pc': number;
  'expected-memory': RawChunk[];
  'expected-gas': number | string;
  'expected-page-fault-address'?: number;
}

const chunk = (c: RawChunk): MemoryChunk => ({ address: c.address, bytes: Uint8Array.from(c.contents) });

/** Parses the text of one w3f case; `file` names it in errors. Throws W3fFormatError on bad input. */
export function parseW3f(text: string, file: string): W3fCase {
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (e) {
    throw new W3fFormatError(file, `not valid JSON (${(e as { message?: string }).message ?? String(e)})`);
  }
  if (!validate(raw)) {
    const err = validate.errors?.[0];
    const where = err?.instancePath ? `field ${err.instancePath}` : 'top level';
    throw new W3fFormatError(file, `${where} ${err?.message ?? 'does not match the w3f PVM format'}`);
  }
  const r = raw as RawCase;
  for (const p of r['initial-page-map']) {
    if (p.address % 4096 !== 0 || p.length % 4096 !== 0 || p.address + p.length > 2 ** 32) {
      throw new W3fFormatError(file, `field /initial-page-map: range ${p.address}+${p.length} is not page aligned inside 2^32`);
    }
  }
  const result: W3fCase = {
    name: r.name,
    initialRegs: r['initial-regs'].map((v) => BigInt(v)),
    initialPc: r['initial-pc'],
    initialPages: r['initial-page-map'].map((p) => ({ address: p.address, length: p.length, access: p['is-writable'] ? 'W' : 'R' })),
    initialMemory: r['initial-memory'].map(chunk),
    initialGas: BigInt(r['initial-gas']),
    program: Uint8Array.from(r.program),
    expectedStatus: r['expected-status'],
    expectedRegs: r['expected-regs'].map((v) => BigInt(v)),
    expectedPc: r['expected-pc'],
    expectedMemory: r['expected-memory'].map(chunk),
    expectedGas: BigInt(r['expected-gas']),
  };
  const fault = r['expected-page-fault-address'];
  return fault === undefined ? result : { ...result, expectedPageFaultAddress: fault };
}

/** Reads one w3f case file. Throws W3fFormatError naming the file on any problem. */
export function readW3f(file: string): W3fCase {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new W3fFormatError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseW3f(text, file);
}
