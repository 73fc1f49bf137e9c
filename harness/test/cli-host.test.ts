/**
 * `javm run` with a host (vectors/HOST.md): the built-in GAS host, YAML host files, recordings and
 * replays, an external host process, and the bounds (--max-calls, --timeout). Blobs are assembled
 * here with harness/asm; expected values are derived by hand in the comments.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { asm, gpBlob, jarBlob } from '../asm/index.js';
import { runCliAsync } from '../cli/main.js';
import { cli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'javm-cli-host-'));

function file(name: string, content: Uint8Array | string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function cliAsync(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliAsync(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A jar1 blob: one CODE cap (slot 64), optionally a one-page DATA cap at page 0x20 (address 0x20000). */
const jar = (name: string, image: ReturnType<typeof asm>, data?: 'R' | 'W'): string =>
  file(name, jarBlob({ caps: [{ slot: 64, type: 'code', image }, ...(data ? [{ slot: 65, type: 'data' as const, basePage: 0x20, pageCount: 1, access: data }] : [])] }));

// GAS (protocol cap 1) 100,000 times in a loop, counting in r10; REPLY halts with φ7 = the count.
const gasLoop = (n: number): string => jar(`gas-loop-${n}.jar`, asm`
    load_imm r9, ${n}
    load_imm r10, 0
    fallthrough
  loop:
    ecalli 1
    add_imm_64 r10, r10, 1
    add_imm_64 r9, r9, -1
    branch_ne_imm r9, 0, @loop
    move_reg r7, r10
    ecalli 0`);
// GAS once, then REPLY with the answer in φ7.
const gasOnce = jar('gas-once.jar', asm`
    ecalli 1
    ecalli 0`);
// protocol call 5 (FETCH-like), then read back the u32 at 0x20000 and REPLY with it.
const readBack = (access: 'R' | 'W'): string => jar(`read-back-${access}.jar`, asm`
    ecalli 5
    load_u32 r7, 0x20000
    ecalli 0`, access);
// gp: host call 0 (GAS), then halt by a dynamic jump to 0xffff0000.
const gpGas = file('gas.gp', gpBlob(asm`
    ecalli 0
    load_imm r0, -65536
    jump_ind r0, 0`));

const line = (out: readonly string[], prefix: string): string | undefined => out.find((l) => l.startsWith(prefix));

describe('javm run --answer gas', () => {
  test('a blob calling GAS 100,000 times in a loop runs to its halt', () => {
    const r = cli('run', gasLoop(100_000), '--answer', 'gas', '--engine', 'impl');
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('exit: halt (φ7 = 100000)');
    expect(line(r.out, 'host calls answered')).toBe('host calls answered: 100000');
    expect(line(r.out, 'stopped')).toBeUndefined();
  });

  test('both engines print the same run for a 1,000-call loop', () => {
    const a = cli('run', gasLoop(1000), '--answer', 'gas', '--engine', 'model', '--json');
    const b = cli('run', gasLoop(1000), '--answer', 'gas', '--engine', 'impl', '--json');
    const strip = (o: string | undefined): unknown => ({ ...JSON.parse(o ?? '{}'), engine: null });
    expect(strip(a.out[0])).toEqual(strip(b.out[0]));
    expect(JSON.parse(a.out[0] ?? '{}')).toMatchObject({ exit: { kind: 'halt', value: '0x3e8' }, hostCalls: 1000, stopped: null });
  });

  test('jar1: φ7 is the gas left at the protocol exit (spec-notes/0064)', () => {
    // without a host, `javm run` stops at the GAS call and prints the gas left there
    const plain = cli('run', gasOnce, '--gas', '1000');
    expect(plain.out[0]).toBe('exit: protocol call 1 (the host must answer)');
    const left = /left (\d+)$/.exec(line(plain.out, 'gas used') ?? '')?.[1];
    const r = cli('run', gasOnce, '--gas', '1000', '--answer', 'gas');
    expect(r.out[0]).toBe(`exit: halt (φ7 = ${left})`);
    // the two blocks are the same one ecalli, each costing c + the 10-gas dispatch: φ7 = G - c - 10 and
    // the gas left at the halt is φ7 - c - 10, so 2 φ7 = G + left
    const final = BigInt(/left (\d+)$/.exec(line(r.out, 'gas used') ?? '')?.[1] ?? '-1');
    expect(2n * BigInt(left ?? '0')).toBe(1000n + final);
  });

  test('gp: GAS (host call 0) charges 10 and answers the gas left; the blob halts', () => {
    // blocks cost 1 per instruction at entry (spec-notes/0026): [ecalli 0] 1 -> 999; the host charges
    // 10 -> 989 = φ7; [load_imm, jump_ind] 2 -> 987 left, halt
    const r = cli('run', gpGas, '--gas', '1000', '--answer', 'gas');
    expect(r.out).toEqual(['exit: halt', 'r7: 989 (0x3dd)', 'gas used: 13, left 987', 'pc: 6', 'instructions: 3', 'host calls answered: 1']);
  });

  test('another call stops the run there, and says why', () => {
    const r = cli('run', readBack('W'), '--answer', 'gas');
    expect(r.out[0]).toBe('exit: protocol call 5 (the host must answer)');
    expect(line(r.out, 'host calls answered')).toBe('host calls answered: 0');
    expect(line(r.out, 'stopped')).toMatch(/^stopped: --answer gas answers only GAS/);
  });

  test('--max-calls bounds the calls answered', () => {
    const r = cli('run', gasLoop(100), '--answer', 'gas', '--max-calls', '10');
    expect(r.out[0]).toBe('exit: protocol call 1 (the host must answer)');
    expect(line(r.out, 'host calls answered')).toBe('host calls answered: 10');
    expect(line(r.out, 'stopped')).toBe('stopped: --max-calls 10 reached (call 10 is not answered)');
  });
});

