#!/usr/bin/env node
// A protocol test double, not an implementation: answers each request with the `expected` of the
// vector file it names (vectors/<profile>/<runner>/<handler>/<name>.json under the folder given as
// argument), except that it skips kernel requests and, for names listed in JAVM_ORACLE_BREAK
// (comma-separated), adds 1 to the expected gas so the runner must report a difference.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const root = process.argv[2] ?? 'vectors';
const broken = new Set((process.env.JAVM_ORACLE_BREAK ?? '').split(',').filter(Boolean));
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const req = JSON.parse(line);
  if (req.runner === 'kernel') {
    console.log(JSON.stringify({ id: req.id, skip: 'this double does not do kernel vectors' }));
    continue;
  }
  const v = JSON.parse(readFileSync(join(root, req.profile, req.runner, req.handler, `${req.name}.json`), 'utf8'));
  const expected = v.expected;
  if (broken.has(req.name) && typeof expected.gas === 'string') expected.gas = `0x${(BigInt(expected.gas) + 1n).toString(16)}`;
  console.log(JSON.stringify({ id: req.id, expected }));
}
