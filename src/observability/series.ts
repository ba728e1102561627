import type { Metric, Registry } from "prom-client";

type Labels = Record<string, string>;

/**
 * Metric series kept in plain maps, one entry per label set found by a string key the caller
 * builds; the label object is built once per set. prom-client hashes the label set on every
 * update, which on the hot path (several updates per vendor call) cost more than the work it
 * records; these are read only when /metrics is.
 */
export class SeriesCounts {
  private readonly byKey = new Map<string, { labels: Labels; value: number }>();

  /** Adds `delta` to the set's value and returns its labels. */
  add(key: string, delta: number, labels: () => Labels): Labels {
    let entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, (entry = { labels: labels(), value: 0 }));
    entry.value += delta;
    return entry.labels;
  }

  remove(key: string): void {
    this.byKey.delete(key);
  }

  series(): Iterable<{ labels: Labels; value: number }> {
    return this.byKey.values();
  }
}

interface HistogramSeries {
  labels: Labels;
  /** Observations per bucket (not cumulative); those above the last bound are only in `count`. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram over {@link SeriesCounts}-style keys, registered with a prom-client
 * registry, which reads it through `get()` as it reads its own histograms (same series, same
 * text).
 */
export class KeyedHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly byKey = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe(key: string, labels: () => Labels, value: number): void {
    let series = this.byKey.get(key);
    if (!series) this.byKey.set(key, (series = { labels: labels(), buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    // Prometheus buckets are "less than or equal".
    let bucket = 0;
    while (bucket < this.bounds.length && value > this.bounds[bucket]!) bucket++;
    if (bucket < this.bounds.length) series.buckets[bucket]!++;
    series.sum += value;
    series.count++;
  }

  remove(key: string): void {
    this.byKey.delete(key);
  }

  reset(): void {
    this.byKey.clear();
  }

  get() {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
    for (const { labels, buckets, sum, count } of this.byKey.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += buckets[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: "+Inf", ...labels }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
