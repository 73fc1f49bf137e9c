/**
 * The hand-derived core tables, engine-neutral: the ISA tables (one module per instruction family)
 * and the core spec-note pins. model/test/isa.test.ts runs them on the model, impl/test/isa.test.ts on
 * each impl tier; each table module registers its describe/it calls when its function is called.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { CoreEngine } from '../../../vectors/lib/engine.js';
import { useCoreEngine } from './core.js';
import { arithTables } from './isa/arith.js';
import { bitsTables } from './isa/bits.js';
import { branchTables } from './isa/branch.js';
import { compareTables } from './isa/compare.js';
import { controlTables } from './isa/control.js';
import { divideTables } from './isa/divide.js';
import { immediateTables } from './isa/immediate.js';
import { jumpTables } from './isa/jump.js';
import { loadTables } from './isa/load.js';
import { logicTables } from './isa/logic.js';
import { shiftTables } from './isa/shift.js';
import { storeTables } from './isa/store.js';
import { specNoteTables } from './spec-notes.js';

/** Every table, by name (its module under harness/test/tables), in the order they run. */
export const CORE_TABLES: readonly (readonly [string, () => void])[] = [
  ['isa/arith', arithTables], ['isa/bits', bitsTables], ['isa/branch', branchTables], ['isa/compare', compareTables],
  ['isa/control', controlTables], ['isa/divide', divideTables], ['isa/immediate', immediateTables], ['isa/jump', jumpTables],
  ['isa/load', loadTables], ['isa/logic', logicTables], ['isa/shift', shiftTables], ['isa/store', storeTables],
  ['spec-notes', specNoteTables],
];

/** Registers every table in the current describe block, run on `engine` (set in beforeAll, cleared in afterAll). */
export function describeCoreTables(engine: CoreEngine): void {
  beforeAll(() => useCoreEngine(engine));
  afterAll(() => useCoreEngine(null));
  for (const [name, tables] of CORE_TABLES) describe(name, tables);
}
