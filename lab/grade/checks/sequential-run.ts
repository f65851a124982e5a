// One scenario for two checks: the server's descriptors and process table before and
// after many connections made one after the other. A server that leaks a descriptor per
// connection ends with that many more; one that never reaps ends with that many zombies.
import type { CheckSummary, JsonClientRun } from "../../testcontainers/client.js";
import { eventually } from "../../testcontainers/eventually.js";
import { openDescriptors, serverShape, type ServerShape } from "../../testcontainers/process-table.js";
import type { GradeContext } from "../check.js";
import { client, clientBoundMs, describeExit, stillServing, withServer, type ServerFailure } from "../server-session.js";

export interface SequentialObservation {
  connections: number;
  run: JsonClientRun<CheckSummary>;
  /** Set when the server's main process did not survive the run. */
  died?: string;
  fdsBefore: number;
  fdsAfter: number;
  /** `ls -l /proc/<pid>/fd` after the run. */
  fdListing: string[];
  after?: ServerShape;
}

/** Waits this long for connections' descriptors and children to go (they end asynchronously). */
const SETTLE_MS = 3_000;

export function sequentialRun(ctx: GradeContext, connections: number, tolerance: number): Promise<SequentialObservation | ServerFailure> {
  return ctx.memo(`sequential-${connections}`, () =>
    withServer(ctx, async (server) => {
      const before = await openDescriptors(server.container, server.pid);
      const run = await client(ctx, ["-c", String(connections), "-w", "5"], clientBoundMs(connections));
      const alive = await stillServing(server);
      if (!alive.alive) {
        return { connections, run, died: describeExit(alive.exitCode), fdsBefore: before.count, fdsAfter: 0, fdListing: [] };
      }
      const settled = await eventually(
        async () => ({ fds: await openDescriptors(server.container, server.pid), shape: await serverShape(server.container) }),
        (s) => s.fds.count <= before.count + tolerance && s.shape.zombies === 0,
        SETTLE_MS,
      );
      return { connections, run, fdsBefore: before.count, fdsAfter: settled.fds.count, fdListing: settled.fds.listing, after: settled.shape };
    }, (o) => !o.died && o.after?.zombies === 0 && o.fdsAfter <= o.fdsBefore + tolerance, { fresh: true }),
  );
}
