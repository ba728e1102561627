import { describe, expect, it } from "vitest";
import { cliAction } from "../../src/cli.js";
import { loadConfig } from "../../src/config.js";
import { configError } from "../support/config-error.js";

/** The idempotency store's settings: defaults, bounds, the error naming the variable, and --help listing them. */

describe("IDEMPOTENCY_* settings", () => {
  it("defaults: 24 h, 10,000 keys, 64 MiB, 64 KiB per answer; env vars override", () => {
    expect(loadConfig({})).toMatchObject({
      idempotencyTtlMs: 86_400_000,
      idempotencyMaxKeys: 10_000,
      idempotencyMaxBytes: 64 * 1024 * 1024,
      idempotencyMaxAnswerBytes: 64 * 1024,
    });
    expect(loadConfig({ IDEMPOTENCY_MAX_BYTES: "8388608", IDEMPOTENCY_MAX_ANSWER_BYTES: "4096" })).toMatchObject({
      idempotencyMaxBytes: 8 * 1024 * 1024,
      idempotencyMaxAnswerBytes: 4_096,
    });
  });

  it("a bad value names the variable", () => {
    expect(configError({ IDEMPOTENCY_MAX_BYTES: "1kb" }).message).toBe('IDEMPOTENCY_MAX_BYTES: must be an integer from 1048576 to 68719476736 (got "1kb")');
    expect(configError({ IDEMPOTENCY_MAX_ANSWER_BYTES: "10" }).setting).toBe("IDEMPOTENCY_MAX_ANSWER_BYTES");
    // An answer cap near the whole budget would let one answer evict every other key.
    expect(configError({ IDEMPOTENCY_MAX_BYTES: "1048576", IDEMPOTENCY_MAX_ANSWER_BYTES: "524288" }).message).toBe(
      "IDEMPOTENCY_MAX_ANSWER_BYTES: must be at most a sixteenth of IDEMPOTENCY_MAX_BYTES (65536)",
    );
  });

  it("--help lists them", async () => {
    const action = await cliAction(["--help"]);
    expect(action.kind).toBe("print");
    const text = action.kind === "print" ? action.text : "";
    for (const name of ["REDIS_URL", "IDEMPOTENCY_TTL_MS", "IDEMPOTENCY_MAX_KEYS", "IDEMPOTENCY_MAX_BYTES=67108864", "IDEMPOTENCY_MAX_ANSWER_BYTES=65536"]) {
      expect(text).toContain(name);
    }
    expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});
