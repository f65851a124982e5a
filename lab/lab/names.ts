// How a lab names its Docker resources: one place, so every module agrees.
export const networkName = (lab: string): string => `socklab-${lab}`;
export const containerName = (lab: string, service: string): string => `${lab}-${service}`;
