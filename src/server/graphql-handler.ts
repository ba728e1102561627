import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayContext } from "../context.js";
import { RequestBudget } from "../http/budget.js";
import { readBody, sendJson } from "./respond.js";

/** Largest GraphQL request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * node:http → Apollo Server: the request's headers, query string and JSON body as Apollo's
 * HTTPGraphQLRequest, and its answer (complete or streamed) back onto the response. Each
 * request gets one budget (REQUEST_TIMEOUT_MS from here on), given up when the deadline
 * passes or the client goes away before its answer is complete.
 */
export function graphqlHandler(
  apollo: ApolloServer<GatewayContext>,
  context: (req: IncomingMessage, requestId: string, budget: RequestBudget) => Promise<GatewayContext>,
  limits: { requestTimeoutMs: number; maxConcurrentCalls: number },
) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const budget = new RequestBudget(limits.requestTimeoutMs, limits.maxConcurrentCalls);
    res.once("close", () => (res.writableFinished ? budget.finish() : budget.end("client-gone")));
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let body: unknown;
    if (req.method === "POST") {
      const text = await readBody(req, MAX_BODY_BYTES);
      if (text === undefined) return sendJson(res, 413, { errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }] });
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
      }
    }
    const request: HTTPGraphQLRequest = {
      method: req.method?.toUpperCase() ?? "GET",
      headers,
      search: new URL(req.url ?? "/", "http://gateway").search,
      body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => context(req, requestId, budget) });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
