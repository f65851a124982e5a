// The structure of a service as a terminal tree and as a Mermaid flowchart.
import type { HeldSocket, ProcessNode, ServiceStructure, Task } from "./structure.js";
import { blockedText } from "./structure-syscalls.js";

const STATE_WORDS: Record<string, string> = { R: "running", S: "sleeping", D: "disk wait", Z: "ZOMBIE", T: "stopped", t: "traced", I: "idle", X: "dead" };

export function stateWord(state: string): string {
  return STATE_WORDS[state] ?? state;
}

export function socketText(s: HeldSocket): string {
  const shared = s.sharedWith.length > 0 ? ` (shared with ${s.sharedWith.join(",")})` : "";
  const waiting = s.backlog ? `, ${s.backlog} waiting in the backlog` : "";
  if (s.kind === "listen") return `fd ${s.fd} listen ${s.local}${waiting}${shared}`;
  if (s.kind === "tcp") return `fd ${s.fd} tcp ${s.local} <-> ${s.peer} ${s.state}${shared}`;
  if (s.kind === "unix") return `fd ${s.fd} unix ${s.socketpair ? "socketpair" : s.local === "*" ? "unnamed" : s.local} ${s.state}${s.peer ? ` peer inode ${s.peer}` : ""}${shared}`;
  return `fd ${s.fd} socket inode ${s.inode}`;
}

function taskLine(t: Task): string {
  return `thread ${t.tid} ${t.state} (${stateWord(t.state)})${t.blocked ? ` ${blockedText(t.blocked)}` : ""}`;
}

/** The tree as lines: processes, their threads, their sockets. */
export function renderStructureText(s: ServiceStructure): string {
  const lines = [`${s.service} (${s.container})`];
  const walk = (n: ProcessNode, prefix: string, last: boolean): void => {
    const main = n.threads[0]?.blocked ? ` ${blockedText(n.threads[0].blocked)}` : "";
    lines.push(`${prefix}${last ? "└─ " : "├─ "}${n.pid} ${n.name} ${n.state} (${stateWord(n.state)})${main}${n.threads.length > 1 ? `, ${n.threads.length} threads` : ""}`);
    const inner = prefix + (last ? "   " : "│  ");
    const extra = n.threads.length > 1 ? n.threads.slice(1) : [];
    const items = [...extra.map(taskLine), ...n.sockets.map(socketText)];
    if (extra.length > 0 && n.sockets.some((k) => k.kind === "tcp")) items.push("(threads share one descriptor table: a thread in read fd N serves the connection on fd N)");
    const bar = n.children.length > 0 ? "│ " : "  ";
    items.forEach((text) => lines.push(`${inner}${bar} ${text}`));
    n.children.forEach((c, i) => walk(c, inner, i === n.children.length - 1));
  };
  s.roots.forEach((r, i) => walk(r, "", i === s.roots.length - 1));
  return lines.join("\n");
}

function quote(label: string): string {
  return `"${label.replace(/"/g, "#quot;")}"`;
}

/**
 * A Mermaid flowchart in the spirit of the seed's pictures: parent, children and threads,
 * the listening socket every holder shares, and one client node per connection.
 */
export function renderStructureMermaid(structures: ServiceStructure[]): string {
  const out = ["flowchart LR"];
  for (const s of structures) {
    const id = (x: string): string => `${s.service.replace(/\W/g, "_")}_${x}`;
    out.push(`  subgraph ${id("svc")}[${quote(`${s.service} (${s.container})`)}]`);
    const listens = new Set<string>();
    const walk = (n: ProcessNode): void => {
      const shape = n.state === "Z" ? `{{${quote(`${n.pid} ${n.name} ZOMBIE`)}}}` : `[${quote(`${n.pid} ${n.name} ${n.state}`)}]`;
      out.push(`    ${id(`p${n.pid}`)}${shape}`);
      for (const t of n.threads.slice(1)) {
        out.push(`    ${id(`t${t.tid}`)}(${quote(`thread ${t.tid} ${t.state}`)})`);
        out.push(`    ${id(`p${n.pid}`)} -.- ${id(`t${t.tid}`)}`);
      }
      for (const k of n.sockets) {
        if (k.kind === "listen") {
          if (!listens.has(k.local)) out.push(`    ${id(`l${k.inode}`)}[/${quote(`listen ${k.local}`)}/]`);
          listens.add(k.local);
          out.push(`    ${id(`p${n.pid}`)} --- ${id(`l${k.inode}`)}`);
        } else if (k.kind === "tcp") {
          out.push(`    ${id(`c${k.inode}`)}((${quote(`client ${k.peer}`)}))`);
          out.push(`    ${id(`p${n.pid}`)} <-->|${quote(`fd ${k.fd}`)}| ${id(`c${k.inode}`)}`);
        } else if (k.kind === "unix" && k.socketpair) {
          out.push(`    ${id(`p${n.pid}`)} -.-|${quote(`unix fd ${k.fd}`)}| ${id(`u${Math.min(k.inode, Number(k.peer))}`)}`);
        }
      }
      for (const c of n.children) {
        walk(c);
        out.push(`    ${id(`p${n.pid}`)} --> ${id(`p${c.pid}`)}`);
      }
    };
    s.roots.forEach(walk);
    const pairs = new Set(allUnixPairs(s));
    for (const p of pairs) out.push(`    ${id(`u${p}`)}((socketpair))`);
    out.push("  end");
  }
  return out.join("\n") + "\n";
}

function allUnixPairs(s: ServiceStructure): number[] {
  const ids: number[] = [];
  const walk = (n: ProcessNode): void => {
    for (const k of n.sockets) if (k.kind === "unix" && k.socketpair) ids.push(Math.min(k.inode, Number(k.peer)));
    n.children.forEach(walk);
  };
  s.roots.forEach(walk);
  return ids;
}
