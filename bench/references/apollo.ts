/**
 * Reference 1: plain Apollo Server 5 (startStandaloneServer, its defaults) over the minimal schema,
 * an undici Pool and per-request DataLoaders. Started by bench/run.ts as its own process.
 * BENCH_REFERENCE_TUNED=1 turns off Apollo's cache-control plugin (which the gateway turns off).
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { serveBenchCommands, serverOptions } from "../server-child.js";
import { referenceSchema, type ReferenceContext } from "./schema.js";
import { SuperOfficeRest, type SuperOfficeTarget } from "./superoffice.js";

const { superoffice } = serverOptions<{ superoffice: SuperOfficeTarget }>();
const rest = new SuperOfficeRest(superoffice);
const server = new ApolloServer<ReferenceContext>({
  schema: referenceSchema(rest),
  plugins: process.env.BENCH_REFERENCE_TUNED === "1" ? [ApolloServerPluginCacheControlDisabled()] : [],
});
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: "127.0.0.1" },
  context: async () => ({ loaders: rest.loaders() }),
});

serveBenchCommands({
  url: url.replace(/\/$/, ""),
  close: async () => {
    await server.stop();
    await rest.close();
  },
});
