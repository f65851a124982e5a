// Public API of impairments: apply/show/reset from a sidecar in the target's namespace,
// the kernel probe (cached per engine) and `lab doctor`'s report.
export {
  ADDRESS_LABEL,
  IMPAIR_ROLE,
  applyImpairment,
  ensureSidecar,
  impairSidecarName,
  impairSidecars,
  readImpairment,
  clearImpairment,
  resolveInterface,
  showImpairment,
  type AppliedImpairment,
  type ImpairOptions,
  type ImpairTarget,
  type ShownImpairment,
} from "./impair.js";
export { kernelCapabilities, cacheFile, cacheKey, forgetProbes, DOCTOR_LAB, PROBE_ROLE, type ProbeResult } from "./probe.js";
export { doctorReport, mechanismTable, netemVerdict, renderDoctor, type DoctorReport, type MechanismTable } from "./doctor.js";
export { parseState, describeState, describeDirection, formatRate, type ImpairmentState, type DirectionState } from "./state.js";
export { interfaceForAddress, parseIpAddrShow } from "./resolver.js";
