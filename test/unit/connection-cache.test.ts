import { describe, expect, it } from "vitest";
import { HttpClient } from "../../src/http/client.js";
import { ConnectionCache } from "../../src/vendors/connection-cache.js";

const http = () =>
  new HttpClient({ baseUrl: "http://127.0.0.1:9", target: { vendor: "HIGHLEVEL", connection: "default" }, name: "HighLevel (connection 'default')", timeoutMs: 100 });

describe("ConnectionCache", () => {
  it("shares one fetch between concurrent misses, per connection, until the TTL", async () => {
    const cache = new ConnectionCache<string>(1_000);
    const a = http();
    const b = http();
    let fetches = 0;
    const fetch = async () => `v${++fetches}`;
    const [x, y] = await Promise.all([cache.get(a, "k", fetch, 0), cache.get(a, "k", fetch, 0)]);
    expect([x, y, fetches]).toEqual(["v1", "v1", 1]);
    expect(await cache.get(a, "k", fetch, 999)).toBe("v1");
    expect(await cache.get(b, "k", fetch, 0)).toBe("v2");
    expect(await cache.get(a, "k", fetch, 1_000)).toBe("v3");
  });

  it("keeps neither misses nor failures", async () => {
    const cache = new ConnectionCache<string>(1_000);
    const a = http();
    expect(await cache.get(a, "k", async () => null, 0)).toBeNull();
    await expect(cache.get(a, "j", async () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get(a, "k", async () => "found", 0)).toBe("found");
    expect(await cache.get(a, "j", async () => "back", 0)).toBe("back");
  });

  it("drops the oldest entry beyond its size", async () => {
    const cache = new ConnectionCache<string>(1_000, 2);
    const a = http();
    await cache.get(a, "1", async () => "one", 0);
    await cache.get(a, "2", async () => "two", 0);
    await cache.get(a, "3", async () => "three", 0);
    expect(await cache.get(a, "2", async () => "refetched", 0)).toBe("two");
    expect(await cache.get(a, "1", async () => "refetched", 0)).toBe("refetched");
  });
});