describe('javm run --host <file>', () => {
  test('the host writes memory that the blob reads back and halts with', () => {
    const host = file('write.yaml', 'answers:\n  - r7: 0\n    memory:\n      - { address: 0x20000, bytes: "efbeadde" }\n');
    for (const engine of ['model', 'impl']) {
      const r = cli('run', readBack('W'), '--host', host, '--engine', engine);
      expect(r.code).toBe(0);
      expect(r.out[0]).toBe('exit: halt (φ7 = 3735928559)'); // 0xdeadbeef, little-endian efbeadde
      expect(line(r.out, 'host calls answered')).toBe('host calls answered: 1');
    }
  });

  test('--dump shows the memory the host wrote', () => {
    const host = file('write2.yaml', 'answers:\n  - memory: [ { address: 0x20002, bytes: "aabb" } ]\n');
    const r = cli('run', readBack('W'), '--host', host, '--dump', '0x20000:4');
    expect(r.out.find((l) => l.startsWith('00020000'))).toMatch(/^00020000 {2}00 00 aa bb /);
  });

  test('by_id answers every call with that id; `gas` and a charge', () => {
    const plain = cli('run', readBack('W'), '--host', file('w.yaml', 'answers:\n  - r7: 0\n'), '--json');
    const host = file('by-id.yaml', 'by_id:\n  5: { r7: gas, charge: 100, memory: [ { address: 0x20000, bytes: "01020304" } ] }\n');
    const r = cli('run', readBack('W'), '--host', host, '--json');
    const a = JSON.parse(plain.out[0] ?? '{}') as { gasUsed: string };
    const b = JSON.parse(r.out[0] ?? '{}') as { gasUsed: string; exit: unknown };
    expect(b.exit).toEqual({ kind: 'halt', value: '0x4030201' });
    expect(BigInt(b.gasUsed) - BigInt(a.gasUsed)).toBe(100n); // the same run, plus the host's charge
  });

  test('a write to a read-only page ends the run with panic (spec-notes/0063)', () => {
    const host = file('ro.yaml', 'answers:\n  - memory: [ { address: 0x20000, bytes: "01" } ]\n');
    const r = cli('run', readBack('R'), '--host', host);
    expect(r.out[0]).toBe('exit: panic');
    expect(line(r.out, 'stopped')).toBe('stopped: answer 0 wrote memory the VM may not write (spec-notes/0063)');
  });

  test('gp: a write where the core has no page ends the run with panic', () => {
    const host = file('gp.yaml', 'answers:\n  - { r7: 1, memory: [ { address: 0x20000, bytes: "01" } ] }\n');
    const r = cli('run', gpGas, '--gas', '1000', '--host', host);
    expect(r.out[0]).toBe('exit: panic');
    expect(line(r.out, 'r7')).toBe('r7: 0 (0x0)'); // φ7 not written
  });

  test('gp --input: a machine state with a writable page takes the host write, and the program reads it back', () => {
    const image = asm`
      ecalli 0
      load_u32 r7, 0x20000
      load_imm r0, -65536
      jump_ind r0, 0`;
    const state = file('state.json', JSON.stringify({
      code: { code: Buffer.from(image.code).toString('hex'), bitmask: [...image.bitmask].join(''), jumpTable: [] },
      memoryPages: 0, pc: 0, gas: '0x3e8', regs: new Array(13).fill('0x0'),
      pages: [{ address: 0x20000, length: 4096, access: 'W' }], memory: [],
    }));
    const host = file('gp-state.yaml', 'answers:\n  - memory: [ { address: 0x20000, bytes: "efbeadde" } ]\n');
    for (const engine of ['model', 'impl']) {
      const r = cli('run', '--input', state, '--profile', 'gp', '--host', host, '--engine', engine);
      expect(r.code, r.err.join('\n')).toBe(0);
      expect(r.out[0]).toBe('exit: halt');
      expect(line(r.out, 'r7')).toBe('r7: 3735928559 (0xdeadbeef)'); // the host's bytes, little-endian
      expect(line(r.out, 'host calls answered')).toBe('host calls answered: 1');
    }
  });

  test('a call with no answer left stops the run at it', () => {
    const r = cli('run', gasLoop(3), '--host', file('one.yaml', 'answers:\n  - r7: 0\n'));
    expect(r.out[0]).toBe('exit: protocol call 1 (the host must answer)');
    expect(line(r.out, 'host calls answered')).toBe('host calls answered: 1');
  });

  test.each([
    ['bytes.yaml', 'answers:\n  - memory: [ { address: 1, bytes: "abc" } ]\n', 'answers[0].memory[0].bytes: expected a hex string of whole bytes (quote it in YAML)'],
    ['field.yaml', 'answers:\n  - r9: 1\n', 'answers[0].r9: expected no such field (allowed: r7, r8, memory, charge, id, call)'],
    ['u64.yaml', 'answers:\n  - r7: 0x10000000000000000\n', 'answers[0].r7: expected a u64 (decimal or 0x hex)'],
    ['address.yaml', 'answers:\n  - memory: [ { address: 0x100000000, bytes: "00" } ]\n', 'answers[0].memory[0].address: expected an address 0..0xffffffff'],
    ['list.yaml', 'answers: 3\n', 'answers: expected a list of answers'],
    ['yaml.yaml', 'answers: [\n', 'not YAML'],
  ])('%s: one line naming the file and field, exit 2', (name, text, message) => {
    const path = file(name, text);
    const r = cli('run', gasOnce, '--host', path);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`javm: ${path}: ${message}`);
  });

  test('a missing host file, two hosts, a stray --record, an unknown built-in: exit 2', () => {
    expect(cli('run', gasOnce, '--host', join(tmp, 'none.yaml')).err[0]).toMatch(/none\.yaml: cannot read \(ENOENT\)/);
    expect(cli('run', gasOnce, '--answer', 'gas', '--host', 'x.yaml').err[0]).toBe('javm: --answer, --host: give only one host');
    expect(cli('run', gasOnce, '--record', 'x.yaml').err[0]).toBe('javm: --record: only with a host (--answer, --host, --host-cmd or --replay)');
    expect(cli('run', gasOnce, '--answer', 'fetch').err[0]).toBe("javm: --answer: 'fetch' is not a built-in host (choose gas)");
  });
});

