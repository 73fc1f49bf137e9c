/**
 * The target protocol (vectors/TARGET.md): how the kit drives a long-lived process that implements
 * JAVM or the PVM, for fuzzing (`javm fuzz --target`) and for vectors (`javm vectors verify --target`).
 * Plain message types, their JSON Schemas, and a checker that names the field at fault. One line of
 * JSON per message each way; a request's `input` and a result's `output` are exactly a vector's
 * `input` and `expected` for the same runner (README.md), so every case is a vector and back.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Runner, VectorExpected, VectorInput } from './format.js';
import { OUTPUT_SCHEMAS, INPUT_SCHEMAS } from './schema.js';
import type { Profile } from './types.js';

/** The protocol version this kit speaks. A target answering another version is refused at the handshake. */
export const TARGET_PROTOCOL = 1;

/** Case kinds: the vector runners a target can be asked to run (the kernel runner needs a snapshot importer, so it is not offered). */
export type CaseKind = Exclude<Runner, 'kernel'>;
export const CASE_KINDS: readonly CaseKind[] = ['decode', 'isa', 'program'];

/**
 * Optional features a target may announce:
 * - `trace`: on a request with `"trace": true`, the result carries `trace`, one record per instruction
 *   started (TraceRecord), so the kit can name the first instruction where target and model differ.
 * - `snapshot`: on a jar1 `program` request with `"snapshot": true`, the result carries `initial`, the
 *   kernel snapshot right after load (kernel.md); the kit asks for it only when running vectors.
 */
export type TargetFeature = 'trace' | 'snapshot';
export const TARGET_FEATURES: readonly TargetFeature[] = ['trace', 'snapshot'];

// ---- kit -> target ----
export interface HelloRequest { readonly type: 'hello'; readonly protocol: number; readonly kit: string }
export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  readonly kind: CaseKind;
  readonly profile: Profile;
  readonly input: VectorInput;
  /** Only to targets that announced `trace`. */
  readonly trace?: boolean;
  /** Only to targets that announced `snapshot`. */
  readonly snapshot?: boolean;
}
export interface ByeRequest { readonly type: 'bye' }
export type TargetRequest = HelloRequest | RunRequest | ByeRequest;

// ---- target -> kit ----
export interface HelloResponse {
  readonly type: 'hello';
  readonly protocol: number;
  readonly name: string;
  readonly version: string;
  readonly profiles: readonly Profile[];
  readonly kinds: readonly CaseKind[];
  readonly features: readonly TargetFeature[];
}
/** One instruction as the target started it: the state before it runs. */
export interface TraceRecord {
  readonly vm: number;
  readonly pc: number;
  readonly gas: string;
  readonly regs: readonly string[];
}
export interface ResultResponse {
  readonly type: 'result';
  readonly id: number;
  readonly output: VectorExpected;
  readonly trace?: readonly TraceRecord[];
}
export interface UnsupportedResponse { readonly type: 'unsupported'; readonly id: number; readonly reason: string }
export interface ErrorResponse { readonly type: 'error'; readonly id: number; readonly message: string }
export type RunResponse = ResultResponse | UnsupportedResponse | ErrorResponse;

const u32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const u64 = { type: 'string', pattern: '^0x(0|[1-9a-f][0-9a-f]*)$' };
const str = { type: 'string', maxLength: 4096 };
const profiles = { type: 'array', items: { enum: ['gp', 'jar1'] }, uniqueItems: true };

function obj(required: Record<string, unknown>, optional: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(required), properties: { ...required, ...optional } };
}

const traceRecord = obj({ vm: u32, pc: u32, gas: u64, regs: { type: 'array', items: u64, minItems: 13, maxItems: 13 } });

/** One output schema per kind, any profile: the runner's `expected`, where jar1 program `initial` may be left out. */
const output = { oneOf: CASE_KINDS.map((k) => OUTPUT_SCHEMAS[k]) };

