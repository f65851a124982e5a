// Public API of the trace renderings (what `lab trace` calls).
export { captureNotes, timeWarning } from "./capture-notes.js";
export { connectionSummary, connectionTitle } from "./connection-summary.js";
export { renderAnalysisJson, renderJson, toJsonValue } from "./json.js";
export { renderLadder, type LadderTextOptions } from "./ladder.js";
export { buildLadder, type LadderModel, type LadderOptions, type LadderRow } from "./ladder-model.js";
export { escapeMermaid, renderMermaid } from "./mermaid.js";
export { renderConnectionText, renderTextReport, type TextReportOptions } from "./render-text.js";
export { arrowLabel, tcpdumpLine, tcpdumpLines } from "./segment-text.js";
export { connectionByNumber, parseConnectionFilter, selectConnections, type ConnectionFilter, type EndpointPattern } from "./select.js";
export { renderSvg, type SvgOptions } from "./svg.js";
export { formatDuration, formatSeconds } from "./time-format.js";
