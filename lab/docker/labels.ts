// Every Docker resource socklab creates carries these labels, and is removed by them:
// nothing we did not create is ever touched.

/** Names the lab a container or network belongs to. */
export const LAB_LABEL = "socklab.lab";
/** Names the service (compose service name) of a container. */
export const SERVICE_LABEL = "socklab.service";
/** Marks the lab's own images (base and lab). */
export const IMAGE_LABEL = "socklab.image";
/** Which checkout of the project built a lab image (a hash of its path): each prunes only its own. */
export const CHECKOUT_LABEL = "socklab.checkout";
/** Role of a helper container: "capture", "impair", "run" (a run-once tool such as the load client), "probe". */
export const ROLE_LABEL = "socklab.role";

export function labLabels(lab: string, service?: string, role?: string): Record<string, string> {
  const labels: Record<string, string> = { [LAB_LABEL]: lab };
  if (service) labels[SERVICE_LABEL] = service;
  if (role) labels[ROLE_LABEL] = role;
  return labels;
}
