// Is the order of the designs the same from one run to the next? Give it the results of
// runs of the same load (each `lab bench designs --out DIR` writes DIR/designs.json):
//   for k in 1 2 3; do npx lab bench designs -c 100 -t 5 --out /tmp/rank-$k; done
//   node --import tsx bench/ranking-stability.ts /tmp/rank-1 /tmp/rank-2 /tmp/rank-3
// For conn/s and for CPU it counts the pairs of designs whose min–max ranges are apart in
// every run and keep their order, and names the pairs that are apart both ways round.
// Exit 1 when some pair contradicts itself, 2 on bad usage.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { DesignsReport } from "../lab/bench/designs.js";
import { summarizeDesigns } from "../lab/bench/designs-summary.js";
import { checkRanking, describeRanking } from "../lab/bench/ranking.js";

const paths = process.argv.slice(2).map((p) => (existsSync(p) && statSync(p).isDirectory() ? join(p, "designs.json") : p));
if (paths.length < 2 || paths.some((p) => !existsSync(p))) {
  process.stderr.write("usage: bench/ranking-stability.ts RESULTS... (two or more designs.json files or their directories)\n");
  process.exit(2);
}
const reports = paths.map((p) => JSON.parse(readFileSync(p, "utf8")) as DesignsReport);
const runs = reports.map((r) => summarizeDesigns(r.designs));
let contradictions = 0;
for (const metric of ["connPerS", "cpuS"] as const) {
  const check = checkRanking(runs, metric);
  contradictions += check.contradicted.length;
  process.stdout.write(`${describeRanking(check)}\n\n`);
}
process.exit(contradictions > 0 ? 1 : 0);
