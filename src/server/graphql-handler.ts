import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayContext } from "../context.js";
import { RequestBudget } from "../http/budget.js";
import { exceedsTokens, tokensRefusal } from "../limits/tokens.js";
import type { RequestLog } from "../observability/request-log.js";
import type { Tracing } from "../observability/tracing.js";
import { addVary, readBody, sendJson } from "./respond.js";

/**
 * node:http → Apollo Server: the request's headers, query string and JSON body as Apollo's
 * HTTPGraphQLRequest, and its answer (complete or streamed) back onto the response. Each
 * request gets one budget (REQUEST_TIMEOUT_MS from here on), given up when the deadline
 * passes or the client goes away before its answer is complete. A request larger than
 * MAX_REQUEST_BYTES (a POST body, or a GET's query string) is refused with 413 before anything
 * of it is parsed; a declared Content-Length over it, before its body is read. A query text of
 * more than MAX_QUERY_TOKENS tokens is refused here too, before Apollo does any work for it.
 */
export function graphqlHandler(
  apollo: ApolloServer<GatewayContext>,
  options: {
    context: (req: IncomingMessage, requestId: string, budget: RequestBudget) => Promise<GatewayContext>;
    /** The request's deadline, how many vendor calls it may have in flight, its largest size and query (MAX_QUERY_TOKENS). */
    limits: { requestTimeoutMs: number; maxConcurrentCalls: number; maxRequestBytes: number; maxQueryTokens: number };
    requestLog: Pick<RequestLog, "refused">;
    tracing?: Tracing;
  },
) {
  // Made once: a refusal that is cheap to send must not build an error (and its stack) per request.
  const overTokens = tokensRefusal(options.limits.maxQueryTokens);
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const budget = new RequestBudget(options.limits.requestTimeoutMs, options.limits.maxConcurrentCalls);
    res.once("close", () => (res.writableFinished ? budget.finish() : budget.end("client-gone")));
    const { maxRequestBytes } = options.limits;
    const tooLarge = (what: string) => {
      const message = `${what} exceeds ${maxRequestBytes} bytes (MAX_REQUEST_BYTES)`;
      options.requestLog.refused(requestId, undefined, 413, message);
      return sendJson(res, 413, { errors: [{ message, extensions: { code: "REQUEST_TOO_LARGE", max: maxRequestBytes } }] });
    };
    const search = searchOf(req.url);
    if (search.length > maxRequestBytes) return tooLarge("Query string");
    let body: unknown;
    if (req.method === "POST") {
      if (Number(req.headers["content-length"]) > maxRequestBytes) {
        // Not read at all: the connection closes after the answer rather than drain the body.
        res.setHeader("connection", "close");
        return tooLarge("Request body");
      }
      const text = await readBody(req, maxRequestBytes);
      if (text === undefined) return tooLarge("Request body");
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        const message = "Request body is not valid JSON";
        options.requestLog.refused(requestId, undefined, 400, message);
        return sendJson(res, 400, { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
      }
    }
    if (exceedsTokens(queryText(req.method, body, search), options.limits.maxQueryTokens)) {
      options.requestLog.refused(requestId, undefined, 400, overTokens.message);
      return sendJson(res, 400, { errors: [overTokens] });
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request: HTTPGraphQLRequest = {
      method: req.method?.toUpperCase() ?? "GET",
      headers,
      search,
      body,
    };
    const execute = async () => {
      const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => options.context(req, requestId, budget) });
      // Apollo refuses some requests (no query, a GET with a body it cannot read) before its plugins run.
      if ((response.status ?? 200) >= 400 && response.body.kind === "complete") {
        options.requestLog.refused(requestId, request, response.status!, firstErrorMessage(response.body.string));
      }
      // Vary is merged: CORS has already added `origin` to it.
      for (const [name, value] of response.headers) {
        if (name === "vary") addVary(res, ...value.split(","));
        else res.setHeader(name, value);
      }
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    };
    // Tracing wraps execution so that the vendor calls it makes nest under the operation's span.
    return options.tracing ? options.tracing.inOperationSpan(req, res, execute) : execute();
  };
}

/** The GraphQL query text of a request, if it has one: a POST body's `query`, a GET's `query` parameter. */
function queryText(method: string | undefined, body: unknown, search: string): string {
  if (method === "POST") {
    const query = body !== null && typeof body === "object" ? (body as { query?: unknown }).query : undefined;
    return typeof query === "string" ? query : "";
  }
  return new URLSearchParams(search).get("query") ?? "";
}

/** The query string of a request target (`/graphql?query=…`), `?` included; the router has already read its path. */
function searchOf(url = ""): string {
  const at = url.indexOf("?");
  return at < 0 ? "" : url.slice(at);
}

function firstErrorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { errors?: Array<{ message?: unknown }> }).errors?.[0]?.message;
    return typeof message === "string" ? message : "refused";
  } catch {
    return "refused";
  }
}