/** JSON Schemas of the messages (written to vectors/schema/target-*.schema.json). */
export const TARGET_SCHEMAS = {
  request: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://javm-kit.invalid/vectors/schema/target-request.schema.json',
    title: 'JAVM target protocol: a message from the kit to the target (see vectors/TARGET.md)',
    oneOf: [
      obj({ type: { const: 'hello' }, protocol: { const: TARGET_PROTOCOL }, kit: str }),
      obj({ type: { const: 'run' }, id: u32, kind: { enum: [...CASE_KINDS] }, profile: { enum: ['gp', 'jar1'] }, input: { oneOf: CASE_KINDS.map((k) => INPUT_SCHEMAS[k]) } }, { trace: { type: 'boolean' }, snapshot: { type: 'boolean' } }),
      obj({ type: { const: 'bye' } }),
    ],
  },
  hello: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://javm-kit.invalid/vectors/schema/target-hello.schema.json',
    title: "JAVM target protocol: the target's handshake answer (see vectors/TARGET.md)",
    ...obj({
      type: { const: 'hello' }, protocol: { type: 'integer' }, name: { type: 'string', minLength: 1, maxLength: 200 }, version: { type: 'string', maxLength: 200 },
      profiles, kinds: { type: 'array', items: { enum: [...CASE_KINDS] }, uniqueItems: true },
      features: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    }),
  },
  response: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://javm-kit.invalid/vectors/schema/target-response.schema.json',
    title: "JAVM target protocol: the target's answer to one run request (see vectors/TARGET.md)",
    oneOf: [
      obj({ type: { const: 'result' }, id: u32, output }, { trace: { type: 'array', items: traceRecord } }),
      obj({ type: { const: 'unsupported' }, id: u32, reason: str }),
      obj({ type: { const: 'error' }, id: u32, message: str }),
    ],
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validators: Record<keyof typeof TARGET_SCHEMAS, ValidateFunction> = {
  request: ajv.compile(TARGET_SCHEMAS.request),
  hello: ajv.compile(TARGET_SCHEMAS.hello),
  response: ajv.compile(TARGET_SCHEMAS.response),
};

/** A line from a target that is not a valid message: why, in one line. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function check<T>(which: keyof typeof TARGET_SCHEMAS, line: string): Checked<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { ok: false, problem: `not JSON (${(e as Error).message}): ${JSON.stringify(line.slice(0, 80))}` };
  }
  const validate = validators[which];
  if (validate(raw)) return { ok: true, value: raw as T };
  const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  const e = errors[0];
  const extra = e?.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : '';
  const allowed = e?.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
  return { ok: false, problem: `${e?.instancePath ? `field ${e.instancePath}` : 'top level'} ${e?.message ?? 'does not match'}${extra}${allowed} (${which} schema): ${JSON.stringify(line.slice(0, 80))}` };
}

/** Checks the target's handshake line. */
export const checkHello = (line: string): Checked<HelloResponse> => check<HelloResponse>('hello', line);
/** Checks a target's answer to a run request (shape only; the id and kind are the caller's to match). */
export const checkResponse = (line: string): Checked<RunResponse> => check<RunResponse>('response', line);
/** Checks a request line (for adapters written in TypeScript, and for the tests). */
export const checkRequest = (line: string): Checked<TargetRequest> => check<TargetRequest>('request', line);

/** The handshake line the kit sends. */
export const helloLine = (kit: string): string => JSON.stringify({ type: 'hello', protocol: TARGET_PROTOCOL, kit } satisfies HelloRequest);
/** The request line of one case. */
export const runLine = (r: Omit<RunRequest, 'type'>): string =>
  JSON.stringify({ type: 'run', id: r.id, kind: r.kind, profile: r.profile, input: r.input, ...(r.trace ? { trace: true } : {}), ...(r.snapshot ? { snapshot: true } : {}) } satisfies RunRequest);
export const BYE_LINE = JSON.stringify({ type: 'bye' } satisfies ByeRequest);
