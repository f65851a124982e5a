// Process-table snapshots for the integration tests: the exported grader API itself.
export { serverShape, establishedOn, eventually, type ServerShape } from "../../lab/testcontainers/index.js";
