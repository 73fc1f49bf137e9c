/**
 * A trace of an external implementation through the target protocol's `trace` feature
 * (vectors/TARGET.md): one request with `"trace": true`, and the target's records (the state before
 * each instruction started) turned into trace records. A target's records say less than an engine's
 * (no memory, no kernel transitions, no out-of-gas records): what they lack is left out, and a diff
 * compares only what both sides have (harness/trace/diff.ts).
 */
import { parseJarBlob } from '../../model/index.js';
import { fromHex, type GpProgramInput, type IsaInput, type Jar1ProgramInput } from '../../vectors/lib/format.js';
import type { TraceRecord } from '../../vectors/lib/target.js';
import type { CodeImage } from '../../vectors/lib/types.js';
import { parseCode } from '../../model/index.js';
import { codeFrom } from '../../vectors/lib/format.js';
import { UsageError } from '../engines.js';
import { Target } from '../target/client.js';
import { kitName } from '../version.js';
import type { TargetCase } from './case.js';
import { codeInfo } from './code-info.js';
import type { StepRecord, TraceSummary } from './record.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The code a target's VM runs, where the case says it: the core's image, or the only CODE cap of a jar1 blob. */
function imageOf(c: TargetCase): CodeImage | null {
  if (c.kind === 'isa') return codeFrom((c.input as IsaInput).code);
  if (c.profile === 'gp') {
    const r = parseCode('gp', fromHex((c.input as GpProgramInput).blob));
    return r.ok ? r.value : null;
  }
  const p = parseJarBlob(fromHex((c.input as Jar1ProgramInput).blob));
  if (!p.ok) return null;
  const codes = p.value.caps.filter((cap) => cap.type === 'code');
  return codes.length === 1 && codes[0]?.type === 'code' ? codes[0].image : null;
}

/** Trace records from a target's records: written registers and gas after from the next record of the same VM. */
export function recordsFromTarget(c: TargetCase, trace: readonly TraceRecord[]): StepRecord[] {
  const image = imageOf(c);
  const info = image === null ? null : codeInfo(image);
  const out: StepRecord[] = [];
  trace.forEach((t, k) => {
    const next = trace[k + 1];
    const prev = trace[k - 1];
    const sameNext = next !== undefined && next.vm === t.vm;
    const gasAfter = sameNext ? next.gas : t.gas;
    const r: Mutable<StepRecord> = {
      step: k, vm: t.vm, depth: 0, pc: t.pc, op: info?.op[t.pc] ?? 0, opName: info === null ? '?' : info.opName[t.pc] ?? 'trap', operands: info?.operands[t.pc] ?? '',
      gas: t.gas, gasCost: `0x${(BigInt(t.gas) - BigInt(gasAfter)).toString(16)}`, gasAfter,
      written: sameNext ? next.regs.flatMap((v, i) => (v !== t.regs[i] ? [[i, v] as const] : [])) : [],
    };
    if (prev === undefined || prev.vm !== t.vm) r.regs = [...t.regs];
    out.push(r);
  });
  return out;
}

/** Runs the case on a target with tracing; the records and a summary, or a usage error saying why not. */
export async function traceTarget(command: string, c: TargetCase, timeoutMs = 30_000): Promise<{ records: StepRecord[]; summary: TraceSummary }> {
  const t = new Target(command, { timeoutMs, handshakeMs: 10_000, kit: kitName() });
  try {
    const hello = await t.start().catch((e: Error) => { throw new UsageError(`--target: ${e.message}`); });
    if (!hello.features.includes('trace')) throw new UsageError(`--target: ${hello.name} ${hello.version} does not announce the trace feature (vectors/TARGET.md)`);
    if (!t.supports(c)) throw new UsageError(`--target: ${hello.name} does not run ${c.profile} ${c.kind} cases`);
    const a = await t.run(c, { trace: true });
    if (a.kind !== 'result') throw new UsageError(`--target: ${hello.name} answered ${a.kind}: ${'reason' in a ? a.reason : 'message' in a ? a.message : a.detail}`);
    const records = recordsFromTarget(c, a.trace ?? []);
    const first = records[0];
    const lastRec = records.at(-1);
    return {
      records,
      summary: {
        engine: `${hello.name} ${hello.version}`, profile: c.profile, exit: null, steps: records.length, records: records.length,
        gasUsed: first && lastRec ? `0x${(BigInt(first.gas) - BigInt(lastRec.gasAfter)).toString(16)}` : '0x0', gasLeft: lastRec?.gasAfter ?? '0x0',
        note: 'a target trace: the state before each instruction only (no memory, kernel transitions or exit per record)',
      },
    };
  } finally {
    await t.close();
  }
}
