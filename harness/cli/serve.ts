/**
 * `javm serve`: one of the kit's engines as a target process (vectors/TARGET.md) on stdin/stdout, the
 * reference adapter: every profile, every case kind, the `trace` and `snapshot` features. It also
 * answers the batch protocol of `vectors verify --impl` (vectors/PROTOCOL.md): a line without `type`
 * is such a request, so one command serves both.
 */
import { createInterface } from 'node:readline';
import { checkRequest, TARGET_PROTOCOL, type HelloResponse, type RunResponse } from '../../vectors/lib/target.js';
import type { VectorExpected } from '../../vectors/lib/format.js';
import { engineByName, type Engine } from '../engines.js';
import { mutantEngine } from '../fuzz/mutants.js';
import { kitVersion } from '../version.js';
import { traceOf } from '../target/trace.js';
import { expectedOf } from '../vectors/run.js';
import type { Io } from './io.js';

export interface ServeFlags { engine: string; mutant?: string }

/** The answer to one target-protocol line; null for bye. */
export function answerLine(engine: Engine, line: string): string | null {
  const r = checkRequest(line);
  if (!r.ok) {
    // a batch-protocol request ({id, runner, profile, input}) of vectors verify --impl
    let o: { id?: unknown; runner?: unknown; profile?: unknown; input?: unknown; type?: unknown } = {};
    try {
      o = JSON.parse(line) as typeof o;
    } catch { /* not JSON: answered below */ }
    if (o.type === undefined && typeof o.id === 'number' && typeof o.runner === 'string') {
      try {
        return JSON.stringify({ id: o.id, expected: expectedOf(engine, o.runner as 'isa', o.profile as 'gp', o.input as never) });
      } catch (e) {
        return JSON.stringify({ id: o.id, error: `${engine.name} threw: ${String(e)}` });
      }
    }
    const id = typeof o.id === 'number' && Number.isSafeInteger(o.id) && o.id >= 0 ? o.id : 0;
    return JSON.stringify({ type: 'error', id, message: `bad request: ${r.problem}` } satisfies RunResponse);
  }
  const m = r.value;
  if (m.type === 'bye') return null;
  if (m.type === 'hello') {
    const hello: HelloResponse = {
      type: 'hello', protocol: TARGET_PROTOCOL, name: `javm-kit ${engine.name}`, version: kitVersion(),
      profiles: ['gp', 'jar1'], kinds: ['isa', 'program', 'decode'], features: ['trace', 'snapshot'],
    };
    return JSON.stringify(hello);
  }
  try {
    const output: VectorExpected = expectedOf(engine, m.kind, m.profile, m.input, { initial: m.snapshot === true });
    const trace = m.trace === true ? traceOf(engine, m.kind, m.profile, m.input) : undefined;
    return JSON.stringify({ type: 'result', id: m.id, output, ...(trace === undefined ? {} : { trace }) } satisfies RunResponse);
  } catch (e) {
    return JSON.stringify({ type: 'error', id: m.id, message: `${engine.name} threw: ${String(e).slice(0, 2000)}` } satisfies RunResponse);
  }
}

/** Serves requests from stdin until bye or end of input. */
export async function serveCommand(flags: ServeFlags, io: Io): Promise<number> {
  const engine = flags.mutant === undefined ? engineByName(flags.engine) : mutantEngine(flags.mutant);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const answer = answerLine(engine, line);
    if (answer === null) break;
    io.out(answer);
  }
  lines.close();
  return 0;
}
