// A short client-closes connection shared by the rendering tests.
import { analyzeSync } from "../../tcp/analyzer.js";
import type { TcpConnection } from "../../tcp/tcp-connection.js";
import { Conversation } from "../../tcp/testing/test-packets.js";

export function shortConnection(opts: ConstructorParameters<typeof Conversation>[0] = {}): TcpConnection {
  const conv = new Conversation(opts).handshake();
  conv.send("c>s P.", { len: 100 });
  conv.send("s>c P.", { len: 100 });
  conv.send("c>s F.");
  conv.send("s>c F.");
  conv.send("c>s .");
  const [conn] = analyzeSync(conv.packets).tcp;
  if (!conn) throw new Error("no connection");
  return conn;
}
