/**
 * The target-protocol adapters over other implementations (harness/target/adapters/anan-as.mjs and
 * typeberry.mjs, vectors/TARGET.md), each run as the kit runs a target: one long-lived process, a
 * handshake, one request and one answer per line, bye. Every answer must match the response schema
 * and carry its request's id; real vectors must come back as results, several equal to `expected`;
 * bad input must be answered (error or unsupported) or skipped without ending the process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';
import type { GpProgramExpected, GpProgramInput, IsaInput, Vector, VectorInput } from '../../vectors/lib/format.js';
import { readVector } from '../../vectors/lib/schema.js';
import { BYE_LINE, checkHello, checkResponse, helloLine, runLine, type CaseKind, type RunResponse } from '../../vectors/lib/target.js';
import { defaultVectorDir, firstDifference } from '../vectors/verify.js';

const vectors = defaultVectorDir();
const root = join(vectors, '..');

/** A target process: lines in, lines out, with a deadline per answer. */
class TargetProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  stderr = '';
  readonly exit: Promise<number | null>;

  constructor(script: string) {
    this.child = spawn('node', [script], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (l) => {
      this.lines.push(l);
      this.wake?.();
    });
    this.child.stderr.on('data', (b: Buffer) => { this.stderr += b.toString('utf8'); });
    this.exit = new Promise((resolve) => this.child.on('exit', (code) => {
      this.closed = true;
      this.wake?.();
      resolve(code);
    }));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** The next line the target writes (rejects when it exits first or stays silent for `ms`). */
  async next(ms = 60_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.closed) throw new Error(`the target exited; stderr: ${this.stderr.slice(-500)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${ms} ms; stderr: ${this.stderr.slice(-500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
      this.wake = null;
    }
  }

  /** Sends one run request and returns the checked answer, which must carry the same id. */
  async run(id: number, kind: CaseKind, input: VectorInput, trace = false): Promise<RunResponse> {
    this.send(runLine({ id, kind, profile: 'gp', input, trace }));
    const line = await this.next();
    const checked = checkResponse(line);
    if (!checked.ok) throw new Error(`answer to request ${id} does not match the response schema: ${checked.problem}`);
    expect(checked.value.id).toBe(id);
    return checked.value;
  }

  kill(): void {
    if (!this.closed) this.child.kill('SIGKILL');
  }
}

const vector = (path: string): Vector => readVector(join(vectors, 'gp', path));

const TRAP = 'isa/trap/trap_basic.json';
const DJUMP_HALT = 'program/basic/gp_program_halts_through_djump.json';
/** Vectors both implementations pass (their expected output is reproduced exactly). */
const AGREEING = [
  TRAP,
  'isa/add_64/add_64_basic.json',
  'isa/store_u8/store_u8_ok.json',
  'isa/load_u8/load_u8_ok.json',
  'isa/jump_ind/jump_ind_ok.json',
  DJUMP_HALT,
];
/** Vectors on documented decisions where both differ from the kit (reported as results, not errors). */
const DIFFERING = [
  'isa/ecalli/ecalli_basic.json', // the ecalli's own pc, not the next one
  'isa/store_u8/store_u8_read_only_faults.json', // panic, not a fault (spec-notes/0009)
  'isa/gas/gp_out_of_gas_at_block_entry.json', // per-instruction gas (spec-notes/0026)
  'program/basic/gp_program_store_then_fault.json',
];
const HOST = 'program/host/gp_program_host_call_answered.json';
const BELOW_0X10000 = 'isa/load_u8/gp_mapped_page_below_0x10000_is_accessible.json';

const ADAPTERS = [
  { name: 'anan-as', pkg: join('@fluffylabs', 'anan-as') },
  { name: 'typeberry', pkg: join('@typeberry', 'lib') },
];

for (const a of ADAPTERS) {
  const pkgJson = join(root, 'node_modules', a.pkg, 'package.json');
  const installed = existsSync(pkgJson);
  describe.skipIf(!installed)(`the ${a.name} target adapter`, () => {
    test('handshake, real vectors, bad input, bye', async () => {
      const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
      const t = new TargetProcess(join(root, 'harness', 'target', 'adapters', `${a.name}.mjs`));
      try {
        // Handshake.
        t.send(helloLine('javm-kit test'));
        const hello = checkHello(await t.next());
        if (!hello.ok) throw new Error(hello.problem);
        expect(hello.value).toMatchObject({ protocol: 1, name: a.name, version, profiles: ['gp'] });
        expect([...hello.value.kinds].sort()).toEqual(['isa', 'program']);

        // Real vectors: every answer is a result; the agreeing ones equal `expected`.
        let id = 1;
        let equal = 0;
        for (const path of [...AGREEING, ...DIFFERING]) {
          const v = vector(path);
          const r = await t.run(id++, v.runner as CaseKind, v.input);
          if (r.type !== 'result') throw new Error(`${path}: ${r.type} ${'reason' in r ? r.reason : 'message' in r ? r.message : ''}`);
          const d = firstDifference(v.expected, r.output);
          if (AGREEING.includes(path)) expect(d, path).toBeNull();
          else expect(d, path).not.toBeNull();
          if (d === null) equal++;
        }
        expect(equal).toBe(AGREEING.length);

        // A host call answered from `host`: the run resumes after the ecalli with φ7, φ8 set.
        const host = vector(HOST);
        const hr = await t.run(id++, 'program', host.input, true);
        if (hr.type !== 'result') throw new Error(`${HOST}: ${hr.type}`);
        const exits = (hr.output as GpProgramExpected).exits;
        const want = (host.expected as GpProgramExpected).exits;
        expect(exits.map((e) => e.exit)).toEqual([{ kind: 'ecalli', id: 3 }, { kind: 'trap' }]);
        expect(firstDifference(want[1], exits[1])).toBeNull();
        // Its trace: the state before each instruction, the resumed one at the pc after the ecalli.
        const input = host.input as GpProgramInput;
        expect(hr.trace?.map((s) => s.pc)).toEqual([0, 2, 5]);
        expect(hr.trace?.[0]).toEqual({ vm: 0, pc: input.pc, gas: input.gas, regs: input.regs });
        expect(hr.trace?.[1]?.regs[7]).toBe('0x9');
        expect(hr.trace?.[1]?.regs[8]).toBe('0xa');

        // A layout the implementation's API cannot build is unsupported, not an error.
        const low = vector(BELOW_0X10000);
        expect((await t.run(id++, 'isa', low.input)).type).toBe('unsupported');

        // Cases outside what the adapter announced are unsupported.
        const trap = vector(TRAP);
        t.send(runLine({ id, kind: 'isa', profile: 'jar1', input: trap.input }));
        const jar1 = checkResponse(await t.next());
        expect(jar1.ok && jar1.value).toMatchObject({ type: 'unsupported', id: id++ });

        // Malformed input is answered (error or unsupported) and the adapter keeps serving.
        const { code: _code, ...noCode } = trap.input as IsaInput;
        const bad = await t.run(id++, 'isa', noCode as unknown as VectorInput);
        expect(['error', 'unsupported']).toContain(bad.type);
        const badRegs = await t.run(id++, 'isa', { ...(trap.input as IsaInput), regs: ['0x1'] });
        expect(['error', 'unsupported']).toContain(badRegs.type);
        const program = vector(DJUMP_HALT);
        const badBlob = await t.run(id++, 'program', { ...(program.input as GpProgramInput), blob: '0000050102' });
        expect(['result', 'error', 'unsupported']).toContain(badBlob.type);
        // A line that is not JSON, and a run request without an id, get no answer: the next line is the next answer.
        t.send('this is not JSON');
        t.send(JSON.stringify({ type: 'run', kind: 'isa', profile: 'gp', input: trap.input }));
        const after = await t.run(id++, 'isa', trap.input, true);
        if (after.type !== 'result') throw new Error(`after bad input: ${after.type}`);
        expect(firstDifference(trap.expected, after.output)).toBeNull();
        const start = trap.input as IsaInput;
        expect(after.trace).toEqual([{ vm: 0, pc: start.pc, gas: start.gas, regs: start.regs }]);

        // Bye: exit status 0.
        t.send(BYE_LINE);
        expect(await t.exit).toBe(0);
      } finally {
        t.kill();
      }
    });
  });
}
