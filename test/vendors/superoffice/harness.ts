import type { SuperOfficeConnection } from "../../../src/vendors/superoffice/module.js";
import type { HttpClient } from "../../../src/http/client.js";
import { connectionHttp, createHttpClient } from "../../../src/vendors/registry.js";
import type { RecordedRequest } from "../../../src/sandbox/http.js";
import { startSuperOfficeSandbox, type SuperOfficeSandbox } from "../../../src/sandbox/superoffice/index.js";
import { SuperOfficeClient } from "../../../src/vendors/superoffice/client.js";
import type { RequestScope } from "../../../src/vendors/request-scope.js";
export { rejectionOf } from "../../support/rejection.js";

/** A running sandbox plus clients pointed at it, as the registry would build them. */
export interface Harness {
  sandbox: SuperOfficeSandbox;
  client(options?: ClientOptions): SuperOfficeClient;
  /** Every secret the sandbox and the connection hold (for "never leaked" checks). */
  secrets(): string[];
  /** Requests the sandbox received under the tenant's API root, with paths made relative to it. */
  calls(): Array<RecordedRequest & { relPath: string }>;
  /** The same as `METHOD path?query` lines, the query decoded. */
  paths(): string[];
  reset(): void;
  close(): Promise<void>;
}

export interface ClientOptions {
  connection?: Partial<SuperOfficeConnection>;
  scope?: Partial<RequestScope>;
  timeoutMs?: number;
}

export async function startHarness(): Promise<Harness> {
  const sandbox = await startSuperOfficeSandbox();
  const https: HttpClient[] = [];
  const basePath = new URL(sandbox.baseUrl).pathname;
  const calls = () => sandbox.requests.map((r) => ({ ...r, relPath: r.path.startsWith(basePath) ? r.path.slice(basePath.length) : r.path }));
  return {
    sandbox,
    client(options = {}) {
      const connection = { ...sandbox.connection(), ...options.connection };
      const http = createHttpClient("SUPEROFFICE", connection, { timeoutMs: options.timeoutMs ?? 5_000 });
      https.push(http);
      const scope = { requestId: "req-1", ...options.scope };
      return new SuperOfficeClient(connection, connectionHttp("SUPEROFFICE", connection, http, scope), scope);
    },
    secrets() {
      const c = sandbox.credentials;
      return [c.ticket, c.appToken, c.bearerToken, c.basicPassword, Buffer.from(`${c.basicUser}:${c.basicPassword}`).toString("base64")];
    },
    calls,
    paths() {
      return calls().map((c) => `${c.method} ${c.relPath}${c.query.size ? `?${decodeURIComponent(c.query.toString())}` : ""}`);
    },
    reset() {
      sandbox.reset();
      sandbox.clearRequests();
      sandbox.clearFaults();
      sandbox.delayMs = 0;
    },
    async close() {
      await Promise.all(https.map((h) => h.close()));
      await sandbox.close();
    },
  };
}

