/**
 * The divergence page (`javm report --html`, harness/report/): built from a small hand-made case that
 * a mutant of the impl gets wrong, loaded in a real headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core; JAVM_CHROMIUM overrides the path) with no network, and checked in the
 * DOM: no console or page errors, the first differing step and the differing register highlighted.
 * Also: the page of a 100,000-record trace stays small, notes get their titles and relative links,
 * and both fuzzers write `<finding>.html` next to the vectors they write.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCliAsync } from '../cli/main.js';
import { ENGINES, type Engine } from '../engines.js';
import { mutantEngine } from '../fuzz/mutants.js';
import { pageNotes } from '../report/data.js';
import { esc, renderPage, traceDivergence, type DivergencePage, type PageRecord } from '../report/page.js';
import { writeEnginesPage, writeFindingPage } from '../report/run.js';
import { runTargetCampaign } from '../target/campaign.js';
import { expectedOf } from '../vectors/run.js';
import { judgeAnswer } from '../vectors/verify.js';
import { kitVersion } from '../version.js';
import { readVector } from '../../vectors/lib/schema.js';
import { CLI_JS } from './support/build-cli.js';

const CHROMIUM = process.env.JAVM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const zeros = (): string[] => Array.from({ length: 13 }, () => '0x0');

/**
 * gp isa case, hand-assembled:
 *   pc 0  33 08 05        load_imm r8, 5
 *   pc 3  cb 98 07        div_u_64 r7, r8, r9      (ThreeReg: byte 1 = rA | rB << 4, byte 2 = rD; r9 = 0)
 *   pc 6  3e 07 00 00 02  store_u64 r7, 0x20000
 *   pc 11 00              trap
 * Division by zero gives 2^64-1; the mutant div-u-64-by-zero gives 0. The traces (state before each
 * instruction) agree at steps 0 and 1 and first differ at step 2 (pc 6), in r7 only. One gp block of
 * 4 instructions costs 4 gas at entry: 0x64 - 4 = 0x60. The store leaves ff x8 at 0x20000 (the mutant: 0).
 */
const VECTOR = {
  name: 'div_u_64_by_zero_stored', runner: 'isa', profile: 'gp', handler: 'report', edge: null, notes: [],
  description: 'r7 = r8 / r9 with r9 = 0, then r7 stored at 0x20000 <b>not bold</b>',
  input: {
    code: { code: '330805cb98073e0700000200', bitmask: '100100100001', jumpTable: [] }, memoryPages: 0, pc: 0, gas: '0x64', regs: zeros(),
    pages: [{ address: 131072, length: 4096, access: 'W' }], memory: [],
  },
  expected: {
    exit: { kind: 'trap' }, pc: 11, gas: '0x60', regs: zeros().map((r, i) => (i === 7 ? '0xffffffffffffffff' : i === 8 ? '0x5' : r)),
    pages: [{ address: 131072, length: 4096, access: 'W' }], memory: [{ address: 131072, bytes: 'ffffffffffffffff' }],
  },
};

let dir = '';
let vectorFile = '';
let ctx: BrowserContext | null = null;
let profile = '';

/** Loads a page file in the browser; returns the page and every console error, page error and non-file request it caused. */
async function load(file: string): Promise<{ page: import('playwright-core').Page; problems: string[] }> {
  if (ctx === null) throw new Error('no browser');
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'javm-report-'));
  vectorFile = join(dir, 'div.json');
  writeFileSync(vectorFile, `${JSON.stringify(VECTOR, null, 2)}\n`);
  profile = mkdtempSync(join(tmpdir(), 'javm-chromium-')); // a fresh user-data-dir
  ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  for (const d of [dir, profile]) if (d !== '') rmSync(d, { recursive: true, force: true });
});

