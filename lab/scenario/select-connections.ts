// Which connections a wire assertion looks at: lab/assert's FlowSelector (ports,
// addresses, id, index) narrowed by what happened to them, e.g. the connections whose
// handshake never completed, or the one the server reset.
import { TraceAssertionError, type FlowSelector, type Trace } from "../assert/index.js";
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import type { Side } from "../tcp/tcp-state.js";

export interface ConnectionChoice extends FlowSelector {
  handshake?: "complete" | "incomplete";
  resetBy?: Side | "none";
  retransmittedBy?: Side;
}

function fits(c: TcpConnection, choice: ConnectionChoice): boolean {
  if (choice.handshake && c.handshake.complete !== (choice.handshake === "complete")) return false;
  if (choice.resetBy === "none" && c.resets.length > 0) return false;
  if (choice.resetBy && choice.resetBy !== "none" && !c.resets.some((r) => r.by === choice.resetBy)) return false;
  if (choice.retransmittedBy && !c.retransmissions.some((r) => r.side === choice.retransmittedBy)) return false;
  return true;
}

/** Every connection the choice matches (its index ignored), in capture order. */
export function matchingConnections(trace: Trace, choice: ConnectionChoice): TcpConnection[] {
  return trace.connectionsMatching(choice).filter((c) => fits(c, choice));
}

/** "server port 1234, handshake incomplete" */
export function describeChoice(choice: ConnectionChoice): string {
  const names: Record<string, string> = {
    serverPort: "server port",
    clientPort: "client port",
    serverAddress: "server",
    clientAddress: "client",
    id: "number",
    index: "index",
    handshake: "handshake",
    resetBy: "reset by",
    retransmittedBy: "retransmission by",
  };
  return Object.entries(choice)
    .map(([k, v]) => `${names[k] ?? k} ${v}`)
    .join(", ");
}

function statusOf(c: TcpConnection): string {
  const parts = [c.handshake.complete ? "handshake complete" : "handshake incomplete"];
  for (const r of c.resets) parts.push(`reset by ${r.by}`);
  if (c.retransmissions.length) parts.push(`${c.retransmissions.length} retransmission(s)`);
  return parts.join(", ");
}

/** The connection a choice picks (its index among the matches, default the first). */
export function chosenConnection(trace: Trace, choice: ConnectionChoice): TcpConnection {
  const found = matchingConnections(trace, choice);
  const hit = found[choice.index ?? 0];
  if (hit) return hit;
  throw noConnection(trace, choice, found.length);
}

export function noConnection(trace: Trace, choice: ConnectionChoice, matched: number): TraceAssertionError {
  const list = trace.connections.map((c) => `  ${c.id}: ${formatEndpoint(c.client)} -> ${formatEndpoint(c.server)} (${statusOf(c)})`);
  const wanted = describeChoice(choice) || "any";
  return new TraceAssertionError(
    [`no TCP connection matches ${wanted} (${matched} matched)`, "TCP connections in the capture:", ...(list.length ? list : ["  (none)"])].join("\n"),
    wanted,
    list.join("\n"),
  );
}
