import { expect, test } from "vitest";
import { describeLimit, parseProcLimits } from "./proc-limits.js";

// Verbatim from a server given `ulimits: { nofile: { soft: 100, hard: 200 } }` (kernel 5.x).
const SAMPLE = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max data size             unlimited            unlimited            bytes     
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max resident set          unlimited            unlimited            bytes     
Max processes             96362                96362                processes 
Max open files            100                  200                  files     
Max locked memory         8388608              8388608              bytes     
Max address space         unlimited            unlimited            bytes     
Max file locks            unlimited            unlimited            locks     
Max pending signals       96362                96362                signals   
Max msgqueue size         819200               819200               bytes     
Max nice priority         0                    0                    
Max realtime priority     0                    0                    
Max realtime timeout      unlimited            unlimited            us        
`;

test("every row by its ulimit name; unlimited is -1, as in Ulimit", () => {
  const limits = parseProcLimits(SAMPLE);
  expect(limits.nofile).toEqual({ soft: 100, hard: 200 });
  expect(limits.stack).toEqual({ soft: 8388608, hard: -1 });
  expect(limits.cpu).toEqual({ soft: -1, hard: -1 });
  expect(limits.nice).toEqual({ soft: 0, hard: 0 }); // a row without units
  expect(limits.as).toEqual({ soft: -1, hard: -1 });
  expect(Object.keys(limits)).toHaveLength(16);
});

test("a missing row or a value that is not a number is an error, not a guess", () => {
  expect(() => parseProcLimits(SAMPLE.replace(/^Max open files.*\n/m, ""))).toThrow(/no 'Max open files' row/);
  expect(() => parseProcLimits(SAMPLE.replace("100                  200", "lots                 200"))).toThrow(/'Max open files' has a value 'lots'/);
  expect(() => parseProcLimits("")).toThrow(/no 'Max cpu time' row/);
});

test("describeLimit names soft and hard", () => {
  expect(describeLimit({ soft: 100, hard: 200 })).toBe("100 soft, 200 hard");
  expect(describeLimit({ soft: 8, hard: -1 })).toBe("8 soft, unlimited hard");
});
