// The payload one side sent, counted once per byte: the union of the sequence ranges seen.
// A segment below the highest sequence sent is a retransmission for the sender, yet at the
// capture point it may carry bytes seen for the first time (the original was lost before it
// reached the capture, e.g. dropped by a rate-limiting qdisc): the union counts those too.

/** Half-open ranges [start, end) of offsets from a side's base, kept sorted and disjoint. */
export class ByteRanges {
  private readonly ranges: Array<[number, number]> = [];
  private total = 0;

  /** Bytes covered by at least one range. */
  get size(): number {
    return this.total;
  }

  add(start: number, length: number): void {
    if (length <= 0) return;
    let lo = start;
    let hi = start + length;
    // The first range that ends at or after lo may touch [lo, hi); merge every one that does.
    let i = this.ranges.findIndex(([, end]) => end >= lo);
    if (i < 0) i = this.ranges.length;
    let j = i;
    while (j < this.ranges.length && this.ranges[j]![0] <= hi) {
      const [s, e] = this.ranges[j]!;
      lo = Math.min(lo, s);
      hi = Math.max(hi, e);
      this.total -= e - s;
      j++;
    }
    this.ranges.splice(i, j - i, [lo, hi]);
    this.total += hi - lo;
  }
}
