import { expect, test } from "vitest";
import { connectionsPerSecond, describeFailures, parseClientJson } from "./client-result.js";

const LINE =
  '{"connections_ok":2490,"connections_failed":10,"failures":{"TIMEOUT":2,"ECONNRESET":8},"requests":2490,' +
  '"bytes":9960000,"elapsed_s":0.5,"connect_latency_ms":{"p50":0.127,"p99":6.390},"reply_latency_ms":{"p50":0.25,"p99":9.5}}';

test("the summary line is found after other output and read field by field", () => {
  const r = parseClientJson(`client_test: 1 child(ren) exited abnormally\n${LINE}\n`);
  expect(r).toEqual({
    ok: 2490, failed: 10, failures: { TIMEOUT: 2, ECONNRESET: 8 }, requests: 2490, bytes: 9960000,
    elapsedS: 0.5, connectP50Ms: 0.127, connectP99Ms: 6.39, replyP50Ms: 0.25, replyP99Ms: 9.5,
  });
  expect(connectionsPerSecond(r!)).toBe(4980);
  expect(describeFailures(r!)).toBe("10 of 2500 connections failed (ECONNRESET=8, TIMEOUT=2)");
});

test("no summary line: undefined", () => {
  expect(parseClientJson("client_test: bad -c value 'x'\n")).toBeUndefined();
  expect(parseClientJson('{"other":1}')).toBeUndefined();
});
