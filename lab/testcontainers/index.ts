// socklab/testcontainers: what an instructor needs to write graders as vitest tests.
//   await using net = await labNetwork("hw1-alice");
//   const server = await startServer(image, net.lab, { binary, argv: ["{binary}", "{port}"], port: 1234 });
//   const { summary } = await runCheckClient(image, net.lab, ["--proto", "echo", "-P", "1234", "--concurrent", "-c", "5"]);
export { LabContainer, type LabContainerOptions, type RunLimits } from "./lab-container.js";
export { labNetwork, type StartedLabNetwork } from "./lab-network.js";
export { startServer, startProgram, terminate, programArgv, waitUntilListening, lastLines, removeContainer, ServerStartError, PROGRAM_PATH, type ProgramServer } from "./server.js";
export { runClient, runProgram, lastJson, runJsonClient, runLoad, runCheckClient, type ClientRun, type JsonClientRun, type LoadSummary, type CheckSummary, type ClientCounts } from "./client.js";
export { captureAround, type CapturedBlock } from "./capture.js";
export { processTable, serverShape, zombieLines, zombieParentLines, establishedOn, listeningOn, openDescriptors, type ServerShape } from "./process-table.js";
export { eventually, passes } from "./eventually.js";
export { containerId, type ContainerRef } from "./container-ref.js";
// Building a submission (the lab image's build stage) and the rest of the grader.
export { buildSubmission, type BuildResult } from "../grade/build.js";
export { findSubmissions, type Submission } from "../grade/submission.js";
export { loadRubric, type Rubric } from "../grade/rubric.js";
export { gradeSubmission } from "../grade/grade.js";
export { gradeMany } from "../grade/grade-many.js";
export { graderImages } from "../grade/grader-images.js";
export type { GradeResult, CheckResult } from "../grade/result.js";
