// What every JavaScript target adapter of the kit shares (vectors/TARGET.md): checking the fields of a
// gp isa/program input it reads, the installed version of the PVM package it drives, and the
// protocol loop (hello, run requests answered one line each, bye). An adapter supplies its handshake
// and a function from a run request to its answer; an exception there becomes an `error` answer, an
// `Unsupported` one an `unsupported` answer, and nothing ends the process but bye or end of input.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const PAGE = 4096;

/** A case this adapter does not run, with the reason. */
export class Unsupported extends Error {}

/** The version field of the installed package.json (walking up from the module node resolved). */
export function packageVersion(name) {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return String(pkg.version);
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

export const isU32 = (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
export const isU64 = (v) => typeof v === 'string' && /^0x[0-9a-f]{1,16}$/.test(v);
export const isHex = (v) => typeof v === 'string' && /^([0-9a-f]{2})*$/.test(v);
export const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a gp isa/program input (the fields an adapter reads), or null. */
export function inputProblem(kind, i) {
  if (!isObj(i)) return 'input is not an object';
  if (kind === 'isa') {
    if (!isObj(i.code)) return 'input.code is missing';
    if (!isHex(i.code.code)) return 'input.code.code is not hex';
    if (typeof i.code.bitmask !== 'string' || !/^[01]*$/.test(i.code.bitmask)) return "input.code.bitmask is not a string of '0'/'1'";
    if (!Array.isArray(i.code.jumpTable) || !i.code.jumpTable.every(isU32)) return 'input.code.jumpTable is not a list of u32';
  } else {
    if (!isHex(i.blob)) return 'input.blob is not hex';
    if (!Array.isArray(i.host) || !i.host.every((h) => isObj(h) && isU64(h.r7) && isU64(h.r8))) return 'input.host is not a list of {r7, r8}';
  }
  if (!isU32(i.pc)) return 'input.pc is not a u32';
  if (!isU64(i.gas)) return 'input.gas is not a u64 string';
  if (!Array.isArray(i.regs) || i.regs.length !== 13 || !i.regs.every(isU64)) return 'input.regs is not 13 u64 strings';
  if (!Array.isArray(i.pages)) return 'input.pages is not a list';
  for (const [k, p] of i.pages.entries()) {
    if (!isObj(p) || !isU32(p.address) || !isU32(p.length) || (p.access !== 'R' && p.access !== 'W')) return `input.pages[${k}] is not {address, length, access}`;
    if (p.address % PAGE !== 0 || p.length % PAGE !== 0 || p.address + p.length > 2 ** 32) return `input.pages[${k}] is not a page-aligned range inside 2^32`;
  }
  if (!Array.isArray(i.memory) || !i.memory.every((c) => isObj(c) && isU32(c.address) && isHex(c.bytes))) return 'input.memory is not a list of {address, bytes}';
  return null;
}

/**
 * The common gate of a gp-only adapter's run request: throws Unsupported for another profile or kind,
 * returns the `error` answer for a malformed input, else null.
 */
export function gpRunProblem(req, label) {
  if (req.profile !== 'gp') throw new Unsupported(`${label} implements the Gray Paper PVM (gp profile) only`);
  if (req.kind !== 'isa' && req.kind !== 'program') throw new Unsupported(`this adapter runs isa and program cases, not ${JSON.stringify(req.kind)}`);
  const problem = inputProblem(req.kind, req.input);
  if (problem !== null) return { type: 'error', id: req.id, message: `malformed request: ${problem}` };
  // these adapters hand a host call's answer to the PVM as φ7 and φ8 only (spec-notes 0063, 0064 add memory writes and a charge)
  if (req.kind === 'program' && req.input.host.some((h) => h.memory !== undefined || h.charge !== undefined)) {
    throw new Unsupported(`the ${label} adapter applies φ7/φ8 host answers only, not memory writes or gas charges`);
  }
  return null;
}

export const oneLine = (s) => String(s).replace(/\s*\n\s*/g, ' | ').slice(0, 4000);

/**
 * Serves the protocol on stdin/stdout until bye or end of input. `answerRun(req)` returns the answer
 * object of a run request; `afterRun(threw)` (optional) runs after each answer, told whether
 * `answerRun` threw something other than Unsupported (an adapter may then replace its PVM instance).
 */
export async function serveLines({ label, hello, answerRun, afterRun }) {
  const send = (line) => process.stdout.write(`${line}\n`);
  const warn = (s) => process.stderr.write(`${label} adapter: ${oneLine(s)}\n`);
  const handle = (req) => {
    try {
      return [JSON.stringify(answerRun(req)), false];
    } catch (e) {
      if (e instanceof Unsupported) return [JSON.stringify({ type: 'unsupported', id: req.id, reason: oneLine(e.message) }), false];
      return [JSON.stringify({ type: 'error', id: req.id, message: oneLine(`${label} threw: ${e?.message ?? e}`) }), true];
    }
  };
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      warn(`skipped a line that is not JSON (${e.message}): ${line.slice(0, 80)}`);
      continue;
    }
    if (isObj(msg) && msg.type === 'hello') send(JSON.stringify(hello));
    else if (isObj(msg) && msg.type === 'bye') break;
    else if (isObj(msg) && msg.type === 'run' && isU32(msg.id)) {
      const [answer, threw] = handle(msg);
      send(answer);
      await afterRun?.(threw);
    } else warn(`skipped a message that is not hello, bye or a run request with an id: ${line.slice(0, 80)}`);
  }
  process.stdin.destroy();
}
