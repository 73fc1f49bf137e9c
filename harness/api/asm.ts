/**
 * `javm-kit/asm`: the kit's assembler (PVM/JAVM text to a code image) and the program containers
 * (gp deblob, jar1 CODE sub-blob, JAR v2 manifest). See vectors/lib/asm-parse.ts for the syntax.
 */
export {
  asm, asmWith, assemble, assembleOrThrow, immWidth, ASM_OPCODES,
  codeBlob, compactNatural, gpBlob, jarBlob, leastEntrySize, packBitmask,
  type AsmError, type AsmFormat, type AsmLine, type AsmOpcode, type AsmOptions, type AsmResult, type Assembled, type JarCapSpec, type JarSpec,
} from '../asm/index.js';
