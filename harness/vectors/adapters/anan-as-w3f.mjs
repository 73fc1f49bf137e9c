#!/usr/bin/env node
// Runs Web3 Foundation PVM test-vector files (such as vectors/w3f/, the kit's gp export) on anan-as
// (@fluffylabs/anan-as, Fluffy Labs' AssemblyScript PVM), calling its API exactly as its own w3f test
// runner does (prepareProgram(Generic, no metadata, ...) then runProgram), so the files are consumed
// unchanged by an implementation written elsewhere. Prints one line per failing file with the first
// difference, then "N passed, M failed". Usage: node anan-as-w3f.mjs <dir-or-file>...
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import JSONbig from 'json-bigint';
import { HasMetadata, InputKind, prepareProgram, runProgram } from '@fluffylabs/anan-as';

const parse = JSONbig({ storeAsString: true }).parse;
const STATUS = { 255: 'ok', 0: 'halt', 1: 'panic', 2: 'page-fault', 3: 'host', 4: 'oog' };

/** Non-zero bytes of chunks ({address, contents|data}) as address -> byte. */
function bytes(chunks) {
  const m = new Map();
  for (const c of chunks) (c.contents ?? c.data ?? []).forEach((b, i) => { if (Number(b) !== 0) m.set(Number(c.address) + i, Number(b)); });
  return m;
}

function check(d) {
  const pageMap = d['initial-page-map'].map((p) => ({ address: p.address, length: p.length, access: p['is-writable'] ? 2 : 1 }));
  const memory = d['initial-memory'].map((c) => ({ address: c.address, data: c.contents }));
  const exe = prepareProgram(InputKind.Generic, HasMetadata.No, d.program, d['initial-regs'].map(BigInt), pageMap, memory, [], 16);
  const r = runProgram(exe, BigInt(d['initial-gas']), d['initial-pc'], false, false, true);
  const diffs = [];
  const status = STATUS[r.status] ?? `unknown(${r.status})`;
  if (status !== d['expected-status']) diffs.push(`status: expected ${d['expected-status']}, got ${status}`);
  if (r.pc !== d['expected-pc']) diffs.push(`pc: expected ${d['expected-pc']}, got ${r.pc}`);
  if (BigInt(r.gas) !== BigInt(d['expected-gas'])) diffs.push(`gas: expected ${d['expected-gas']}, got ${r.gas}`);
  d['expected-regs'].forEach((v, i) => { if (BigInt.asUintN(64, BigInt(r.registers[i])) !== BigInt(v)) diffs.push(`r${i}: expected ${v}, got ${BigInt.asUintN(64, BigInt(r.registers[i]))}`); });
  if (d['expected-status'] === 'page-fault' && status === 'page-fault' && r.exitCode !== d['expected-page-fault-address']) diffs.push(`page-fault address: expected ${d['expected-page-fault-address']}, got ${r.exitCode}`);
  const want = bytes(d['expected-memory']);
  const got = bytes(r.memory);
  for (const a of new Set([...want.keys(), ...got.keys()])) if (want.get(a) !== got.get(a)) { diffs.push(`memory[0x${a.toString(16)}]: expected ${want.get(a) ?? 0}, got ${got.get(a) ?? 0}`); break; }
  return diffs;
}

let passed = 0;
let failed = 0;
const files = process.argv.slice(2).flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f)) : [p]));
for (const file of files) {
  const d = parse(readFileSync(file, 'utf8'));
  let diffs;
  try {
    diffs = check(d);
  } catch (e) {
    diffs = [`anan-as threw: ${String(e?.message ?? e).split('\n')[0]}`];
  }
  if (diffs.length === 0) passed++;
  else {
    failed++;
    console.log(`FAIL ${d.name}: ${diffs[0]}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
