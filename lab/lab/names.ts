// How a lab names its Docker resources: one place, so every module agrees.
import { usageError } from "../errors.js";

export function validateLabName(name: string): void {
  if (!/^[a-z0-9][a-z0-9_.-]{0,40}$/.test(name)) {
    throw usageError(`bad lab name '${name}': use lowercase letters, digits, '-', '_' or '.' (at most 41)`);
  }
}

export const networkName = (lab: string): string => `socklab-${lab}`;
export const containerName = (lab: string, service: string): string => `${lab}-${service}`;
