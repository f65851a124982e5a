import { expect, test } from "vitest";
import { findProgram, parsePs } from "./service.js";

// `ps -eLo pid=,ppid=,lwp=,stat=,comm=` in a prefork-lock server under init, with an exec'd ps.
const PREFORK = parsePs(`
    1     0     1 Ss   docker-init
    7     1     7 S    prefork-lock-se
    8     7     8 S    prefork-lock-se
    9     7     9 S    prefork-lock-se
   12     0    12 Rs   ps
`);

test("the program is init's first child; exec'd processes (ppid 0) never are", () => {
  expect(findProgram(PREFORK)).toBe(7);
  expect(findProgram(parsePs("1 0 1 Ss epoll-server\n20 0 20 Rs ps\n"))).toBe(1); // no init
  expect(findProgram(parsePs("1 0 1 Ss docker-init\n20 0 20 Rs ps\n"))).toBeUndefined(); // program gone
});

test("by name: the parent of a preforking server, names cut to 15 characters as the kernel keeps them", () => {
  expect(findProgram(PREFORK, "prefork-lock-server")).toBe(7);
  expect(findProgram(PREFORK, "epoll-server")).toBeUndefined();
});

test("threads of one process count once", () => {
  const threads = parsePs("1 0 1 Ss docker-init\n7 1 7 Sl thread-server\n7 1 8 Sl thread-server\n");
  expect(findProgram(threads, "thread-server")).toBe(7);
});