describe('javm report --html', () => {
  test('the hand-derived case is right: the model passes it, the mutant fails it at regs[7]', () => {
    const v = readVector(vectorFile);
    expect(judgeAnswer(v, expectedOf(ENGINES.model as Engine, v.runner, v.profile, v.input))).toEqual({ status: 'pass' });
    expect(judgeAnswer(v, expectedOf(mutantEngine('div-u-64-by-zero'), v.runner, v.profile, v.input)))
      .toEqual({ status: 'fail', difference: 'expected.regs[7]: expected "0xffffffffffffffff", got "0x0"' });
  });

  test('the page loads without errors in Chromium and shows the first differing step, register and memory', async () => {
    const out = join(dir, 'page.html');
    const lines: string[] = [];
    const code = await runCliAsync(['report', vectorFile, '--mutant', 'div-u-64-by-zero', '--html', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines).toEqual([
      `javm report: ${vectorFile}: model vs impl~div-u-64-by-zero`,
      '  first differing trace step #2: r7',
      '  answers: expected.regs[7]: expected "0xffffffffffffffff", got "0x0"',
      `page: ${out}`,
    ]);
    const { page, problems } = await load(out);
    // the divergence summary and its table of differing fields
    expect(await page.getAttribute('#divergence', 'data-step')).toBe('2');
    expect(await page.getAttribute('#divergence', 'data-pc')).toBe('6');
    expect(await page.textContent('#divergence p')).toContain('Last common step: #1 (vm 0 pc 3: div_u_64 r7, r8, r9)');
    const fields = await page.$$eval('#diff-fields tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-field'), r.querySelector('.left')?.textContent, r.querySelector('.right')?.textContent]));
    expect(fields).toEqual([['r7', '0xffffffffffffffff', '0x0']]);
    // the trace: steps 0..3 rendered, the highlighted row is step 2 at pc 6, with r7 marked on both sides
    expect(await page.$$eval('#trace tr.row', (rows) => rows.map((r) => `${r.getAttribute('data-step')}@${r.getAttribute('data-pc')}:${r.className}`)))
      .toEqual(['0@0:row common', '1@3:row common', '2@6:row diff first', '3@11:row diff']);
    expect(await page.$$eval('#first-diff .reg.d', (s) => s.map((x) => `${x.getAttribute('data-reg')} ${x.textContent}`))).toEqual(['r7 r7=0xffffffffffffffff', 'r7 r7=0x0']);
    expect(await page.isVisible('#first-diff .reg.d')).toBe(true);
    expect(await page.isVisible('#first-diff .reg[data-reg="r0"]')).toBe(false); // unchanged, equal registers are hidden ...
    await page.check('#allregs');
    expect(await page.isVisible('#first-diff .reg[data-reg="r0"]')).toBe(true); // ... until asked for (the inline script runs)
    // the answers: regs[7] differs; the memory row at 0x20000 has its 8 stored bytes marked
    expect(await page.textContent('#outcome-diff')).toContain('expected.regs[7]: expected "0xffffffffffffffff", got "0x0"');
    expect(await page.$$eval('#answers tr.diff th', (t) => t.map((x) => x.textContent))).toEqual(['regs[7]']);
    expect(await page.$$eval('#memory tr[data-address="131072"] td:nth-child(2) .byte.d', (b) => b.map((x) => x.textContent))).toEqual(Array(8).fill('ff'));
    expect(await page.$$eval('#memory tr[data-address="131072"] td:nth-child(3) .byte.d', (b) => b.map((x) => x.textContent))).toEqual(Array(8).fill('00'));
    // the case: the description is text, not markup; the code window highlights the div at pc 3
    expect(await page.$$eval('#case-fields td b', (b) => b.length)).toBe(0);
    expect(await page.textContent('#case-fields')).toContain('<b>not bold</b>');
    expect(await page.textContent('#code tr.focus')).toContain('div_u_64 r7, r8, r9');
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a 100,000-record trace: only a window is rendered, the elided records are counted, the page loads cleanly', async () => {
    const rec = (k: number, r3: string): PageRecord => ({ vm: 0, pc: (k * 3) % 60, gas: `0x${(200_000 - k).toString(16)}`, regs: zeros().map((r, i) => (i === 3 ? r3 : i === 0 ? `0x${k.toString(16)}` : r)) });
    const left = Array.from({ length: 100_000 }, (_, k) => rec(k, '0x1'));
    const right = Array.from({ length: 100_000 }, (_, k) => rec(k, k >= 50_000 ? '0x2' : '0x1'));
    expect(traceDivergence(left, right)).toEqual({ step: 50_000, fields: ['r3'] });
    const p: DivergencePage = {
      case: { title: 'big', runner: 'isa', profile: 'gp', source: 'synthetic', description: '', fields: [], code: null },
      left: { name: 'a', records: left }, right: { name: 'b', records: right },
      outcome: { difference: null, rows: [], hiddenEqual: 0, memory: [], memoryElided: 0 },
      events: { title: 'Exits', left: [], right: [] }, notes: [],
    };
    const t = performance.now();
    const html = renderPage(p);
    const ms = performance.now() - t;
    const file = join(dir, 'big.html');
    writeFileSync(file, html);
    console.log(`report page of 2 x 100,000 records: ${(html.length / 1024).toFixed(1)} KiB rendered in ${ms.toFixed(1)} ms`);
    expect(html.length).toBeLessThan(100_000);
    // window: 10 before and 6 after step 50,000 -> steps 49,990..50,006 rendered, 49,990 before and 99,999 - 50,006 = 49,993 after elided
    expect(html).toContain('49,990 earlier record(s) elided (steps 0..49989, equal on both sides)');
    expect(html).toContain('49,993 later record(s) elided (steps 50007..99999)');
    const { page, problems } = await load(file);
    expect(await page.$$eval('#trace tr.row', (r) => r.length)).toBe(17);
    expect(await page.getAttribute('#first-diff', 'data-step')).toBe('50000');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('page parts', () => {
  test('esc escapes the five HTML metacharacters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('spec-notes get the title of their file and a link relative to the page; detected notes come first', () => {
    const page = join(dir, 'deep', 'er', 'page.html');
    const notes = pageNotes(['0055'], ['0007', '0055'], page);
    expect(notes.map((n) => [n.id, n.title])).toEqual([
      ['0007', 'The address reported by a page fault'],
      ['0055', 'A host-call exit reports the pc of the next instruction'],
    ]);
    for (const n of notes) {
      expect(n.href).toMatch(new RegExp(`^(\\.\\./)+.*spec-notes/${n.id}-[a-z0-9-]+\\.md$`));
      expect(existsSync(join(dirname(page), n.href ?? ''))).toBe(true);
    }
    expect(pageNotes(['9999'], [], page)).toEqual([{ id: '9999', title: '(note file not found)', href: null, why: "the vector's expected value depends on this note" }]);
  });
});

describe('the fuzzers write <finding>.html', () => {
  test('writeEnginesPage and writeFindingPage put the page next to the vector', () => {
    const sub = join(dir, 'gp', 'isa', 'regression');
    mkdirSync(sub, { recursive: true });
    const file = join(sub, 'div.json');
    writeFileSync(file, readFileSync(vectorFile));
    expect(writeEnginesPage(file, mutantEngine('div-u-64-by-zero'))).toEqual({ file: join(sub, 'div.html'), why: null });
    expect(readFileSync(join(sub, 'div.html'), 'utf8')).toContain('<tr class="row diff first" data-step="2" data-pc="6" id="first-diff">');
    // a target's crash: no trace on its side, the fault shown as its event
    expect(writeFindingPage(file, 'broken 1.0', { kind: 'crash', detail: 'exit code 3' })).toEqual({ file: join(sub, 'div.html'), why: null });
    const html = readFileSync(join(sub, 'div.html'), 'utf8');
    expect(html).toContain('First difference of the answers: <code>the target crashed: exit code 3</code>');
    expect(writeFindingPage(join(sub, 'missing.json'), 'x', undefined).file).toBeNull();
  });

  test('javm fuzz (model vs a mutant) prints the page of its divergence', async () => {
    const out = join(dir, 'fuzz');
    const lines: string[] = [];
    const code = await runCliAsync(['fuzz', '--mutant', 'div-u-64-by-zero', '--focus', 'core', '--runs', '3000', '--workers', '1', '--seed', '1', '--out', out, '--progress', '1h'],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(1);
    const line = lines.find((l) => l.startsWith('  divergence page: '));
    expect(line, lines.join('\n')).toMatch(/\/(gp|jar1)\/isa\/regression\/core_[a-z0-9_]+\.html$/);
    const { page, problems } = await load(resolve((line ?? '').replace('  divergence page: ', '')));
    expect(await page.textContent('h1')).toMatch(/: model vs impl~div-u-64-by-zero$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('javm fuzz --target prints the page of its finding, with the target\'s trace', async () => {
    const out = join(dir, 'findings');
    const lines: string[] = [];
    const s = await runTargetCampaign({
      command: `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} serve --mutant div-u-64-by-zero`, foci: ['core'], seed: 1, timeMs: 120_000,
      runs: 4000, shard: [0, 1], timeoutMs: 10_000, handshakeMs: 60_000, shrinkMs: 5000, keepGoing: false, expect: [], outDir: out, progressMs: 1e12, kit: 'javm-kit test',
    }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    const f = s.findings[0];
    expect(f?.page, lines.join('\n')).toBe(`${(f?.file ?? '').replace(/\.json$/, '')}.html`);
    expect(lines).toContain(`  page: ${f?.page ?? ''}  (the divergence page: both traces around the first differing step)`);
    const { page, problems } = await load(f?.page ?? '');
    expect(await page.textContent('h1')).toMatch(new RegExp(`: model vs javm-kit impl~div-u-64-by-zero ${kitVersion().replace(/\./g, '\\.')}$`));
    expect(await page.$$eval('#trace tr.row', (r) => r.length)).toBeGreaterThan(0); // the target's trace feature was used
    expect(problems).toEqual([]);
    await page.close();
  });
});
