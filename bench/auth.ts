/**
 * The `auth` part of bench/run.ts: Q1's CPU per operation with caller authentication on against
 * off, in one run. Two gateway processes, one verifying every request's bearer token against a
 * JWKS served here on loopback, the other open, in alternating rounds at 0 ms delay (where the
 * gateway's CPU is the bottleneck). Judged like the limits: the authenticator's own time per
 * request (timed in this process on the same token, its verification remembered as it is under
 * load) against the gateway's CPU per operation; the A/B figures are shown, as the shared
 * machine moves them by more than 3% between rounds.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import pino from "pino";
import { createAuthenticator } from "../src/auth/authenticator.js";
import { loadConfig } from "../src/config.js";
import type { GatewayServerOptions, LoadSpec, RunResult } from "./protocol.js";

/** What a remembered token's check may cost, against the gateway's CPU per operation (the issue's target). */
export const AUTH_MAX_COST = 0.03;
const ISSUER = "https://idp.bench/";
const AUDIENCE = "api://relations-bench";

export interface AuthRow {
  rounds: Array<{ onCpuUs: number; offCpuUs: number; onRps: number; offRps: number }>;
  /** Mean CPU µs per operation, on and off. */
  onCpuUs: number;
  offCpuUs: number;
  /** `authenticate()` for a token verified before (the steady state), and for a first sight of one (a full RS256 check). */
  rememberedUs: number;
  verifyUs: number;
}

/** What compareAuth needs of bench/run.ts's server and load processes. */
interface Server {
  readonly ready: Promise<string>;
  readonly graphqlUrl: string;
  call(command: { type: "cpu" }): Promise<unknown>;
  close(): Promise<void>;
}
type Load = { run(command: { type: "gateway"; url: string; body: string; load: LoadSpec; headers?: Record<string, string> }): Promise<RunResult> };

export async function compareAuth(
  options: GatewayServerOptions,
  start: (options: GatewayServerOptions, profileName: string) => Server,
  load: Load,
  body: string,
  spec: { connections: number; durationSec: number; warmupSec: number; rounds: number },
): Promise<AuthRow> {
  const idp = await startIdp();
  const on = start({ ...options, auth: { jwksUrl: idp.url, issuer: ISSUER, audience: AUDIENCE } }, "gateway-auth-on");
  const off = start(options, "gateway-auth-off");
  await Promise.all([on.ready, off.ready]);
  const headers = { authorization: `Bearer ${idp.token}` };
  const run = async (server: Server, durationSec: number) => {
    const cpu0 = (await server.call({ type: "cpu" })) as number;
    const result = await load.run({ type: "gateway", url: server.graphqlUrl, body, headers, load: { connections: spec.connections, durationSec } });
    if (result.non2xx > 0) throw new Error(`auth bench: ${result.non2xx} answers were not 2xx (is the token refused?)`);
    return { cpuUs: (((await server.call({ type: "cpu" })) as number) - cpu0) / result.ops, rps: result.rps };
  };
  for (const server of [on, off]) await run(server, spec.warmupSec);
  const rounds: AuthRow["rounds"] = [];
  for (let i = 0; i < spec.rounds; i++) {
    // Alternate which goes first, so drift on the shared machine falls on both.
    const [a, b] = i % 2 === 0 ? [on, off] : [off, on];
    const first = await run(a, spec.durationSec);
    const second = await run(b, spec.durationSec);
    const [o, f] = a === on ? [first, second] : [second, first];
    rounds.push({ onCpuUs: o.cpuUs, offCpuUs: f.cpuUs, onRps: o.rps, offRps: f.rps });
  }
  await Promise.all([on.close(), off.close()]);
  const timed = await authenticatorUs(idp);
  await idp.close();
  const mean = (pick: (r: AuthRow["rounds"][number]) => number) => rounds.reduce((n, r) => n + pick(r), 0) / rounds.length;
  return { rounds, onCpuUs: mean((r) => r.onCpuUs), offCpuUs: mean((r) => r.offCpuUs), ...timed };
}

/** The authenticator's own CPU per request, in this process on the bench's token: remembered (as under load) and, for scale, a first verification. */
async function authenticatorUs(idp: Idp): Promise<{ rememberedUs: number; verifyUs: number }> {
  const config = loadConfig({ AUTH_JWKS_URL: idp.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE }).auth;
  const logger = pino({ level: "silent" });
  const cpuUs = async (n: number, each: (i: number) => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await each(i);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / n;
  };
  const remembered = await createAuthenticator(config, logger);
  const header = `Bearer ${idp.token}`;
  await cpuUs(1_000, () => remembered.authenticate(header));
  const rememberedUs = await cpuUs(20_000, () => remembered.authenticate(header));
  // A clock that moves a minute per call: every call is a first verification (against the cached key).
  let clock = Date.now();
  const fresh = await createAuthenticator(config, logger, () => (clock += 61_000));
  const tokens = await Promise.all(Array.from({ length: 50 }, () => idp.sign(1_000_000)));
  await fresh.authenticate(`Bearer ${tokens[0]}`);
  const verifyUs = await cpuUs(500, (i) => fresh.authenticate(`Bearer ${tokens[i % tokens.length]}`));
  return { rememberedUs, verifyUs };
}

interface Idp {
  url: string;
  token: string;
  sign(expiresInSec: number): Promise<string>;
  close(): Promise<void>;
}

/** An RS256 key pair, its JWKS on loopback, and a token the bench sends with every request. */
async function startIdp(): Promise<Idp> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" }] });
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const sign = (expiresInSec: number) =>
    new SignJWT({ scope: "relations:read relations:write" })
      .setProtectedHeader({ alg: "RS256", kid: "bench" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(`bench-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSec)
      .sign(privateKey);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    token: await sign(3_600),
    sign,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The report's table: A/B per round, and the authenticator's own time. */
export function authLines(row: AuthRow, run: { rounds: number; durationSec: number; connections: number }): string[] {
  const f = (n: number, digits = 0) => n.toFixed(digits);
  return [
    `Caller authentication on against off (Q1 literal; two gateway processes, ${run.rounds} alternating rounds of ${run.durationSec} s each, 0 ms delay, ${run.connections} connections; one RS256 token):`,
    "| auth on CPU µs/op | auth off CPU µs/op | on ÷ off | per round (on / off µs, req/s) | remembered token µs | first verification µs | remembered share |",
    "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    `| ${f(row.onCpuUs)} | ${f(row.offCpuUs)} | ${f(row.onCpuUs / row.offCpuUs, 3)} | ${row.rounds.map((r) => `${f(r.onCpuUs)} / ${f(r.offCpuUs)}, ${f(r.onRps)} / ${f(r.offRps)}`).join("; ")} | ${f(row.rememberedUs, 1)} | ${f(row.verifyUs, 0)} | ${f((100 * row.rememberedUs) / row.onCpuUs, 2)}% |`,
  ];
}
