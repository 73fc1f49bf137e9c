/**
 * The target protocol from the kit's side (harness/target/, vectors/TARGET.md), against real
 * processes: the kit's own engines behind `javm serve` (compiled once per test run by
 * support/build-cli.ts) and a target that misbehaves on purpose (fixtures/bad-target.mjs).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readVector } from '../../vectors/lib/schema.js';
import { TargetStartError, Target, type Answer } from '../target/client.js';
import { runTargetCampaign, type TargetCampaignOptions } from '../target/campaign.js';
import { knownClass, parseExpect, readExpect } from '../target/expect.js';
import { verifyOnTarget } from '../target/verify.js';
import { runCliAsync } from '../cli/main.js';
import { CLI_JS } from './support/build-cli.js';

const here = fileURLToPath(new URL(".", import.meta.url));
const node = JSON.stringify(process.execPath);
const serve = (extra = ''): string => `${node} ${JSON.stringify(CLI_JS)} serve ${extra}`.trim();
const bad = (mode: string, n = 3): string => `${node} ${JSON.stringify(join(here, 'fixtures', 'bad-target.mjs'))} ${mode} ${n}`;
// a mutant engine is transpiled when its process starts: seconds, more on a loaded machine
const opts = { timeoutMs: 5000, handshakeMs: 60_000, kit: 'javm-kit test' };
const isaCase = readVector(join(here, '..', '..', 'vectors', 'gp', 'isa', 'add_64', readdirSync(join(here, '..', '..', 'vectors', 'gp', 'isa', 'add_64'))[0] ?? ''));

function lines(): { out: string[]; io: { out(l: string): void; err(l: string): void } } {
  const out: string[] = [];
  return { out, io: { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) } };
}

function campaign(command: string, o: Partial<TargetCampaignOptions> = {}): TargetCampaignOptions {
  return {
    command, foci: ['core', 'kernel', 'blob'], seed: 7, timeMs: 60_000, runs: 200, shard: [0, 1], timeoutMs: 5000, handshakeMs: 60_000,
    shrinkMs: 10_000, keepGoing: false, expect: [], outDir: null, progressMs: 1e9, kit: 'javm-kit test', ...o,
  };
}

const run = async (t: Target): Promise<Answer> => t.run({ kind: 'isa', profile: 'gp', input: isaCase.input });

describe('the target client', () => {
  test('shakes hands with javm serve and gets answers equal to the vector', async () => {
    const t = new Target(serve('--engine impl'), opts);
    const hello = await t.start();
    expect(hello).toMatchObject({ type: 'hello', protocol: 1, name: 'javm-kit impl', profiles: ['gp', 'jar1'] });
    expect(hello.features).toContain('trace');
    const a = await run(t);
    expect(a).toEqual({ kind: 'result', output: isaCase.expected });
    const traced = await t.run({ kind: 'isa', profile: 'gp', input: isaCase.input }, { trace: true });
    expect(traced.kind === 'result' && traced.trace !== undefined && traced.trace.length > 0).toBe(true);
    await t.close();
  });

  test('requests made while one is open wait their turn: every answer goes to its own request', async () => {
    const t = new Target(serve('--engine model'), opts);
    await t.start();
    const answers = await Promise.all([run(t), run(t), run(t)]);
    expect(answers).toEqual([0, 1, 2].map(() => ({ kind: 'result', output: isaCase.expected })));
    await t.close();
  });

  test('a target that does not answer the handshake, or speaks another version, cannot start (one clear error)', async () => {
    await expect(new Target(bad('no-hello'), { ...opts, handshakeMs: 300 }).start()).rejects.toThrow(/no handshake \(hang: no answer within 300 ms/);
    await expect(new Target(bad('protocol-9'), opts).start()).rejects.toThrow(/speaks target protocol 9; this kit speaks 1/);
    await expect(new Target('no-such-command-javm', opts).start()).rejects.toThrow(TargetStartError);
    await expect(new Target(bad('flood'), opts).start()).rejects.toThrow(/garbage: a line longer than/);
  });

  test('a crash is a finding with the exit status and stderr; the next request restarts the target', async () => {
    const t = new Target(bad('crash', 2), opts);
    await t.start();
    expect((await run(t)).kind).toBe('unsupported');
    const crash = await run(t);
    expect(crash.kind).toBe('crash');
    expect(crash.kind === 'crash' && crash.detail).toMatch(/exited with status 3.*crashing on purpose/);
    expect((await run(t)).kind).toBe('unsupported');
    expect(t.restarts).toBe(1);
    await t.close();
  });

  test('a hang is cut at the timeout, the process group killed and the target restarted', async () => {
    const t = new Target(bad('hang', 2), { ...opts, timeoutMs: 300 });
    await t.start();
    await run(t);
    const started = Date.now();
    const hang = await run(t);
    expect(hang.kind).toBe('hang');
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await run(t)).kind).toBe('unsupported');
    await t.close();
  });

  test('a target listening on a Unix socket is driven the same way (unix:/path)', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'javm-sock-')), 'target.sock');
    // the server: each connection is a javm serve process, its stdio piped to the socket
    const server = createServer((socket) => {
      const child = spawn(process.execPath, [CLI_JS, 'serve', '--engine', 'model'], { stdio: ['pipe', 'pipe', 'ignore'] });
      socket.pipe(child.stdin);
      child.stdout.pipe(socket);
      socket.on('close', () => child.kill());
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const t = new Target(`unix:${sock}`, opts);
      expect((await t.start()).name).toBe('javm-kit model');
      expect(await run(t)).toEqual({ kind: 'result', output: isaCase.expected });
      await t.close();
    } finally {
      server.close();
    }
  });

  test('garbage and a wrong id are findings', async () => {
    for (const mode of ['garbage', 'wrong-id']) {
      const t = new Target(bad(mode, 1), opts);
      await t.start();
      const a = await run(t);
      expect(a.kind, mode).toBe('garbage');
      expect(a.kind === 'garbage' && a.detail, mode).toMatch(mode === 'garbage' ? /not JSON/ : /carries id \d+, the open request is \d+/);
      await t.close();
    }
  });
});

describe('javm fuzz --target', () => {
  test('the impl behind the protocol agrees with the model on every focus', async () => {
    const { out, io } = lines();
    const s = await runTargetCampaign(campaign(serve('--engine impl'), { runs: 600 }), io);
    expect(s.findings, out.join('\n')).toEqual([]);
    expect(s.byFocus.core).toBeGreaterThan(100);
    expect(s.byFocus.kernel + s.byFocus.blob).toBeGreaterThan(100);
    expect(out.at(-1)).toMatch(/^verdict: PASS — target javm-kit impl [^:]+: [\d,]+ cases, 0 new finding class\(es\); seed 7$/);
  });

  test('two target processes side by side (--workers 2): each loop has its own seed stream; a finding stops both loops', async () => {
    const clean = lines();
    const s = await runTargetCampaign(campaign(serve('--engine impl'), { foci: ['core', 'kernel'], runs: 400, workers: 2 }), clean.io);
    expect(s.findings, clean.out.join('\n')).toEqual([]);
    expect(s.cases).toBeGreaterThanOrEqual(400);
    expect(clean.out[1]).toMatch(/2 target process\(es\)/);
    const bug = lines();
    const m = await runTargetCampaign(campaign(serve('--mutant gp-block-cost-short'), { foci: ['core'], runs: Infinity, timeMs: 60_000, workers: 2 }), bug.io);
    // the other loop may be shrinking a different class at that moment: it finishes that one, then stops
    expect(m.findings.length, bug.out.join('\n')).toBeGreaterThanOrEqual(1);
    expect(m.findings.length).toBeLessThanOrEqual(2);
    expect(new Set(m.findings.map((f) => `${f.judgement.kind} ${f.notes.join()} ${f.judgement.path}`)).size).toBe(m.findings.length);
    expect(m.cases).toBeLessThan(2000);
    expect(bug.out.at(-1)).toMatch(/^verdict: FAIL/);
  });

  test('a deliberate impl bug behind the protocol is found, shrunk, localised by trace, written as a vector that replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'javm-findings-'));
    const { out, io } = lines();
    const s = await runTargetCampaign(campaign(serve('--mutant branch-lt-s-unsigned'), { foci: ['core'], runs: Infinity, timeMs: 30_000, outDir: dir }), io);
    expect(s.findings.length, out.join('\n')).toBe(1);
    const f = s.findings[0];
    expect(f?.judgement.kind).toBe('differs');
    expect(f?.localisation.join('\n')).toMatch(/first differing trace record|traces agree/);
    expect(out.join('\n')).toMatch(/FINDING \[differs\]/);
    expect(out.at(-1)).toMatch(/^verdict: FAIL/);
    const file = f?.file ?? '';
    expect(statSync(file).isFile()).toBe(true);
    const v = readVector(file);
    expect(v.handler).toBe('finding');
    // the finding is an ordinary vector: it fails on the mutant and passes on the impl and the model
    const onMutant = await verifyOnTarget(file, serve('--mutant branch-lt-s-unsigned'), opts);
    expect(onMutant.report.results[0]?.outcome.status).toBe('fail');
    const onImpl = await verifyOnTarget(file, serve('--engine impl'), opts);
    expect(onImpl.report.results[0]?.outcome.status).toBe('pass');
    const batch = lines();
    expect(await runCliAsync(['vectors', 'verify', file, '--impl', serve('--engine model')], batch.io), batch.out.join('\n')).toBe(0);
    expect(await runCliAsync(['vectors', 'verify', file, '--impl', serve('--mutant branch-lt-s-unsigned')], batch.io)).toBe(1);
  });

  test('a target that crashes or hangs is reported, restarted, and with --keep-going the campaign runs to its budget', async () => {
    for (const [mode, n] of [['crash', 9], ['hang', 13]] as const) {
      const { out, io } = lines();
      const s = await runTargetCampaign(campaign(bad(mode, n), { foci: ['core'], runs: 120, keepGoing: true, timeoutMs: 300, shrinkMs: 2000 }), io);
      expect(s.findings.map((f) => f.judgement.kind), out.join('\n')).toEqual([mode]);
      // a fault that depends on the target's history does not come back on a re-run: still a finding, and said so
      expect(s.findings[0]?.localisation.join(' ')).toMatch(/not reproduced by a re-run .* depends on what the target ran before/);
      expect(s.restarts).toBeGreaterThanOrEqual(2);
      expect(s.cases).toBeGreaterThanOrEqual(120);
      expect(out.join('\n')).toMatch(new RegExp(`summary: finding \\[${mode}\\] no spec-note: .* \\(seen again in \\d+ more case\\(s\\)\\)`));
    }
  });

  test('a deterministic crash is shrunk with the target in the loop and replays from its vector', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'javm-findings-'));
    const { out, io } = lines();
    const s = await runTargetCampaign(campaign(bad('crash-odd', 0), { foci: ['core'], runs: 100, outDir: dir }), io);
    const f = s.findings[0];
    expect(f?.judgement.kind, out.join('\n')).toBe('crash');
    expect(f?.judgement.summary).toMatch(/exited with status 3; stderr: bad-target: odd gas/);
    expect(f?.shrinks).toBeGreaterThan(0);
    expect(BigInt((f?.tc.input as { gas: string }).gas) % 2n).toBe(1n);
    const again = await verifyOnTarget(f?.file ?? '', bad('crash-odd', 0), opts);
    expect(again.report.results[0]?.outcome).toMatchObject({ status: 'error', message: expect.stringMatching(/^target crash: exited with status 3/) });
  });

  test('the CLI: a target that cannot start is one line and exit 2; a zero budget is refused', async () => {
    const a = lines();
    expect(await runCliAsync(['fuzz', '--target', bad('no-hello'), '--handshake-timeout', '200ms', '--runs', '5'], a.io)).toBe(2);
    expect(a.out).toEqual([expect.stringMatching(/^ERR javm: target ".*": no handshake \(hang: no answer within 200 ms/)]);
    const b = lines();
    expect(await runCliAsync(['fuzz', '--target', serve(), '--time', '0s'], b.io)).toBe(2);
    expect(b.out.join('\n')).toMatch(/--time: '0s' is no time at all/);
  });
});

describe('known differences (--expect)', () => {
  test('parses classes and matches by note, path, finding kind, case kind and profile', () => {
    const classes = parseExpect('- class: gas\n  note: "0026"\n- class: ecalli pc\n  path: "pc"\n  kind: isa\n- class: crashes\n  finding: crash\n', 'x.yaml');
    const facts = (kind: 'differs' | 'crash', path: string | null, notes: string[], caseKind = 'isa') =>
      ({ judgement: { kind, summary: '', path }, notes, kind: caseKind, profile: 'gp' });
    expect(knownClass(classes, facts('differs', 'expected.gas', ['0026']))?.name).toBe('gas');
    expect(knownClass(classes, facts('differs', 'expected.pc', []))?.name).toBe('ecalli pc');
    expect(knownClass(classes, facts('differs', 'expected.pc', [], 'program'))).toBeNull();
    expect(knownClass(classes, facts('differs', 'expected.regs[7]', []))).toBeNull();
    expect(knownClass(classes, facts('crash', null, []))?.name).toBe('crashes');
  });

  test('a bad expect file names the file, the entry and the field', () => {
    expect(() => parseExpect('class: x', 'k.yaml')).toThrow(/^k\.yaml: expected a YAML list/);
    expect(() => parseExpect('- class: x\n  note: 26a', 'k.yaml')).toThrow(/^k\.yaml: entry 1: field 'note' must be a spec-note number/);
    expect(() => parseExpect('- class: x', 'k.yaml')).toThrow(/entry 1: give at least one of note, path, finding/);
    expect(() => parseExpect('- class: x\n  pth: pc', 'k.yaml')).toThrow(/entry 1: unknown field 'pth'/);
    expect(() => parseExpect('- [', 'k.yaml')).toThrow(/^k\.yaml: not valid YAML/);
  });
});

test('the README promises: TARGET.md documents every message type the schemas allow', () => {
  const doc = readFileSync(join(here, '..', '..', 'vectors', 'TARGET.md'), 'utf8');
  for (const t of ['"type":"hello"', '"type":"run"', '"type":"result"', '"type":"unsupported"', '"type":"error"', '"type":"bye"']) expect(doc).toContain(t);
});

const adapters = join(here, '..', 'target', 'adapters');
const ananInstalled = existsSync(join(here, '..', '..', 'node_modules', '@fluffylabs', 'anan-as', 'package.json'));

describe.skipIf(!ananInstalled)('anan-as as a target', () => {
  test('a short campaign finds its known differences, each classified by the spec-note it concerns; --expect counts them as known', async () => {
    const anan = `${node} ${JSON.stringify(join(adapters, 'anan-as.mjs'))}`;
    const a = lines();
    const s = await runTargetCampaign(campaign(anan, { foci: ['core'], runs: 2500, keepGoing: true, shrinkMs: 3000 }), a.io);
    const notes = new Set(s.findings.flatMap((f) => f.notes));
    // per-instruction gas (0026) and out of gas inside a block (0010) show up in any few thousand cases
    expect([...notes], a.out.join('\n')).toEqual(expect.arrayContaining(['0026', '0010']));
    for (const f of s.findings) expect(a.out.join('\n')).toContain(`FINDING [${f.judgement.kind}] ${f.tc.profile} ${f.tc.kind}: ${f.judgement.summary}`);
    const b = lines();
    const classes = readExpect(join(adapters, 'anan-as.expect.yaml'));
    const k = await runTargetCampaign(campaign(anan, { foci: ['core'], runs: 2500, keepGoing: true, shrinkMs: 3000, expect: classes }), b.io);
    expect(k.known.get('gas charged per instruction, not per block at entry') ?? 0, b.out.join('\n')).toBeGreaterThan(10);
    expect(k.findings.filter((f) => classes.some((c) => c.note !== null && f.notes.includes(c.note)))).toEqual([]);
    expect(b.out.join('\n')).toMatch(/summary: known class gas charged per instruction, not per block at entry: [\d,]+ case\(s\)/);
  });
});
