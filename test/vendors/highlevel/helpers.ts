import type { HighLevelConnection } from "../../../src/vendors/highlevel/module.js";
import type { HttpClient, Pacer } from "../../../src/http/client.js";
import { connectionHttp, createHttpClient } from "../../../src/vendors/registry.js";
import type { RecordedRequest } from "../../../src/sandbox/http.js";
import type { HighLevelSandbox } from "../../../src/sandbox/highlevel/index.js";
import { HighLevelClient } from "../../../src/vendors/highlevel/client.js";
import type { RequestScope } from "../../../src/vendors/request-scope.js";
export { rejectionOf as failure } from "../../support/rejection.js";

export interface ClientSetup {
  client: HighLevelClient;
  http: HttpClient;
  connection: HighLevelConnection;
  batches: Array<[string, number]>;
}

/** A client as the registry builds one: long-lived HttpClient, per-request scope. */
export function makeClient(
  sandbox: HighLevelSandbox,
  options: { connection?: HighLevelConnection; timeoutMs?: number; pacer?: Pacer; http?: HttpClient } = {},
): ClientSetup {
  const connection = options.connection ?? sandbox.connection();
  const http =
    options.http ??
    createHttpClient("HIGHLEVEL", connection, { timeoutMs: options.timeoutMs ?? 5_000, pacer: options.pacer });
  const batches: Array<[string, number]> = [];
  const scope: RequestScope = { requestId: "req-test-1", onBatch: (name, size) => batches.push([name, size]) };
  return { client: new HighLevelClient(connection, connectionHttp("HIGHLEVEL", connection, http, scope), scope), http, connection, batches };
}

/** The one request the sandbox logged, with its query as an object. */
export function only(requests: RecordedRequest[]): RecordedRequest {
  if (requests.length !== 1) throw new Error(`expected one request, got ${requests.length}`);
  return requests[0]!;
}

export function queryOf(req: RecordedRequest): Array<[string, string]> {
  return [...req.query.entries()];
}

