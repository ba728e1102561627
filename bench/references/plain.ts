/**
 * Reference 2: no framework. node:http, graphql-js parse + validate + execute per request (what
 * graphql-js's own `graphql()` does), an undici Pool and per-request DataLoaders, over the minimal
 * schema. Started by bench/run.ts as its own process. BENCH_REFERENCE_TUNED=1 keeps parsed and
 * validated documents by query text (as Apollo's document store does).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { execute, parse, validate, type DocumentNode, type GraphQLError } from "graphql";
import { serveBenchCommands, serverOptions } from "../server-child.js";
import { referenceSchema } from "./schema.js";
import { SuperOfficeRest, type SuperOfficeTarget } from "./superoffice.js";

const { superoffice } = serverOptions<{ superoffice: SuperOfficeTarget }>();
const rest = new SuperOfficeRest(superoffice);
const schema = referenceSchema(rest);
const documents = process.env.BENCH_REFERENCE_TUNED === "1" ? new Map<string, DocumentNode>() : undefined;

interface Body {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

function documentOf(query: string): DocumentNode | readonly GraphQLError[] {
  const cached = documents?.get(query);
  if (cached) return cached;
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) return errors;
  if (documents && documents.size < 1_000) documents.set(query, document);
  return document;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const server = createServer((req, res) => {
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  if (req.method !== "POST" || !req.url?.startsWith("/graphql")) return answer(404, { error: "POST /graphql" });
  readBody(req)
    .then(async (text) => {
      const body = JSON.parse(text) as Body;
      const document = documentOf(body.query ?? "");
      if (Array.isArray(document)) return answer(400, { errors: document });
      const result = await execute({
        schema,
        document: document as DocumentNode,
        variableValues: body.variables,
        operationName: body.operationName,
        contextValue: { loaders: rest.loaders() },
      });
      answer(200, result);
    })
    .catch((error: unknown) => answer(400, { errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

serveBenchCommands({
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  close: async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rest.close();
  },
});
