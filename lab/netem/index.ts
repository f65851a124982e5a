export { ValidationError, UnsupportedError } from "./errors.js";
export { parseDuration, parsePercent, parseRate, formatDurationForTc } from "./units.js";
export {
  type Direction,
  type Impairment,
  type ImpairmentInput,
  parseImpairmentFlags,
  parseXNetem,
  checkImpairment,
  isEmptyImpairment,
} from "./impairment.js";
export {
  type Ulimit,
  type UlimitName,
  type Sysctl,
  ULIMIT_NAMES,
  parseUlimit,
  parseComposeUlimits,
  parseSysctl,
  parseComposeSysctls,
} from "./limits.js";
export {
  type KernelCapabilities,
  type MechanismPlan,
  type DelayMechanism,
  type LossMechanism,
  type RateMechanism,
  type IptablesBinary,
  PROBE_SCRIPT,
  PROBE_QUEUE_NUM,
  BLACKHOLE_QUEUE_NUM,
  DELAYER_MARK,
  parseProbeOutput,
  chooseMechanisms,
} from "./mechanism.js";
export {
  type Command,
  type DelayerSpec,
  type Step,
  type ApplyOptions,
  type ResetOptions,
  DEFAULT_PIDFILE,
  EGRESS_CHAIN,
  INGRESS_CHAIN,
  tbfParams,
  buildApply,
  buildReset,
} from "./commands.js";
