/**
 * Test helpers for the model's tests: `hex` (bytes of a hex string, spaces and `|` ignored) and
 * `image` (a code image from instructions given one per hex string), shared with the vector generator.
 * Running a core on hand-encoded instructions is harness/test/tables/core.ts (engine-neutral tables).
 */
export { hexBytes as hex, codeImage as image } from '../../vectors/lib/code-image.js';
