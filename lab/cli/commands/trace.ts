// `lab trace <pcap>`: decodes a capture offline; no Docker involved.
import type { Command } from "commander";
import { collect, intOption } from "../options.js";
import type { TraceOptions } from "../trace-report.js";

export function registerTrace(program: Command): void {
  program
    .command("trace")
    .description("decode a capture: per TCP connection the segments, a ladder with TCP states, and a summary")
    .argument("<pcap>", "a pcap or pcapng file (e.g. one `lab capture` saved)")
    .option("--mermaid", "print a Mermaid sequenceDiagram per connection instead")
    .option("--svg <file>", "write the ladder(s) as SVG to this file")
    .option("--json", "print the whole analysis as JSON")
    .option("--connection <n>", "only connection N (as numbered in the report)", intOption("--connection", 1, 1_000_000_000))
    .option("--filter <sel>", "only connections matching port=P, client=ADDR:PORT, server=ADDR:PORT (repeatable)", collect)
    .option("--full", "show every segment in ladders (no collapsing of bulk data)")
    .action(async (file: string, opts: TraceOptions) => {
      const { runTrace } = await import("../trace-report.js");
      await runTrace(file, opts);
    });
}