describe('javm run --record / --replay', () => {
  test('a recording is a host file: --replay and --host reproduce the run', () => {
    const rec = join(tmp, 'rec.yaml');
    const first = cli('run', gasLoop(5), '--answer', 'gas', '--record', rec);
    const text = readFileSync(rec, 'utf8');
    expect(text.match(/^ {2}- call:/gm)).toHaveLength(5);
    expect(cli('run', gasLoop(5), '--replay', rec).out).toEqual(first.out);
    expect(cli('run', gasLoop(5), '--host', rec).out).toEqual(first.out);
  });

  test('a replay whose run differs stops with one line naming the call', () => {
    const rec = join(tmp, 'rec2.yaml');
    cli('run', gasOnce, '--answer', 'gas', '--gas', '1000', '--record', rec);
    const r = cli('run', gasOnce, '--replay', rec, '--gas', '2000');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/rec2\.yaml: answers\[0\]\.call: expected \{id 1, vm 0, pc 2, gas 0x[0-9a-f]+\}, but the run made .* \(the replay diverged\)$/);
  });
});

describe('javm run --host-cmd', () => {
  const host = file('host.mjs', `
import { createInterface } from 'node:readline';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'call' && m.id === 1) send({ type: 'answer', r7: m.gas, r8: '0x0' });
  else if (m.type === 'call' && m.id === 5) send({ type: 'read', address: 0x20000, length: 4 });
  else if (m.type === 'memory') send({ type: 'answer', r7: '0x0', memory: [{ address: 0x20000, bytes: m.bytes === '00000000' ? '2a000000' : 'ff' }] });
  else send({ type: 'stop', reason: 'unknown call' });
});
`);

  test('an external host answers GAS like --answer gas', async () => {
    const builtIn = cli('run', gasLoop(50), '--answer', 'gas');
    const r = await cliAsync('run', gasLoop(50), '--host-cmd', `node ${host}`);
    expect(r.code).toBe(0);
    expect(r.out).toEqual(builtIn.out);
  });

  test('the host reads memory (zeros), then writes 42, which the blob reads back', async () => {
    const r = await cliAsync('run', readBack('W'), '--host-cmd', `node ${host}`);
    expect(r.out[0]).toBe('exit: halt (φ7 = 42)');
  });

  test('a host that answers and exits at once: its answer is read before its exit is noticed', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await cliAsync('run', gasOnce, '--host-cmd', `read l; echo '{"type":"answer","r7":"0x7"}'; exit 0`);
      expect(r.out[0]).toBe('exit: halt (φ7 = 7)');
    }
  });

  test('a host that floods one endless line: one line, exit 2, the host killed', async () => {
    const r = await cliAsync('run', gasOnce, '--host-cmd', 'yes | tr -d "\\n"', '--timeout', '20s');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/^javm: --host-cmd: call 0: the host sent a line longer than 67108864 bytes$/)]);
  });

  test.each([
    ['a host that hangs', 'sleep 20', /^javm: --host-cmd: call 0: the host did not answer within 300 ms \(--timeout\)$/],
    ['a host that crashes', 'exit 3', /^javm: --host-cmd: call 0: the host exited with status 3$/],
    ['a host that crashes with a message', 'echo boom >&2; exit 3', /^javm: --host-cmd: call 0: the host exited with status 3; stderr: boom$/],
    ['a host that answers garbage', 'echo garbage; sleep 20', /^javm: --host-cmd: call 0: the host sent a line that is not JSON: "garbage"$/],
    ['a malformed answer', `echo '{"type":"answer","r7":"zz"}'; sleep 20`, /^javm: --host-cmd: call 0: the host answer: r7: expected a u64/],
  ])('%s: one line, exit 2', async (_what, command, message) => {
    const started = Date.now();
    const r = await cliAsync('run', gasOnce, '--host-cmd', command, '--timeout', '300ms');
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(Date.now() - started).toBeLessThan(5000); // the sleeping host is killed, not waited for
  });
});

test('javm run --help lists the host flags', () => {
  const r = cli('run', '--help');
  for (const flag of ['--answer <host>', '--host <file>', '--host-cmd <command>', '--record <file>', '--replay <file>', '--max-calls <n>', '--timeout <duration>']) expect(r.out.join('\n')).toContain(flag);
});
