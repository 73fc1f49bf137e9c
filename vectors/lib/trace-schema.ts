/**
 * The JSON Schema of a `javm trace --json` line (vectors/TRACE.md): a step record or the summary
 * that ends the trace. Written to vectors/schema/trace.schema.json by `npm run vectors`.
 */

const u32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const u64 = { type: 'string', pattern: '^0x(0|[1-9a-f][0-9a-f]*)$' };

function obj(required: Record<string, unknown>, optional: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(required), properties: { ...required, ...optional } };
}

const exit = obj({ kind: { enum: ['halt', 'trap', 'panic', 'oog', 'fault', 'ecalli', 'ecall', 'protocol'] } }, { address: u64, id: u32, value: u64 });

const step = obj(
  {
    step: { type: 'integer', minimum: 0 }, vm: u32, depth: u32, pc: u32, op: { type: 'integer', minimum: 0, maximum: 255 },
    opName: { type: 'string', pattern: '^[a-z0-9_? ]+$' }, operands: { type: 'string', pattern: '^[0-9a-z@, -]*$' }, gas: u64, gasCost: u64, gasAfter: u64,
  },
  {
    regs: { type: 'array', items: u64, minItems: 13, maxItems: 13 },
    written: { type: 'object', additionalProperties: false, patternProperties: { '^([0-9]|1[0-2])$': u64 } },
    mem: obj({ address: u32, bytes: { type: 'string', pattern: '^([0-9a-f]{2}|\\?\\?)+$' } }),
    kernel: obj({
      cause: { enum: ['ecalli', 'ecall', 'halt', 'trap', 'panic', 'oog', 'fault'] }, arg: u32, name: { type: 'string' },
      active: u32, depth: u32, gas: u64, r7: u64, r8: u64,
    }),
    exit,
    error: { const: 'out of gas' },
  },
);

const summary = obj({
  summary: obj(
    {
      engine: { type: 'string' }, profile: { enum: ['jar1', 'gp'] }, exit: { oneOf: [exit, { type: 'null' }] },
      steps: { type: 'integer', minimum: 0 }, records: { type: 'integer', minimum: 0 }, gasUsed: u64, gasLeft: u64,
    },
    { note: { type: 'string' } },
  ),
});

/** The schema of one line of a JSON-lines trace. */
export const TRACE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://javm-kit.invalid/vectors/schema/trace.schema.json',
  title: 'JAVM trace: one line of `javm trace --json` (see vectors/TRACE.md)',
  oneOf: [step, summary],
} as const;
