// What the benchmark scripts share: the row of a result table and the median.

/** One measured figure, against a baseline when it has one, with its target. */
export interface Row {
  domain: string;
  measure: string;
  sigma: number;
  baseline?: number;
  unit: string;
  ratio?: number;
  target: string;
  pass: boolean;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
