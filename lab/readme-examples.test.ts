// README.md's TypeScript examples stay true: each ```ts block is written to a module of its
// own whose `from "socklab"` imports point at the package entry (lab/index.ts), and the lot
// is typechecked with the project's compiler options.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, expect, test } from "vitest";
import { projectRoot } from "./paths.js";

interface Example {
  line: number;
  code: string;
}

/** Every ```ts block of a Markdown text, with the line its code starts on. */
function tsBlocks(markdown: string): Example[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    line: markdown.slice(0, m.index).split("\n").length + 1,
    code: m[1] ?? "",
  }));
}

const root = projectRoot();
const examples = tsBlocks(readFileSync(join(root, "README.md"), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "socklab-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compilerOptions(): ts.CompilerOptions {
  const file = join(root, "tsconfig.json");
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  // The examples live outside the project: no rootDir, and @types from the project.
  return { ...parsed.options, noEmit: true, rootDir: undefined, typeRoots: [join(root, "node_modules/@types")] };
}

test("the blocks are found where README.md has them", () => {
  expect(tsBlocks("a\n```ts\nconst x = 1;\n```\nb\n```sh\nls\n```\n```ts\nlet y;\n```\n")).toEqual([
    { line: 3, code: "const x = 1;\n" },
    { line: 10, code: "let y;\n" },
  ]);
  expect(examples.length).toBeGreaterThanOrEqual(2);
});

test("every example imports what it uses from the package, as a user would", () => {
  for (const { line, code } of examples) {
    const from = [...code.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]);
    expect(from, `README.md line ${line}`).not.toHaveLength(0);
    expect(new Set(from), `README.md line ${line}`).toEqual(new Set(["socklab"]));
  }
});

test("every example typechecks against lab/index.ts", { timeout: 180_000 }, () => {
  const entry = join(root, "lab/index.js"); // NodeNext: the .js specifier finds lab/index.ts
  const files = examples.map(({ line, code }) => {
    const file = join(dir, `readme-line-${line}.mts`); // .mts: a module, so top-level await works
    writeFileSync(file, code.replaceAll('from "socklab"', `from ${JSON.stringify(entry)}`));
    return { file, line };
  });
  const program = ts.createProgram(files.map((f) => f.file), compilerOptions());
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.some((f) => f.file === d.file?.fileName))
    .map((d) => {
      const where = files.find((f) => f.file === d.file?.fileName);
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `README.md line ${(where?.line ?? 0) + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  expect(problems).toEqual([]);
});
