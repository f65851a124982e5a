// The README's table of designs shows a picture of each design under load, drawn by the lab
// (`npm run diagrams` -> images/diagrams/<design>.svg): every design has one, the README
// shows it, and headless Chromium renders it with the server, its workers, the listening
// socket and the clients the design holds.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../lab/paths.js";
import { SERVERS } from "../lab/programs/programs.js";
import { renderSvgsInChromium } from "./support/chromium.js";

const HELD = 5;
const dir = join(projectRoot(), "images", "diagrams");
const count = (texts: string[], re: RegExp): number => texts.filter((t) => re.test(t)).length;

test("each design's diagram is in the README and renders in headless Chromium", async () => {
  const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");
  for (const s of SERVERS) {
    expect(existsSync(join(dir, `${s.name}.svg`)), s.name).toBe(true);
    expect(readme, s.name).toContain(`<img src="images/diagrams/${s.name}.svg"`);
  }
  const rendered = await renderSvgsInChromium(SERVERS.map((s) => join(dir, `${s.name}.svg`)));
  SERVERS.forEach((s, i) => {
    const { width, height, inkedPixels, texts } = rendered[i]!;
    expect(width * height, s.name).toBeGreaterThan(300 * 100);
    expect(inkedPixels, s.name).toBeGreaterThan(2000);
    const comm = s.binary.slice(0, 15);
    const procs = count(texts, new RegExp(`^\\d+ ${comm} S in `));
    const threads = count(texts, /^thread \d+ S in /);
    const clients = count(texts, /^client [\d.]+:\d+ \(fd \d+\)$/);
    const forks = ["fork", "prefork", "prefork-lock", "prefork-passfd"].includes(s.name);
    const threaded = ["thread", "prethread-lock", "prethread-queue"].includes(s.name);
    expect({ procs, threads, clients }, s.name).toEqual({
      procs: forks ? 1 + HELD : 1,
      threads: threaded ? HELD : 0,
      clients: s.name === "iterative" ? 1 : HELD,
    });
    const listen = s.name === "iterative" ? `listen 0.0.0.0:1234 +${HELD - 1} in backlog` : "listen 0.0.0.0:1234";
    expect(texts, s.name).toContain(listen);
  });
});
