/**
 * HighLevel's limits per app and location: a sliding burst window (100 requests per 10 s)
 * and a daily quota (200,000), reported on every answer in X-RateLimit-* headers.
 */

export interface RateLimitOptions {
  /** Requests allowed per window (X-RateLimit-Max). */
  max?: number;
  /** Window length (X-RateLimit-Interval-Milliseconds). */
  intervalMs?: number;
  /** Requests allowed per UTC day (X-RateLimit-Limit-Daily). */
  dailyLimit?: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Bucket {
  /** Times of the accepted requests still inside the window, oldest first. */
  window: number[];
  day: string;
  dailyUsed: number;
}

export class SlidingWindowLimiter {
  readonly max: number;
  readonly intervalMs: number;
  readonly dailyLimit: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}, private readonly now: () => number = Date.now) {
    this.max = options.max ?? 100;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.dailyLimit = options.dailyLimit ?? 200_000;
  }

  /** Counts one request against `bucket` (a location) unless a limit is reached. */
  take(bucketName: string): RateDecision {
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    let bucket = this.buckets.get(bucketName);
    if (!bucket || bucket.day !== day) {
      bucket = { window: bucket?.window ?? [], day, dailyUsed: 0 };
      this.buckets.set(bucketName, bucket);
    }
    while (bucket.window.length > 0 && bucket.window[0]! <= now - this.intervalMs) bucket.window.shift();
    const allowed = bucket.window.length < this.max && bucket.dailyUsed < this.dailyLimit;
    if (allowed) {
      bucket.window.push(now);
      bucket.dailyUsed++;
    }
    return {
      allowed,
      headers: {
        "X-RateLimit-Max": String(this.max),
        "X-RateLimit-Remaining": String(Math.max(0, this.max - bucket.window.length)),
        "X-RateLimit-Interval-Milliseconds": String(this.intervalMs),
        "X-RateLimit-Limit-Daily": String(this.dailyLimit),
        "X-RateLimit-Daily-Remaining": String(Math.max(0, this.dailyLimit - bucket.dailyUsed)),
      },
    };
  }
}
