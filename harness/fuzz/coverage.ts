/**
 * "Spec rules hit": a fixed catalogue of observable rule outcomes the campaign counts as covered when
 * a case exercises them, read off the reference engine's records:
 *  - kernel: each ecalli kind (REPLY, CALL of a cap, immediate > 127) and ecall op, by outcome (WHAT,
 *    done in place, control moved to another VM); each core stop (halt/trap/panic/oog/fault) in the
 *    root and in a child; call depths 1, 2, 3+; every exit to the host.
 *  - core: every exit kind per profile, and every opcode that ended a run or ran in one.
 *  - blob: accepted, and each load-error class.
 * The catalogue is an honest denominator: some combinations are unreachable by design (a MAP never
 * moves control), so 100% is not the goal, growth is. Apart from the catalogue, REACH names the sizes
 * the scale focus aims at; a campaign counts the cases that reach each.
 */
import { OPCODES } from '../../model/decode/opcodes.js';
import type { KernelEvent } from '../../vectors/lib/kernel.js';
import { WHAT, type CoreRunResult, type LoadErrorClass, type Profile } from '../../vectors/lib/types.js';
import type { Case } from './cases.js';
import { OP_NAMES } from './kernel-arb.js';
import type { CoreRecord, KernelRecord } from './run.js';

const OUTCOMES = ['what', 'ok', 'switch'];
const ECALL_OPS = [...Object.values(OP_NAMES), 'unknown'];
const CAUSES = ['halt', 'trap', 'panic', 'oog', 'fault'];
const ERROR_CLASSES: LoadErrorClass[] = ['truncated', 'bad_magic', 'bad_cap_type', 'bad_access', 'bad_entry_size', 'out_of_bounds', 'no_invoke_cap',
  'duplicate_cap', 'invalid_code', 'too_many_pages', 'overlapping_pages', 'too_many_code_caps', 'trailing_bytes'];
const EXITS = ['halt', 'panic', 'oog', 'fault', 'protocol', 'budget'];
const CORE_EXITS = ['halt', 'trap', 'panic', 'oog', 'fault', 'ecalli', 'ecall', 'budget'];

/** Every rule the campaign can report. */
export const RULES: readonly string[] = [
  ...['REPLY', 'CALL', 'invalid'].flatMap((k) => OUTCOMES.map((o) => `ecalli:${k}:${o}`)),
  // every op can have every outcome: a child that cannot pay the 10-gas dispatch stops and its caller
  // runs ('switch', spec-notes/0034), and a root that cannot pay ends the invocation with φ7 untouched
  // (read as 'ok'), even for DIRTY, RESUME and unknown ops, which are otherwise WHAT or a switch
  ...ECALL_OPS.flatMap((k) => OUTCOMES.map((o) => `ecall:${k}:${o}`)),
  ...CAUSES.flatMap((c) => [`stop:${c}:root`, `stop:${c}:child`]),
  'depth:1', 'depth:2', 'depth:3+',
  ...EXITS.map((e) => `exit:${e}`),
  ...(['jar1', 'gp'] as Profile[]).flatMap((p) => CORE_EXITS.map((e) => `core:${p}:${e}`)),
  ...[...OPCODES.values()].map((o) => `core:op:${o.name}`),
  'blob:ok', ...ERROR_CLASSES.filter((c) => c !== 'trailing_bytes').map((c) => `blob:${c}`), // trailing bytes: gp blobs only
];

/** Adds the rules of a kernel trace; returns the deepest call chain it saw (callers below the active VM). */
function eventRules(events: readonly KernelEvent[], out: Set<string>): number {
  const chain: number[] = [0];
  let deepest = 0;
  for (const e of events) {
    const outcome = e.active !== e.vm ? 'switch' : e.r7 === WHAT ? 'what' : 'ok';
    if (e.cause === 'ecalli') out.add(`ecalli:${e.arg === 0 ? 'REPLY' : e.arg > 127 ? 'invalid' : 'CALL'}:${outcome}`);
    else if (e.cause === 'ecall') out.add(`ecall:${OP_NAMES[e.arg] ?? 'unknown'}:${outcome}`);
    else out.add(`stop:${e.cause}:${e.active === e.vm && chain.length === 1 ? 'root' : 'child'}`);
    const at = chain.indexOf(e.active);
    if (at >= 0) chain.length = at + 1;
    else chain.push(e.active);
    const depth = chain.length - 1;
    if (depth > 0) out.add(depth >= 3 ? 'depth:3+' : `depth:${depth}`);
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function coreRules(profile: Profile, r: CoreRunResult, c: Case, out: Set<string>): void {
  out.add(`core:${profile}:${r.exit?.kind ?? 'budget'}`);
  if (c.focus !== 'core') return;
  const code = c.input.image.code;
  const op = OPCODES.get(code[r.state.pc] ?? -1);
  if (op && r.steps > 0) out.add(`core:op:${op.name}`);
  if (r.steps > 0) { // the entry instruction ran
    const first = OPCODES.get(code[c.input.pc] ?? -1);
    if (first) out.add(`core:op:${first.name}`);
  }
}

/**
 * The sizes the scale focus aims at (harness/fuzz/scale-arb.ts), as a campaign counts them: a call
 * chain 1,000 / 2,000 VMs deep, a DATA cap of 4,096 pages or more, a CODE cap of 1 MB or more.
 */
export const REACH: readonly string[] = ['depth 1,000+', 'depth 2,000+', 'DATA 4,096+ pages', 'CODE 1 MB+'];

/** The REACH classes a kernel run attained, from the reference engine's record (its trace and its snapshots at the exits). */
export function reachOf(rec: KernelRecord | CoreRecord): string[] {
  if ('result' in rec) return [];
  const depth = eventRules(rec.events, new Set());
  let pages = 0;
  let code = 0;
  for (const snap of rec.snapshots) {
    for (const c of snap.code) code = Math.max(code, c.code.length);
    for (const v of snap.vms) for (const e of v.slots) if (e.cap.kind === 'data') pages = Math.max(pages, e.cap.pages);
  }
  return [depth >= 1000, depth >= 2000, pages >= 4096, code >= 1 << 20].flatMap((hit, k) => (hit ? [REACH[k] ?? ''] : []));
}

/** The rules a case hit, from the reference engine's record. */
export function rulesHit(c: Case, rec: KernelRecord | CoreRecord): Set<string> {
  const out = new Set<string>();
  if ('result' in rec) {
    if (rec.result !== null && c.focus === 'core') coreRules(c.input.profile, rec.result, c, out);
    return out;
  }
  if (c.focus === 'blob') out.add(rec.load.ok ? 'blob:ok' : `blob:${rec.load.class}`);
  eventRules(rec.events, out);
  for (const s of rec.stops) out.add(`exit:${s.exit?.kind ?? 'budget'}`);
  return out;
}
