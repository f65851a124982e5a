// Medians with their range over rounds: every figure the bench prints is one of these.

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many values it summarises. */
  n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median, min and max of the finite values (NaN everywhere when there are none). */
export function spread(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length };
}

/** Coefficient of variation (standard deviation / mean) of a distribution, e.g. connections per worker. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

/** Whether two spreads are apart: the ranking between them then means something. */
export function apart(a: Spread, b: Spread): boolean {
  return a.min > b.max || b.min > a.max;
}
