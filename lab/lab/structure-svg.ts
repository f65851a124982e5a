// The structure of a service as a self-contained SVG, like the seed's hand-drawn pictures:
// the process tree on the left (threads hang under their process), the listening socket in
// the middle joined to every holder, and one client per connection on the right.
import { escapeXml } from "../trace/xml-escape.js";
import type { ProcessNode, ServiceStructure } from "./structure.js";

const ROW = 30;
const BOX_H = 22;
const INDENT = 28;
const X_LISTEN = 420;
const X_CLIENT = 620;
const WIDTH = 880;

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

function width(label: string): number {
  return Math.max(60, label.length * 7 + 12);
}

function drawService(s: ServiceStructure, top: number): Drawing {
  const d: Drawing = { shapes: [`<text x="10" y="${top + 14}" font-weight="bold">${escapeXml(`${s.service} (${s.container})`)}</text>`], y: top + ROW, clientY: top + ROW };
  const listenY = new Map<number, number>();
  const walk = (n: ProcessNode, depth: number, parentAnchor?: { x: number; y: number }): void => {
    const x = 10 + depth * INDENT;
    const y = d.y;
    const zombie = n.state === "Z";
    const label = `${n.pid} ${n.name} ${zombie ? "Z zombie" : n.state}`;
    const pairs = n.sockets.filter((k) => k.kind === "unix" && k.socketpair).map((k) => k.fd);
    const pairText = pairs.length > 0 ? `⇄ socketpair fd ${pairs.join(",")}` : "";
    // Lines to the listening socket and the clients leave from after the socketpair note.
    const right = x + width(label) + (pairText ? pairText.length * 7 + 10 : 0);
    if (pairText) d.shapes.push(`<text x="${x + width(label) + 6}" y="${y + 15}" fill="#777">${escapeXml(pairText)}</text>`);
    if (parentAnchor) d.shapes.push(line(parentAnchor.x, parentAnchor.y, parentAnchor.x, y + BOX_H / 2, "#333"), line(parentAnchor.x, y + BOX_H / 2, x, y + BOX_H / 2, "#333"));
    d.shapes.push(box(x, y, width(label), label, zombie ? "#f4c7c3" : "#dbe8f6", zombie ? "#a33" : "#333", zombie));
    d.y += ROW;
    for (const t of n.threads.slice(1)) {
      const tl = `thread ${t.tid} ${t.state}`;
      d.shapes.push(line(x + 10, y + BOX_H, x + 10, d.y + BOX_H / 2, "#777", true), box(x + INDENT, d.y, width(tl), tl, "#eef5e6", "#5a7", true));
      d.y += ROW;
    }
    for (const k of n.sockets) {
      if (k.kind === "listen") {
        if (!listenY.has(k.inode)) {
          listenY.set(k.inode, y);
          d.shapes.push(box(X_LISTEN, y, 150, `listen ${k.local}`, "#fff2cc", "#b80"));
        }
        d.shapes.push(line(right, y + BOX_H / 2, X_LISTEN, (listenY.get(k.inode) ?? y) + BOX_H / 2, "#b80"));
      } else if (k.kind === "tcp") {
        // One row down at least, leaving from the box's bottom: the line passes under the listening socket.
        const cy = Math.max(d.clientY, y + ROW);
        d.clientY = cy + ROW;
        d.shapes.push(line(right - 8, y + BOX_H, X_CLIENT, cy + BOX_H / 2, "#36c"), box(X_CLIENT, cy, 250, `client ${k.peer} (fd ${k.fd})`, "#e8eefc", "#36c"));
      }
    }
    for (const c of n.children) walk(c, depth + 1, { x: x + 10, y: y + BOX_H });
  };
  s.roots.forEach((r) => walk(r, 0));
  d.y = Math.max(d.y, d.clientY) + 10;
  return d;
}

export function renderStructureSvg(structures: ServiceStructure[]): string {
  const shapes: string[] = [];
  let y = 10;
  for (const s of structures) {
    const d = drawService(s, y);
    shapes.push(...d.shapes);
    y = d.y;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...shapes,
    "</svg>",
    "",
  ].join("\n");
}
