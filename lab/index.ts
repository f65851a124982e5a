// socklab as a library: what graders, scenarios and the tests import.
export { startLab, openLab, StartedLab, type StartLabOptions, type ServiceOverrides } from "./lab/lab.js";
export { StartedService, type ProcessRow } from "./lab/service.js";
export { parseProcLimits, type ProcessLimits, type ProcessLimit } from "./lab/proc-limits.js";
export { removeLab, listLabs } from "./lab/teardown.js";
export { setup, type SetupReport } from "./setup.js";
export {
  SERVERS,
  findServer,
  serverNames,
  serverArgs,
  serverCommand,
  serverVariables,
  loadArgs,
  CLIENT_TEST_LIMITS,
  SERVER_LIMITS,
  type ServerProgram,
  type ServerOptions,
  type LoadOptions,
} from "./programs/programs.js";
export { LabError, ExitCode } from "./errors.js";
export { handleInterrupts, onInterrupt } from "./util/interrupt.js";
export { dockerClient } from "./docker/connect.js";
export { DockerodeClient } from "./docker/dockerode-client.js";
export type { DockerClient } from "./docker/docker-client.js";
export * from "./capture/index.js";
export { readCapture, readPackets, decodeBuffer, PcapFormatError, type DecodedPacket } from "./pcap/index.js";
export { analyze, TcpState, type Analysis } from "./tcp/index.js";
export { renderTextReport, renderMermaid, renderSvg, renderAnalysisJson } from "./trace/index.js";
export * from "./assert/index.js";
export { parseImpairmentFlags, ValidationError, type Impairment } from "./netem/index.js";
export { loadScenario, loadScenarios, runScenario, runScenarios, type Scenario, type ScenarioResult, type Verdict } from "./scenario/index.js";
