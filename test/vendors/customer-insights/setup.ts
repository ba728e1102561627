import { afterAll, afterEach, beforeAll } from "vitest";
import type { HttpClient } from "../../../src/http/client.js";
import { connectionHttp, createHttpClient } from "../../../src/vendors/registry.js";
import type { RecordedRequest } from "../../../src/sandbox/http.js";
import { startCustomerInsightsSandbox, type CustomerInsightsSandbox } from "../../../src/sandbox/customer-insights/index.js";
import { CustomerInsightsClient } from "../../../src/vendors/customer-insights/client.js";
import type { RequestScope } from "../../../src/vendors/request-scope.js";
import type { CustomerInsightsConnection } from "../../../src/vendors/customer-insights/module.js";
export { rejectionOf as captureError } from "../../support/rejection.js";

export interface Harness {
  sandbox: CustomerInsightsSandbox;
  connection: CustomerInsightsConnection;
  http: HttpClient;
  /** A client as the registry makes one per GraphQL request (fresh loaders, shared HttpClient). */
  client(options?: { connection?: CustomerInsightsConnection; http?: HttpClient; scope?: RequestScope }): CustomerInsightsClient;
  httpWith(timeoutMs: number): HttpClient;
}

/** One sandbox per test file; requests and faults are cleared after each test. */
export function useHarness(): Harness {
  const extra: HttpClient[] = [];
  const harness = {} as Harness;
  beforeAll(async () => {
    const sandbox = await startCustomerInsightsSandbox();
    const connection = sandbox.connection();
    const makeHttp = (timeoutMs: number) =>
      createHttpClient("CUSTOMER_INSIGHTS", connection, { timeoutMs });
    Object.assign(harness, {
      sandbox,
      connection,
      http: makeHttp(5_000),
      client(options: { connection?: CustomerInsightsConnection; http?: HttpClient; scope?: RequestScope } = {}) {
        const scope = options.scope ?? { requestId: "req-test" };
        const used = options.connection ?? connection;
        return new CustomerInsightsClient(used, connectionHttp("CUSTOMER_INSIGHTS", used, options.http ?? harness.http, scope), scope);
      },
      httpWith(timeoutMs: number) {
        const http = makeHttp(timeoutMs);
        extra.push(http);
        return http;
      },
    });
  });
  afterEach(() => {
    harness.sandbox.clearRequests();
    harness.sandbox.clearFaults();
  });
  afterAll(async () => {
    await Promise.all([harness.http.close(), ...extra.map((h) => h.close())]);
    await harness.sandbox.close();
  });
  return harness;
}

/** The request as the vendor saw it, in a shape easy to compare exactly. */
export function wire(req: RecordedRequest) {
  return {
    method: req.method,
    path: req.path,
    query: Object.fromEntries(req.query.entries()),
    authorization: req.headers.authorization,
    body: req.body,
  };
}

