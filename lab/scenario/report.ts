// report.html: one self-contained page a student can hand in: the scenario's explanation
// (its README.md), every verdict with its evidence, the ladders as inline SVG, the steps,
// the impairment mechanism and the programs' output. No script, no external resource.
// Everything that comes from a program or a capture is escaped; raw HTML in the README is
// shown as text.
import escapeHtml from "escape-html";
import { Marked } from "marked";
import { describeExit } from "./signals.js";
import type { CaseResult, ScenarioResult } from "./result.js";
import type { ProgramRecord } from "./program-record.js";

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
.meta { color: #555; } code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.2em 0; }
table.verdicts pre { max-height: 30em; overflow-y: auto; }
.badge { display: inline-block; padding: 0.1em 0.6em; border-radius: 4px; color: white; font-weight: bold; }
.pass .badge, .badge.pass { background: #1a7f37; } .fail .badge, .badge.fail { background: #cf222e; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ddd; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
tr.fail td { background: #fff0f0; } tr.pass td.status { color: #1a7f37; font-weight: bold; } tr.fail td.status { color: #cf222e; font-weight: bold; }
figure.ladder { margin: 1em 0; } figure.ladder svg { max-width: 100%; height: auto; border: 1px solid #eee; }
.explanation { background: #fafaf5; border-left: 4px solid #cc9; padding: 0.2em 1em; }
small { color: #777; }
@media print { details { display: block; } details > summary { display: none; } }
`;

const h = (text: unknown): string => escapeHtml(String(text));
const pre = (text: string): string => `<pre>${h(text)}</pre>`;

/** Markdown to HTML, with any raw HTML in it shown as text. */
function markdown(text: string): string {
  const md = new Marked({ gfm: true });
  md.use({ renderer: { html: (token) => h(token.text) } });
  return md.parse(text, { async: false });
}

const status = (passed: boolean): string => `<span class="badge ${passed ? "pass" : "fail"}">${passed ? "PASS" : "FAIL"}</span>`;

function verdictTable(c: CaseResult): string {
  const rows = c.verdicts.map(
    (v) => `<tr class="${v.passed ? "pass" : "fail"}" data-verdict="${v.passed ? "PASS" : "FAIL"}">
<td class="status">${v.passed ? "PASS" : "FAIL"}</td><td>${h(v.title)}<br><small>${h(v.id)} (${h(v.kind)})</small></td>
<td>${pre(v.expected)}</td><td>${pre(v.seen)}${v.detail ? `<details${v.passed ? "" : " open"}><summary>details</summary>${pre(v.detail)}</details>` : ""}</td></tr>`,
  );
  return `<table class="verdicts"><thead><tr><th></th><th>assertion</th><th>expected</th><th>seen</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function ladders(c: CaseResult, read: (rel: string) => string): string {
  if (c.ladders.length === 0) return "";
  const figures = c.ladders.map((l) => {
    const svg = safeRead(read, l.svg);
    return `<figure class="ladder" data-capture="${h(l.capture)}" data-connection="${l.connection}">
${svg.startsWith("<svg") ? svg : pre(svg)}
<figcaption>${h(l.title)} <small>(capture at ${h(l.capture)}; files: <a href="${h(l.svg)}">SVG</a>, <a href="${h(l.text)}">text</a>, <a href="${h(l.mermaid)}">Mermaid</a>)</small></figcaption>
<details><summary>the ladder as text</summary>${pre(safeRead(read, l.text))}</details>
</figure>`;
  });
  return `<h3>Ladders</h3>\n${figures.join("\n")}`;
}

function safeRead(read: (rel: string) => string, rel: string): string {
  try {
    return read(rel);
  } catch {
    return `(${rel} is missing)`;
  }
}

function program(p: ProgramRecord): string {
  const end = p.exitCode === undefined ? "did not end" : describeExit(p.exitCode);
  return `<details class="program" data-program="${h(p.name)}"><summary><b>${h(p.name)}</b> (${h(p.kind)} in ${h(p.service)}): <code>${h(p.argv.join(" "))}</code>: ${h(end)}</summary>
${p.stdout ? `<div>stdout</div>${pre(p.stdout)}` : "<div>stdout: (nothing)</div>"}
${p.stderr ? `<div>stderr</div>${pre(p.stderr)}` : "<div>stderr: (nothing)</div>"}
</details>`;
}

function caseSection(c: CaseResult, many: boolean, read: (rel: string) => string): string {
  const steps = c.steps.map((s) => `<li>${h(s.text)} <small>(+${(s.startedMs / 1000).toFixed(3)} s, ${s.ms} ms)</small>${s.error ? ` <b>failed: ${h(s.error)}</b>` : ""}</li>`);
  const imps = c.impairments.map((i) => `<li>${h(i.service)}: ${h(i.asked)}, by <b>${h(i.mechanism)}</b>${i.state.length ? `; read back: ${h(i.state.join("; "))}` : ""}</li>`);
  const caps = c.captures.map(
    (k) => `<li><a href="${h(k.pcap)}">${h(k.pcap)}</a> at ${h(k.service)}: ${k.packets ?? "?"} packets, ${k.tcpConnections} TCP connection(s), ${k.udpFlows} UDP flow(s) (<a href="${h(k.meta)}">capture point</a>)${k.problem ? `: ${h(k.problem)}` : ""}</li>`,
  );
  const passed = c.verdicts.filter((v) => v.passed).length;
  return `<section class="case ${c.passed ? "pass" : "fail"}" id="case-${h(c.name)}" data-case="${h(c.name)}">
<h2>${many ? `Case ${h(c.name)}${c.title ? `: ${h(c.title)}` : ""} ` : "Verdicts "}${status(c.passed)}</h2>
<p class="meta">${passed} of ${c.verdicts.length} assertions held; lab ${h(c.lab)}; ${(c.durationMs / 1000).toFixed(1)} s</p>
${many ? "<h3>Verdicts</h3>" : ""}
${verdictTable(c)}
${ladders(c, read)}
<h3>Steps</h3><ol>${steps.join("\n")}</ol>
${imps.length ? `<h3>Impairments</h3><ul>${imps.join("\n")}</ul>` : ""}
<h3>Programs</h3>
${c.programs.map(program).join("\n")}
${caps.length ? `<h3>Captures</h3><ul>${caps.join("\n")}</ul>` : ""}
</section>`;
}

export function renderReport(r: ScenarioResult, readme: string, read: (rel: string) => string): string {
  const many = r.cases.length > 1 || (r.cases[0]?.name ?? "default") !== "default";
  const summary = many
    ? `<table class="cases"><tr><th>case</th><th>verdict</th><th>assertions held</th></tr>${r.cases
        .map((c) => `<tr class="${c.passed ? "pass" : "fail"}"><td><a href="#case-${h(c.name)}">${h(c.name)}</a></td><td>${status(c.passed)}</td><td>${c.verdicts.filter((v) => v.passed).length} of ${c.verdicts.length}</td></tr>`)
        .join("")}</table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(r.scenario)}: ${r.passed ? "PASS" : "FAIL"}</title><style>${STYLE}</style></head>
<body class="${r.passed ? "pass" : "fail"}" data-result="${r.passed ? "PASS" : "FAIL"}">
<h1>${h(r.scenario)}: ${h(r.title)} ${status(r.passed)}</h1>
<p class="meta">tags: ${r.tags.map(h).join(", ")}; run ${h(r.startedAt)} in ${(r.durationMs / 1000).toFixed(1)} s; socklab ${h(r.socklab.version)}, image ${h(r.socklab.image)}</p>
<section class="explanation">${markdown(readme)}</section>
${summary}
${r.cases.map((c) => caseSection(c, many, read)).join("\n")}
</body></html>
`;
}
