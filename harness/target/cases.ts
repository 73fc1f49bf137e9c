/**
 * From the fuzzer's generated cases to target-protocol cases (vector inputs), the model's answer for
 * them, and the judgement of a target's answer. A generated case becomes:
 * - core focus: an `isa` case (the core machine state), or, for a target without `isa`, a gp
 *   `program` case (the code as a Gray Paper deblob, host answers for its ecalli exits);
 * - kernel and blob foci: a jar1 `program` case (the JAR v2 blob, gas, args, the seeded host's answers).
 * The model runs every case under a step bound (MODEL_STEPS; scale cases, which run thousands of VMs
 * or megabytes of code on purpose, SCALE_MODEL_STEPS); a case it does not finish within the bound (a
 * loop with a large gas budget) is not judged, so that a target is never judged on a run the kit cannot bound.
 */
import type { Engine } from '../engines.js';
import { gpBlob } from '../../vectors/lib/containers.js';
import {
  codeJson, hostAnswerJson, memoryJson, pagesJson, regsJson, toHex, u64,
  type GpProgramInput, type HostAnswerJson, type IsaInput, type Jar1ProgramInput,
  type ProgramStepJson, type VectorExpected,
} from '../../vectors/lib/format.js';
import type { CaseKind } from '../../vectors/lib/target.js';
import type { Profile } from '../../vectors/lib/types.js';
import type { Case as FuzzCase, Focus } from '../fuzz/cases.js';
import { MAX_HOST_CALLS } from '../fuzz/run.js';
import { SCALE_MAX_STEPS } from '../fuzz/scale-arb.js';
import { FULL_HOST, hostFullAnswer } from '../fuzz/values.js';
import { expectedOf } from '../vectors/run.js';
import { comparedForms, firstDifference } from '../vectors/verify.js';
import type { Answer, Case } from './client.js';

/** The instruction bound of the model's run per case (between host answers). */
export const MODEL_STEPS = 20_000;
/** The bound for scale cases: the budget they are generated for (a chain of 2,500 VMs runs ~50,000 instructions, a CODE case at most 250,000). */
export const SCALE_MODEL_STEPS = SCALE_MAX_STEPS;

/** The model's instruction bound for a case of a focus. */
export const modelStepsOf = (focus: Focus): number => (focus === 'scale' ? SCALE_MODEL_STEPS : MODEL_STEPS);

/** A case for a target, with what the generator meant (for people). */
export interface TargetCase extends Case {
  readonly text: readonly string[];
  /** The model's instruction bound per run (modelStepsOf its focus); absent: MODEL_STEPS. */
  readonly maxSteps?: number;
}

/** What a target announced it runs. */
export type Supports = (kind: CaseKind, profile: Profile) => boolean;

const answers = (seed: number): HostAnswerJson[] =>
  Array.from({ length: MAX_HOST_CALLS }, (_, k) => hostAnswerJson(hostFullAnswer(seed, k)));

/** A core case's text run in another profile than generated: its first line names the profile. */
const asProfile = (text: readonly string[], p: Profile): string[] => text.map((t, k) => (k === 0 ? t.replace(/^(jar1|gp) /, `${p} `) : t));

