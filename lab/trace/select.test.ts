import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { connectionByNumber, parseConnectionFilter, selectConnections } from "./select.js";

const conns = analyzeSync([
  ...new Conversation({ client: "10.0.0.2:40000", server: "10.0.0.3:7" }).handshake().packets,
  ...new Conversation({ client: "10.0.0.2:40001", server: "10.0.0.3:1234", startIndex: 3 }).handshake().packets,
]).tcp;

describe("connection selection", () => {
  it("picks by number and explains a bad one", () => {
    expect(connectionByNumber(conns, 2).server.port).toBe(1234);
    expect(() => connectionByNumber(conns, 3)).toThrow("no connection 3: the capture has 2 TCP connection(s)");
  });

  it("filters by port and endpoint", () => {
    expect(selectConnections(conns, { port: 7 }).map((c) => c.id)).toEqual([1]);
    expect(selectConnections(conns, parseConnectionFilter("client=10.0.0.2:40001")).map((c) => c.id)).toEqual([2]);
    expect(selectConnections(conns, parseConnectionFilter("server=1234,port=40001")).map((c) => c.id)).toEqual([2]);
  });

  it("parses selectors", () => {
    expect(parseConnectionFilter("3")).toEqual({ number: 3 });
    expect(parseConnectionFilter("server=[::1]:80")).toEqual({ server: { address: "::1", port: 80 } });
    expect(() => parseConnectionFilter("host=x")).toThrow(/unknown connection selector/);
  });
});
