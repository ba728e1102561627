import type { Metric, Registry } from "prom-client";

export type Labels = Record<string, string>;

/**
 * Metric series kept in plain maps, one entry per label set, found by a key the caller has at
 * hand (a string it builds, or an object such as a connection's target); the label object is
 * built once per set, by `labels(source)`, a function made once rather than a closure per
 * update. prom-client hashes the label set on every update, which on the hot path (several
 * updates per vendor call) cost more than the work it records; these are read only when
 * /metrics is.
 */
export class SeriesCounts<K = string> {
  private readonly byKey = new Map<K, { labels: Labels; value: number }>();

  /** Adds `delta` to the value of `key`'s series. */
  add<S>(key: K, delta: number, labels: (source: S) => Labels, source: S): void {
    const entry = this.byKey.get(key);
    if (entry) entry.value += delta;
    else this.byKey.set(key, { labels: labels(source), value: delta });
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
 * A Prometheus histogram over keyed series like {@link SeriesCounts}', registered with a
 * prom-client registry, which reads it through `get()` as it reads its own histograms (same
 * series, same text). `counts()` serves a counter of the same label sets without a second map.
 */
export class KeyedHistogram<K = string> {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly byKey = new Map<K, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe<S>(key: K, value: number, labels: (source: S) => Labels, source: S): void {
    let series = this.byKey.get(key);
    if (!series) this.byKey.set(key, (series = { labels: labels(source), buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    // Prometheus buckets are "less than or equal".
    let bucket = 0;
    while (bucket < this.bounds.length && value > this.bounds[bucket]!) bucket++;
    if (bucket < this.bounds.length) series.buckets[bucket]!++;
    series.sum += value;
    series.count++;
  }

  remove(key: K): void {
    this.byKey.delete(key);
  }

  reset(): void {
    this.byKey.clear();
  }

  /** Observations per label set. */
  *counts(): Iterable<{ labels: Labels; value: number }> {
    for (const { labels, count } of this.byKey.values()) yield { labels, value: count };
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
