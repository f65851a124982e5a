// The structure of a service as a self-contained SVG, like the seed's hand-drawn pictures:
// the process tree on the left (threads hang under their process), the listening socket in
// the middle joined to every holder, and one client per connection on the right, joined to
// the task that serves it (the thread blocked in read on its descriptor, else the process).
import { escapeXml } from "../trace/xml-escape.js";
import type { HeldSocket, ProcessNode, ServiceStructure, Task } from "./structure.js";
import { blockedText } from "./structure-syscalls.js";

const ROW = 30;
const BOX_H = 22;
const INDENT = 28;
const CHAR_W = 7;
const GAP = 40;

/** Calls a task sits in while it serves the connection on their descriptor. */
const SERVING = new Set(["read", "recvfrom", "recvmsg", "write", "sendto", "sendmsg"]);

interface Row {
  x: number;
  y: number;
  /** Where lines to the listening socket and the clients leave from. */
  right: number;
}

interface Drawing {
  shapes: string[];
  y: number;
  clientY: number;
}

function box(x: number, y: number, w: number, label: string, fill: string, stroke = "#333", dashed = false): string {
  const dash = dashed ? ' stroke-dasharray="4 3"' : "";
  return `<rect x="${x}" y="${y}" width="${w}" height="${BOX_H}" rx="4" fill="${fill}" stroke="${stroke}"${dash}/>` +
    `<text x="${x + 6}" y="${y + 15}">${escapeXml(label)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, color: string, dashed = false): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}"${dashed ? ' stroke-dasharray="4 3"' : ""}/>`;
}

const width = (label: string): number => Math.max(60, label.length * CHAR_W + 12);
const blocked = (t: Task | undefined): string => (t?.blocked ? ` ${blockedText(t.blocked)}` : "");
const processLabel = (n: ProcessNode): string => `${n.pid} ${n.name} ${n.state === "Z" ? "Z zombie" : n.state}${blocked(n.threads[0])}`;
const threadLabel = (t: Task): string => `thread ${t.tid} ${t.state}${blocked(t)}`;
const pairText = (n: ProcessNode): string => {
  const fds = n.sockets.filter((k) => k.kind === "unix" && k.socketpair).map((k) => k.fd);
  return fds.length > 0 ? `⇄ socketpair fd ${fds.join(",")}` : "";
};
const listenLabel = (k: HeldSocket): string => `listen ${k.local}${k.backlog ? ` +${k.backlog} in backlog` : ""}`;

/** The columns: the tree's widest row, then the listening sockets, then the clients. */
function columns(s: ServiceStructure): { listenX: number; listenW: number; clientX: number } {
  let treeRight = 200;
  let listenW = 150;
  const walk = (n: ProcessNode, depth: number): void => {
    const x = 10 + depth * INDENT;
    const pair = pairText(n);
    treeRight = Math.max(treeRight, x + width(processLabel(n)) + (pair ? pair.length * CHAR_W + 10 : 0));
    for (const t of n.threads.slice(1)) treeRight = Math.max(treeRight, x + INDENT + width(threadLabel(t)));
    for (const k of n.sockets) if (k.kind === "listen") listenW = Math.max(listenW, width(listenLabel(k)));
    n.children.forEach((c) => walk(c, depth + 1));
  };
  s.roots.forEach((r) => walk(r, 0));
  const listenX = treeRight + GAP;
  return { listenX, listenW, clientX: listenX + listenW + GAP };
}

function drawService(s: ServiceStructure, top: number): Drawing & { right: number } {
  const { listenX, listenW, clientX } = columns(s);
  const d: Drawing = { shapes: [`<text x="10" y="${top + 14}" font-weight="bold">${escapeXml(`${s.service} (${s.container})`)}</text>`], y: top + ROW, clientY: top + ROW };
  const listenY = new Map<number, number>();
  const client = (from: Row, k: HeldSocket): void => {
    // One row down at least, leaving from the box's bottom: the line passes under the listening socket.
    const cy = Math.max(d.clientY, from.y + ROW);
    d.clientY = cy + ROW;
    d.shapes.push(line(from.right - 8, from.y + BOX_H, clientX, cy + BOX_H / 2, "#36c"), box(clientX, cy, 250, `client ${k.peer} (fd ${k.fd})`, "#e8eefc", "#36c"));
  };
  const walk = (n: ProcessNode, depth: number, parentAnchor?: { x: number; y: number }): void => {
    const x = 10 + depth * INDENT;
    const label = processLabel(n);
    const pair = pairText(n);
    const row: Row = { x, y: d.y, right: x + width(label) + (pair ? pair.length * CHAR_W + 10 : 0) };
    const zombie = n.state === "Z";
    if (pair) d.shapes.push(`<text x="${x + width(label) + 6}" y="${row.y + 15}" fill="#777">${escapeXml(pair)}</text>`);
    if (parentAnchor) d.shapes.push(line(parentAnchor.x, parentAnchor.y, parentAnchor.x, row.y + BOX_H / 2, "#333"), line(parentAnchor.x, row.y + BOX_H / 2, x, row.y + BOX_H / 2, "#333"));
    d.shapes.push(box(x, row.y, width(label), label, zombie ? "#f4c7c3" : "#dbe8f6", zombie ? "#a33" : "#333", zombie));
    d.y += ROW;
    const servers = new Map<number, Row>(); // fd -> the thread row blocked on it
    for (const t of n.threads.slice(1)) {
      const tl = threadLabel(t);
      const tRow: Row = { x: x + INDENT, y: d.y, right: x + INDENT + width(tl) };
      if (t.blocked?.fd !== undefined && SERVING.has(t.blocked.call)) servers.set(t.blocked.fd, tRow);
      d.shapes.push(line(x + 10, row.y + BOX_H, x + 10, d.y + BOX_H / 2, "#777", true), box(tRow.x, d.y, width(tl), tl, "#eef5e6", "#5a7", true));
      d.y += ROW;
    }
    // Clients in the order of the threads that serve them, so that their lines do not cross.
    const rowOf = (k: HeldSocket): number => (k.kind === "tcp" ? (servers.get(k.fd) ?? row).y : -1);
    for (const k of [...n.sockets].sort((a, b) => rowOf(a) - rowOf(b))) {
      if (k.kind === "listen") {
        if (!listenY.has(k.inode)) {
          listenY.set(k.inode, row.y);
          d.shapes.push(box(listenX, row.y, listenW, listenLabel(k), "#fff2cc", "#b80"));
        }
        d.shapes.push(line(row.right, row.y + BOX_H / 2, listenX, (listenY.get(k.inode) ?? row.y) + BOX_H / 2, "#b80"));
      } else if (k.kind === "tcp") client(servers.get(k.fd) ?? row, k);
    }
    for (const c of n.children) walk(c, depth + 1, { x: x + 10, y: row.y + BOX_H });
  };
  s.roots.forEach((r) => walk(r, 0));
  d.y = Math.max(d.y, d.clientY) + 10;
  return { ...d, right: clientX + 260 };
}

export function renderStructureSvg(structures: ServiceStructure[]): string {
  const shapes: string[] = [];
  let y = 10;
  let w = 600;
  for (const s of structures) {
    const d = drawService(s, y);
    shapes.push(...d.shapes);
    y = d.y;
    w = Math.max(w, d.right);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${y}" viewBox="0 0 ${w} ${y}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...shapes,
    "</svg>",
    "",
  ].join("\n");
}
