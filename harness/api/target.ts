/**
 * `javm-kit/target`: the target protocol (vectors/TARGET.md) by which `javm fuzz --target` and
 * `javm vectors verify --target` drive an implementation: message types, their JSON Schemas, checkers
 * that name the field at fault, and the kit's request lines. For writing an adapter in JavaScript.
 */
export {
  BYE_LINE, CASE_KINDS, TARGET_FEATURES, TARGET_PROTOCOL, TARGET_SCHEMAS, checkHello, checkRequest, checkResponse, helloLine, runLine,
  type ByeRequest, type CaseKind, type Checked, type ErrorResponse, type HelloRequest, type HelloResponse, type ResultResponse, type RunRequest,
  type RunResponse, type TargetFeature, type TargetRequest, type TraceRecord, type UnsupportedResponse,
} from '../../vectors/lib/target.js';
