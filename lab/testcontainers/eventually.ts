// Polls until a probe's value passes (or time is up) and returns the last value seen, so
// the caller asserts on it and a failure shows what was there.
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    last = await probe();
  }
  return last;
}

/** Whether an assertion passes, for `eventually(probe, passes((v) => expect(v)...))`. */
export const passes =
  <T>(check: (v: T) => void) =>
  (v: T): boolean => {
    try {
      check(v);
      return true;
    } catch {
      return false;
    }
  };
