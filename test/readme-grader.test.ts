// hw1.test.ts: grading one student's concurrent echo server (started as ./server PORT)
// as vitest tests. SUBMISSION names the student's directory or .c file.
import { afterAll, beforeAll, expect, test } from "vitest";
import { gracefulClose } from "socklab";
import {
  buildSubmission, captureAround, eventually, findSubmissions, graderImages, labNetwork,
  runCheckClient, serverShape, startServer, type StartedLabNetwork,
} from "socklab/testcontainers";

const SUBMISSION = process.env.SUBMISSION ?? "test/fixtures/submissions/echo-fork";
const LAB = `${process.env.SOCKLAB_TEST_PREFIX ?? ""}hw1`;
const PORT = 1234;
let image: string;
let net: StartedLabNetwork;
let server: Awaited<ReturnType<typeof startServer>>;
const echo = (...args: string[]) => runCheckClient(image, net.lab, ["--proto", "echo", "-P", String(PORT), ...args]);

beforeAll(async () => {
  const images = await graderImages();
  image = images.image;
  net = await labNetwork(LAB); // internal: no route out; everything labelled, removed in afterAll
  const [submission] = findSubmissions([SUBMISSION]);
  const build = await buildSubmission(submission!, { image: images.buildImage, lab: net.lab, flags: ["-Wall", "-Wextra", "-pthread"], binary: "server" });
  expect(build.ok, build.output).toBe(true);
  server = await startServer(image, net.lab, { binary: build.binary!, argv: ["{binary}", "{port}"], port: PORT });
}, 600_000);

afterAll(() => net?.remove());

test("echoes every byte back to one client", async () => {
  const { summary } = await echo("-c", "1", "-r", "3", "-n", "1000");
  expect(summary.bytes).toBe(3000);
});

test("serves five clients at once", async () => {
  const { summary } = await echo("--concurrent", "-c", "5", "-w", "5");
  expect(summary.connections_ok).toBe(5);
});

test("closes gracefully, the client first, on the wire", async () => {
  const { trace } = await captureAround(net.lab, server, () => echo("-c", "3"));
  expect(trace.connections).toHaveLength(3);
  for (const conn of trace.connections) gracefulClose(conn, { activeCloser: "client" });
});

test("leaves no zombies after 200 connections", async () => {
  await echo("-c", "200");
  const shape = await eventually(() => serverShape(server), (s) => s.zombies === 0);
  expect(shape.zombies, shape.text).toBe(0);
});