/** The target case of a generated case, or null when the target runs nothing it could become; it carries its focus's model step bound. */
export function targetCaseOf(c: FuzzCase, supports: Supports): TargetCase | null {
  if (c.focus === 'core') {
    const i = c.input;
    const isa: IsaInput = {
      code: codeJson(i.image), memoryPages: i.memoryPages ?? 0, pc: i.pc, gas: u64(i.gas), regs: regsJson(i.regs),
      pages: pagesJson(i.pages), memory: memoryJson(i.memory),
    };
    const other: Profile = i.profile === 'gp' ? 'jar1' : 'gp';
    if (supports('isa', i.profile)) return { kind: 'isa', profile: i.profile, input: isa, text: c.text };
    if (supports('isa', other)) return { kind: 'isa', profile: other, input: isa, text: asProfile(c.text, other) };
    if (!supports('program', 'gp')) return null;
    const program: GpProgramInput = {
      blob: toHex(gpBlob(i.image)), pc: i.pc, gas: isa.gas, regs: isa.regs, pages: isa.pages, memory: isa.memory,
      host: answers((i.image.code.length + i.pc) % FULL_HOST), // φ7/φ8 answers only: the gp adapters apply no memory writes
    };
    return { kind: 'program', profile: 'gp', input: program, text: asProfile(c.text, 'gp') };
  }
  if (!supports('program', 'jar1')) return null;
  const input: Jar1ProgramInput = { blob: toHex(c.blob), gas: u64(c.gas), reg7: '0x0', args: toHex(c.args), host: answers(c.host) };
  return { kind: 'program', profile: 'jar1', input, text: c.text, maxSteps: modelStepsOf(c.focus) };
}

/** Keeps only the host answers a run used (so a vector states exactly what its host says). */
function usedAnswers(tc: TargetCase, expected: VectorExpected): TargetCase {
  if (tc.kind !== 'program') return tc;
  const exits = (expected as { exits: readonly ProgramStepJson[] }).exits;
  const input = tc.input as GpProgramInput | Jar1ProgramInput;
  return { ...tc, input: { ...input, host: input.host.slice(0, Math.max(0, exits.length - 1)) } };
}

/**
 * The model's answer to a case, with the case trimmed to the host answers it used; null when a run did
 * not end within the bound (`steps`, else the case's own, else MODEL_STEPS). A jar1 program's `initial`
 * snapshot only with `initial` (for a vector file).
 */
export function modelAnswer(model: Engine, tc: TargetCase, o: { steps?: number; initial?: boolean; trim?: boolean } = {}): { tc: TargetCase; expected: VectorExpected } | null {
  const expected = expectedOf(model, tc.kind, tc.profile, tc.input, { maxSteps: o.steps ?? tc.maxSteps ?? MODEL_STEPS, initial: o.initial ?? false });
  if (tc.kind === 'isa' && (expected as { exit: unknown }).exit === null) return null;
  if (tc.kind === 'program' && (expected as { exits: readonly ProgramStepJson[] }).exits.some((e) => e.exit === null)) return null;
  return { tc: o.trim === false ? tc : usedAnswers(tc, expected), expected };
}

/** How a target's answer departs from the model's. */
export interface Judgement {
  /** differs | error | crash | hang | garbage */
  readonly kind: 'differs' | 'error' | 'crash' | 'hang' | 'garbage';
  /** One line. */
  readonly summary: string;
  /** The first differing path (differs only), e.g. `expected.exits[0].gas`. */
  readonly path: string | null;
}

/** Judges a target's answer: null when it agrees with the model (or declines the case). */
export function judge(expected: VectorExpected, answer: Answer): Judgement | null {
  switch (answer.kind) {
    case 'unsupported': return null;
    case 'error': return { kind: 'error', summary: `the target answered error: ${answer.message}`, path: null };
    case 'crash': return { kind: 'crash', summary: `the target crashed: ${answer.detail}`, path: null };
    case 'hang': return { kind: 'hang', summary: `the target hung: ${answer.detail}`, path: null };
    case 'garbage': return { kind: 'garbage', summary: `the target answered garbage: ${answer.detail}`, path: null };
    case 'result': {
      const d = firstDifference(...comparedForms(expected, answer.output)); // as vectors verify compares
      if (d === null) return null;
      return { kind: 'differs', summary: d, path: d.slice(0, d.indexOf(':')) };
    }
  }
}

/** A judgement's shape, stable while shrinking: its kind and its path with indices blanked (`expected.exits[].gas`). */
export function signature(j: Judgement): string {
  return j.path === null ? j.kind : `${j.kind} ${j.path.replace(/\[\d+\]/g, '[]')}`;
}
