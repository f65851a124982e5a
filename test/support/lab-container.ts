// The lab's containers for the integration tests: the exported grader API itself
// (socklab/testcontainers), so tests, graders and `lab grade` share one code path.
export {
  LabContainer,
  labNetwork,
  startServer,
  startProgram,
  runProgram,
  lastJson,
  runLoad,
  terminate,
  type LoadSummary,
  type ClientRun as ProgramRun,
} from "../../lab/testcontainers/index.js";
