/**
 * The capability kernel model: load a JAR v2 blob, run to an exit to the host, answer protocol calls.
 */
export { loadKernel, type KernelLoaded, type KernelOptions } from './init.js';
export { resumeProtocolCall, runKernel, type KernelRun } from './run.js';
export { answerProtocolCall, applyWrites, chargeGas, type AnswerResult } from './host.js';
export type { Cap, CNode, DataCap, Frame, KernelState, Vm, VmStatus } from './state.js';
export { fromSnapshot, modelKernel, ModelKernelSession, toSnapshot } from './engine.js';
