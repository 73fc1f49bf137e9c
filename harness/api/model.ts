/**
 * `javm-kit/model`: the executable specification as a library. The model's two engines (core and
 * capability kernel, both profiles) behind the shared contract, and its pure entry points: blob
 * parsing, a core run from a machine state, a jar1 blob on one VM, the disassembler. Everything
 * here is the reference the kit judges other engines by (README.md "model/").
 */
export { modelCore, parseCode, runCore, runJar1, startCore } from '../../model/index.js';
export { disassemble, loadJar1, parseJarBlob, type DisasmLine, type Jar1Loaded, type Jar1Options, type JarCap, type JarProgram } from '../../model/index.js';
export { modelKernel } from '../../model/kernel/index.js';
