/**
 * One JSON Schema (draft-07, as ajv checks it) per runner, and the reader that checks a
 * vector file against its runner's schema. The generator writes these objects to
 * vectors/schema/<runner>.schema.json so consumers in any language can validate the files too.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { RUNNERS, type Runner, type Vector } from './format.js';
import { HEX_PATTERN, U64_PATTERN } from './hex.js';

const u64 = { type: 'string', pattern: U64_PATTERN, description: 'u64 as lowercase hex without leading zeros' };
const u32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const u8 = { type: 'integer', minimum: 0, maximum: 255 };
const hex = { type: 'string', pattern: HEX_PATTERN, description: 'bytes as lowercase hex' };
const regs = { type: 'array', items: u64, minItems: 13, maxItems: 13 };
const access = { enum: ['R', 'W'] };

/** An object schema whose keys are all required and no others allowed. */
function obj(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

const code = obj({ code: hex, bitmask: { type: 'string', pattern: '^[01]*$' }, jumpTable: { type: 'array', items: u32 } });
const pages = { type: 'array', items: obj({ address: u32, length: u32, access }) };
const memory = { type: 'array', items: obj({ address: u32, bytes: hex }) };
const coreExit = {
  oneOf: [
    obj({ kind: { enum: ['halt', 'trap', 'panic', 'oog', 'ecall'] } }),
    obj({ kind: { const: 'fault' }, address: u64 }),
    obj({ kind: { const: 'ecalli' }, id: u32 }),
  ],
};
const kernelExit = {
  oneOf: [
    obj({ kind: { enum: ['panic', 'oog'] } }),
    obj({ kind: { const: 'halt' }, value: u64 }),
    obj({ kind: { const: 'fault' }, address: u64 }),
    obj({ kind: { const: 'protocol' }, id: u32 }),
  ],
};
const nullable = (s: unknown): unknown => ({ oneOf: [{ type: 'null' }, s] });

const cap = {
  oneOf: [
    obj({ kind: { const: 'untyped' } }),
    obj({ kind: { const: 'data' }, backing: u32, pages: u32, base: nullable(u32), access: nullable(access), mapped: { type: 'array', items: u32 } }),
    obj({ kind: { enum: ['code', 'protocol'] }, id: u32 }),
    obj({ kind: { enum: ['handle', 'callable'] }, vm: u32, maxGas: nullable(u64) }),
  ],
};
const snapshot = obj({
  vms: {
    type: 'array',
    items: obj({
      id: u32, status: { enum: ['idle', 'running', 'waiting', 'halted', 'faulted'] }, code: u32, pc: u32, gas: u64, regs, blockPaid: { type: 'boolean' },
      slots: { type: 'array', items: obj({ slot: u8, cap, original: { type: 'boolean' } }) },
    }),
  },
  nextVmId: u32,
  active: u32,
  stack: { type: 'array', items: obj({ caller: u32, ipcSlot: nullable(u8), ipcMapped: nullable({ type: 'array', items: u32 }), ipcCap: nullable(obj({ backing: u32, pages: u32 })) }) },
  code: { type: 'array', items: code },
  untyped: obj({ offset: u32, total: u32 }),
  backing: { type: 'array', items: obj({ page: u32, bytes: { type: 'string', pattern: '^[0-9a-f]{8192}$' } }) },
  memCycles: u32,
});
// r7, r8 required; memory writes and a gas charge optional (old answers stay valid; spec-notes/0063, 0064).
const hostAnswer = { type: 'object', additionalProperties: false, required: ['r7', 'r8'], properties: { r7: u64, r8: u64, memory, charge: u64 } };
const hostAnswers = { type: 'array', items: hostAnswer };
// A program step's exit: a core exit (gp) or a kernel exit (jar1); the fault shape is shared, so anyOf.
const step = obj({ exit: nullable({ anyOf: [...coreExit.oneOf, kernelExit.oneOf[1], kernelExit.oneOf[3]] }), vm: u32, pc: u32, gas: u64, regs });

/** The envelope shared by all runners, with the runner's input and expected schemas. */
function envelope(runner: Runner, profile: unknown, input: unknown, expected: unknown): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://javm-kit.invalid/vectors/schema/${runner}.schema.json`,
    title: `JAVM conformance vector: ${runner} runner (see vectors/${runner}.md)`,
    ...obj({
      name: { type: 'string', pattern: '^[a-z0-9_]+$' },
      runner: { const: runner },
      profile,
      handler: { type: 'string', pattern: '^[a-z0-9_]+$' },
      edge: nullable({ type: 'string', pattern: '^[a-z0-9_]+$' }),
      notes: { type: 'array', items: { type: 'string', pattern: '^[0-9]{4}$' } },
      description: { type: 'string' },
      input,
      expected,
    }),
  };
}

const both = { enum: ['gp', 'jar1'] };

const gpProgramInput = obj({ blob: hex, pc: u32, gas: u64, regs, pages, memory, host: hostAnswers });
const jar1ProgramInput = obj({ blob: hex, gas: u64, reg7: u64, args: hex, host: hostAnswers });
const gpProgramExpected = obj({ exits: { type: 'array', items: step }, pages, memory });
const jar1ProgramFields = { accepted: { type: 'boolean' }, class: nullable({ type: 'string' }), initGas: u64, exits: { type: 'array', items: step } };

/** The `input` schema of each runner (also what the target protocol sends, vectors/TARGET.md). */
export const INPUT_SCHEMAS: Readonly<Record<Runner, Record<string, unknown>>> = {
  decode: obj({ format: { enum: ['gp_deblob', 'code_blob', 'jar_manifest'] }, blob: hex }),
  isa: obj({ code, memoryPages: u32, pc: u32, gas: u64, regs, pages, memory }),
  program: { oneOf: [gpProgramInput, jar1ProgramInput] },
  kernel: obj({ pre: snapshot }),
};

