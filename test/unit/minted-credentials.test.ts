import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { MintedCredentials } from "../../src/credentials/minted.js";
import type { CredentialServices, RefreshRecord } from "../../src/credentials/services.js";
import { MemoryCredentialStore } from "../../src/credentials/store.js";
import type { TokenSource } from "../../src/credentials/token-endpoint.js";

/**
 * The provider's rules with a scripted token source and store, for faults a real socket cannot
 * stage on cue (a store that fails between the fetch and the write). The end-to-end behaviour is
 * in test/integration/credentials-*.test.ts.
 */

function rotatingSource(lifetimeS: number) {
  const spent: string[] = [];
  let n = 0;
  const source: TokenSource = {
    seed: "seed-0",
    rotates: true,
    async fetch(refreshToken) {
      spent.push(refreshToken!);
      n++;
      await sleep(5);
      return { authorization: `Bearer access-${n}`, expiresIn: lifetimeS, refreshToken: `rotated-${n}` };
    },
  };
  return { source, spent };
}

function services(store = new MemoryCredentialStore()): CredentialServices & { records: RefreshRecord[] } {
  const records: RefreshRecord[] = [];
  return { target: { vendor: "HIGHLEVEL", connection: "default" }, name: "Vendor (connection 'default')", store, timeoutMs: 1_000, observer: { refreshed: (r) => records.push(r) }, records };
}

const request = { headers: {}, deadline: Infinity };

describe("MintedCredentials", () => {
  it("fetches once however many requests wait", async () => {
    const { source, spent } = rotatingSource(3_600);
    const provider = new MintedCredentials("refresh", source, services(), "id");
    const all = await Promise.all(Array.from({ length: 20 }, () => provider.credential(request)));
    expect(new Set(all.map((c) => c.authorization))).toEqual(new Set(["Bearer access-1"]));
    expect(spent).toEqual(["seed-0"]);
  });

  it("refreshes ahead of expiry (a fifth of the lifetime) while serving the held token", async () => {
    const { source, spent } = rotatingSource(1);
    const provider = new MintedCredentials("refresh", source, services(), "id");
    expect((await provider.credential(request)).authorization).toBe("Bearer access-1");
    await sleep(850);
    // Inside the last fifth: the held token is still answered, and a refresh starts behind it.
    expect((provider.credential(request) as { authorization: string }).authorization).toBe("Bearer access-1");
    await sleep(50);
    expect(spent).toEqual(["seed-0", "rotated-1"]);
    expect((provider.credential(request) as { authorization: string }).authorization).toBe("Bearer access-2");
  });

  it("keeps a rotated refresh token when the store fails to write it, and spends it next", async () => {
    const store = new MemoryCredentialStore();
    store.put = async () => {
      throw new Error("store down");
    };
    const s = services(store);
    const { source, spent } = rotatingSource(3_600);
    const provider = new MintedCredentials("refresh", source, s, "id");
    const first = await provider.credential(request);
    expect(first.authorization).toBe("Bearer access-1");
    expect(s.records.map((r) => r.outcome)).toEqual(["refreshed", "unstored"]);
    const renewed = await provider.renew(first, request);
    expect(renewed.authorization).toBe("Bearer access-2");
    expect(spent).toEqual(["seed-0", "rotated-1"]);
  });

  it("a renewal after a 401 is shared by every call that saw the 401", async () => {
    const { source, spent } = rotatingSource(3_600);
    const provider = new MintedCredentials("refresh", source, services(), "id");
    const used = await provider.credential(request);
    const renewed = await Promise.all([provider.renew(used, request), provider.renew(used, request), provider.renew(used, request)]);
    expect(new Set(renewed.map((c) => c.authorization))).toEqual(new Set(["Bearer access-2"]));
    expect(spent).toEqual(["seed-0", "rotated-1"]);
  });
});
