/**
 * The hand-derived ISA tables and core spec-note pins (harness/test/tables), run on the model's core.
 * The same tables run on every impl tier in impl/test/isa.test.ts.
 */
import { describe } from 'vitest';
import { describeCoreTables } from '../../harness/test/tables/index.js';
import { modelCore } from '../index.js';

describe('model', () => describeCoreTables(modelCore));
