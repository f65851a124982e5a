// /proc/<pid>/task/<tid>/syscall lines recorded from a prethread-lock server under load.
import { expect, test } from "vitest";
import { blockedText, parseSyscall } from "./structure-syscalls.js";

test("a thread in read on a connection, in accept on the listener, waiting on a mutex", () => {
  expect(parseSyscall("0 0x5 0x7fb570f86e38 0x21 0x7fb570f869d3 0x0 0x75 0x7fb570f86d10 0x7fb5710832ec", "x86_64")).toEqual({ call: "read", fd: 5 });
  expect(parseSyscall("288 0x3 0x0 0x0 0x0 0x0 0x0 0x7fb56ff84e80 0x7fb571095fa8", "x86_64")).toEqual({ call: "accept4", fd: 3 });
  expect(parseSyscall("202 0x55eb16a182a0 0x80 0x2 0x0 0x0 0x0 0x7fb56ff84e88 0x7fb57101112b", "x86_64")).toEqual({ call: "futex" });
  expect(parseSyscall("63 0x4 0x0 0x0 0x0 0x0 0x0 0x0 0x0", "aarch64")).toEqual({ call: "read", fd: 4 });
});

test("a running task, a task outside any call, an unknown number", () => {
  expect(parseSyscall("running", "x86_64")).toBeUndefined();
  expect(parseSyscall("-1 0x7ffc 0x0", "x86_64")).toBeUndefined();
  expect(parseSyscall("999 0x1", "x86_64")).toEqual({ call: "syscall 999" });
  expect(blockedText({ call: "read", fd: 5 })).toBe("in read fd 5");
  expect(blockedText({ call: "futex" })).toBe("in futex");
});
