// Headless Chromium (Debian's, installed by the global setup) driven by playwright-core:
// what a chart looks like to a reader's browser, not only what its file says.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export interface RenderedSvg {
  width: number;
  height: number;
  /** Pixels that are neither white nor transparent once the browser drew the image. */
  inkedPixels: number;
  /** Distinct non-grey colours among them (bars, lines). */
  colours: number;
  /** Every text the SVG shows (axis labels, titles). */
  texts: string[];
}

// Runs in the page (a string: the project's TypeScript has no DOM types): the document is
// the SVG; it is drawn as an image on a canvas and every pixel is read back.
const DRAW_AND_COUNT = `(async () => {
  const svg = new XMLSerializer().serializeToString(document.documentElement);
  const img = new Image();
  img.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svg)));
  await img.decode();
  const canvas = document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
    if (a === 0 || (r > 250 && g > 250 && b > 250)) continue;
    inked++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colours.add((r >> 4) + "," + (g >> 4) + "," + (b >> 4));
  }
  return { width: canvas.width, height: canvas.height, inkedPixels: inked, colours: colours.size };
})()`;

/** Loads an SVG file as an image in headless Chromium, draws it on a canvas and reads the pixels back. */
export async function renderSvgInChromium(svgPath: string): Promise<RenderedSvg> {
  const [rendered] = await renderSvgsInChromium([svgPath]);
  return rendered!;
}

/** The same for several files, in one browser (a launch costs more than a page). */
export async function renderSvgsInChromium(svgPaths: string[]): Promise<RenderedSvg[]> {
  const profile = mkdtempSync(join(tmpdir(), "socklab-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const out: RenderedSvg[] = [];
    for (const svgPath of svgPaths) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(svgPath).href);
      const texts = await page.$$eval("text", (nodes) => nodes.map((n) => n.textContent ?? ""));
      const pixels = (await page.evaluate(DRAW_AND_COUNT)) as Omit<RenderedSvg, "texts">;
      out.push({ ...pixels, texts });
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
