/**
 * A StrykerJS checker plugin ('javm-sample') that lets through only the mutants of a seeded sample
 * (scripts/mutation.mjs --sample N writes the sample's keys to $JAVM_MUTATION_SAMPLE). A mutant not in
 * the sample is reported as a CompileError with the reason "not in the sample", so Stryker neither runs
 * it nor counts it in its score. Without $JAVM_MUTATION_SAMPLE every mutant passes. Mutants are
 * matched by file, location, mutator and replacement (Stryker's ids change with the mutate ranges).
 */
import { readFileSync } from 'node:fs';
import { CheckStatus } from '@stryker-mutator/api/check';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';
import { mutantKey } from './mutant-key.mjs';

/** The checker: keeps the sample's mutants. */
class SampleChecker {
  /** @type {Set<string> | null} */
  sample = null;

  async init() {
    const file = process.env.JAVM_MUTATION_SAMPLE;
    this.sample = file ? new Set(JSON.parse(readFileSync(file, 'utf8')).mutants.map((m) => m.key)) : null;
  }

  /** @param {import('@stryker-mutator/api/core').Mutant[]} mutants */
  async check(mutants) {
    const out = {};
    for (const m of mutants) {
      out[m.id] = this.sample === null || this.sample.has(mutantKey(m)) ? { status: CheckStatus.Passed } : { status: CheckStatus.CompileError, reason: 'not in the sample' };
    }
    return out;
  }

  /** One group of all mutants asked about: the check is a set lookup. */
  async group(mutants) {
    return [mutants.map((m) => m.id)];
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'javm-sample', SampleChecker)];