const EXPECTED_SCHEMAS: Readonly<Record<Runner, Record<string, unknown>>> = {
  decode: obj({ accepted: { type: 'boolean' }, class: nullable({ type: 'string' }), image: nullable(code) }),
  isa: obj({ exit: nullable(coreExit), pc: u32, gas: u64, regs, pages, memory }),
  program: { oneOf: [gpProgramExpected, obj({ accepted: jar1ProgramFields.accepted, class: jar1ProgramFields.class, initGas: u64, initial: nullable(snapshot), exits: jar1ProgramFields.exits })] },
  kernel: obj({ exit: nullable(kernelExit), post: snapshot }),
};

/**
 * What an implementation answers for each runner: `expected`'s shape, except that a jar1 program answer
 * may leave out `initial` (a kernel snapshot: only engines that can snapshot give it, program.md).
 */
export const OUTPUT_SCHEMAS: Readonly<Record<Runner, Record<string, unknown>>> = {
  ...EXPECTED_SCHEMAS,
  program: { oneOf: [gpProgramExpected, { ...obj(jar1ProgramFields), properties: { ...jar1ProgramFields, initial: nullable(snapshot) } }] },
};

export const SCHEMAS: Readonly<Record<Runner, Record<string, unknown>>> = {
  decode: envelope('decode', both, INPUT_SCHEMAS.decode, EXPECTED_SCHEMAS.decode),
  isa: envelope('isa', both, INPUT_SCHEMAS.isa, EXPECTED_SCHEMAS.isa),
  program: envelope('program', both, INPUT_SCHEMAS.program, EXPECTED_SCHEMAS.program),
  kernel: envelope('kernel', { const: 'jar1' }, INPUT_SCHEMAS.kernel, EXPECTED_SCHEMAS.kernel),
};

/** A vector file that does not match the format: names the file, the field and what was expected. */
export class VectorFormatError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'VectorFormatError';
  }
}

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<Runner, ValidateFunction>(RUNNERS.map((r) => [r, ajv.compile(SCHEMAS[r])]));

/** Checks parsed JSON against the schema of its runner; returns it typed, or throws VectorFormatError. */
export function checkVector(raw: unknown, file: string): Vector {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new VectorFormatError(file, 'top level: expected an object');
  const runner = (raw as { runner?: unknown }).runner;
  const validate = validators.get(runner as Runner);
  if (validate === undefined) throw new VectorFormatError(file, `field /runner: expected one of ${RUNNERS.join(', ')}, got ${JSON.stringify(runner)}`);
  if (!validate(raw)) {
    // oneOf reports its branches' errors; the deepest path is the most useful one to show.
    const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    const e = errors[0];
    const where = e?.instancePath ? `field ${e.instancePath}` : 'top level';
    const extra = e?.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : '';
    const allowed = e?.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    throw new VectorFormatError(file, `${where} ${e?.message ?? 'does not match'}${extra}${allowed} (${runner} schema)`);
  }
  const v = raw as unknown as Vector;
  const problem = semanticProblem(v);
  if (problem !== null) throw new VectorFormatError(file, `${problem} (${runner} vector)`);
  return v;
}

type CodeLike = { code: string; bitmask: string };
type PagesLike = readonly { address: number; length: number }[];

/** Rules a JSON Schema cannot state: bitmask lengths, page alignment, indices that must exist. */
function semanticProblem(v: Vector): string | null {
  const code = (c: CodeLike, at: string): string | null =>
    (c.bitmask.length === c.code.length / 2 ? null : `field ${at}/bitmask has ${c.bitmask.length} entries for ${c.code.length / 2} code bytes`);
  const pages = (p: PagesLike, at: string): string | null => {
    const k = p.findIndex((r) => r.address % 4096 !== 0 || r.length % 4096 !== 0 || r.address + r.length > 2 ** 32);
    return k < 0 ? null : `field ${at}/${k}: range ${p[k]?.address}+${p[k]?.length} is not page aligned inside 2^32`;
  };
  const input = v.input as unknown as Record<string, unknown>;
  if (v.runner === 'isa') return code(input.code as CodeLike, '/input/code') ?? pages(input.pages as PagesLike, '/input/pages');
  if (v.runner === 'program' && v.profile === 'gp') return pages(input.pages as PagesLike, '/input/pages');
  if (v.runner === 'kernel') {
    const pre = input.pre as { vms: { id: number; code: number }[]; active: number; code: CodeLike[] };
    if (!pre.vms.some((x) => x.id === pre.active)) return `field /input/pre/active: VM ${pre.active} is not in /input/pre/vms`;
    const bad = pre.vms.findIndex((x) => x.code >= pre.code.length);
    if (bad >= 0) return `field /input/pre/vms/${bad}/code: ${pre.vms[bad]?.code} is not an index of /input/pre/code`;
    for (const [k, c] of pre.code.entries()) {
      const p = code(c, `/input/pre/code/${k}`);
      if (p !== null) return p;
    }
  }
  return null;
}

/** Parses and checks the text of a vector file. */
export function parseVector(text: string, file: string): Vector {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new VectorFormatError(file, `not valid JSON (${(e as Error).message})`);
  }
  return checkVector(raw, file);
}

/** Reads and checks one vector file. */
export function readVector(file: string): Vector {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new VectorFormatError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseVector(text, file);
}

/** The text of a schema file. */
export const schemaText = (r: Runner): string => `${JSON.stringify(SCHEMAS[r], null, 2)}\n`;
