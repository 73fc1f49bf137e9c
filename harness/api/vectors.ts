/**
 * `javm-kit/vectors`: the conformance vectors as data (vectors/README.md). Their JSON types and the
 * conversions to plain values, the schema check (ajv) and readers that name the file and field at
 * fault, the w3f PVM format, the vector tree shipped with the kit, and `verify`, which runs vector
 * files on an engine in this process (`engineTarget`) or on an external program (`externalTarget`).
 */
export {
  RUNNERS, codeFrom, codeJson, coreExitJson, fromHex, fromU64, kernelExitJson, memoryFrom, memoryJson, pagesJson, regsFrom, regsJson,
  snapshotFrom, snapshotJson, toHex, u64, vectorPath, vectorText,
  type ChunkJson, type CodeJson, type CoreExitJson, type DecodeExpected, type DecodeFormat, type DecodeInput, type GpProgramExpected,
  type GpProgramInput, type HostAnswerJson, type Hex, type IsaExpected, type IsaInput, type Jar1ProgramExpected, type Jar1ProgramInput,
  type KernelExitJson, type KernelExpected, type KernelInput, type PageJson, type ProgramExpected, type ProgramInput, type ProgramStepJson,
  type Runner, type SnapshotJson, type U64, type Vector, type VectorExpected, type VectorInput,
} from '../../vectors/lib/format.js';
export { INPUT_SCHEMAS, OUTPUT_SCHEMAS, SCHEMAS, VectorFormatError, checkVector, parseVector, readVector, schemaText } from '../../vectors/lib/schema.js';
export { W3F_SCHEMA, W3fFormatError, parseW3f, readW3f, type W3fCase, type W3fStatus } from '../../vectors/lib/w3f.js';
export {
  defaultVectorDir, engineTarget, externalTarget, judgeAnswer, vectorFiles, verify,
  type Outcome, type Report, type Target as VectorTarget, type VectorResult,
} from '../vectors/verify.js';
