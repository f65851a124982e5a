// Every check by its rubric name.
import type { Check } from "../check.js";
import type { CheckId } from "../check-params.js";
import { builds } from "./builds.js";
import { concurrent } from "./concurrent.js";
import { design } from "./design.js";
import { malformed } from "./malformed.js";
import { noFdLeak } from "./no-fd-leak.js";
import { noWarnings } from "./no-warnings.js";
import { noZombies } from "./no-zombies.js";
import { servesOne } from "./serves-one.js";
import { sigterm } from "./sigterm.js";
import { slowClient } from "./slow-client.js";
import { survivesReset } from "./survives-reset.js";
import { wire } from "./wire.js";

export const CHECKS: Record<CheckId, Check> = {
  builds,
  "no-warnings": noWarnings,
  "serves-one": servesOne,
  concurrent,
  malformed,
  "slow-client": slowClient,
  "no-fd-leak": noFdLeak,
  "no-zombies": noZombies,
  "survives-reset": survivesReset,
  sigterm,
  wire,
  design,
};
