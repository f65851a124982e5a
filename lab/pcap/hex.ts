// Test helper: bytes from a `tcpdump -x` style dump ("0x0010:  0a00 0003 ..."), so a
// hand-written fixture reads the same as the tool output it was checked against.
// `tcpdump -X` lines work too: the ASCII column after the hex (two spaces on) is ignored.
// Offsets are checked, so a dropped or doubled line fails loudly.

export function hexDump(dump: string): Uint8Array {
  const out: number[] = [];
  for (const raw of dump.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^0x([0-9a-f]{4}):\s+(.*)$/i.exec(line);
    if (!m) throw new Error(`not a hex dump line: ${line}`);
    if (parseInt(m[1]!, 16) !== out.length) throw new Error(`offset ${m[1]} but ${out.length} bytes so far`);
    const hex = m[2]!.trim().split(/\s{2,}/)[0]!;
    for (const group of hex.split(/\s+/)) {
      if (!/^([0-9a-f]{2})+$/i.test(group)) throw new Error(`bad hex group ${group}`);
      for (let i = 0; i < group.length; i += 2) out.push(parseInt(group.slice(i, i + 2), 16));
    }
  }
  return Uint8Array.from(out);
}
