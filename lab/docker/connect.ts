// The one way the lab gets a Docker client. Lazy: dockerode and its dependency tree (most
// of the CLI's start-up time) load on the first call to the engine, not when this module
// is imported. Like the Docker CLI, dockerode honours DOCKER_HOST (else the local socket).
import type { DockerClient } from "./docker-client.js";

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

export function dockerClient(): DockerClient {
  let real: Promise<Methods> | undefined;
  const load = () => (real ??= import("./dockerode-client.js").then((m) => new m.DockerodeClient() as unknown as Methods));
  return new Proxy({} as DockerClient, {
    get(_target, method) {
      // Not a thenable: `await dockerClient()` must not take it for a promise.
      if (typeof method !== "string" || method === "then") return undefined;
      return async (...args: unknown[]) => {
        const client = await load();
        const fn = client[method];
        if (typeof fn !== "function") throw new TypeError(`DockerClient has no method ${method}`);
        return fn.apply(client, args);
      };
    },
  });
}
