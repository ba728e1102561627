/**
 * `npm run supergraph`: composes deploy/router/supergraph.yaml (rover's config format) with
 * @apollo/composition, the library rover runs, and writes deploy/router/supergraph.graphql for
 * Apollo Router. No download needed; subgraphs must name a schema `file` (rover can also
 * introspect a `subgraph_url`, this script cannot).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { parse as parseYaml } from "yaml";
import { withoutAuthDirectives } from "../src/graphql/federation.js";

export const SUPERGRAPH_CONFIG = fileURLToPath(new URL("../deploy/router/supergraph.yaml", import.meta.url));

interface RoverConfig {
  federation_version?: string;
  subgraphs: Record<string, { routing_url: string; schema: { file?: string; subgraph_url?: string } }>;
}

/**
 * `forApolloGateway`: leave out the subgraphs' `@authenticated`/`@requiresScopes`, which
 * @apollo/gateway cannot enforce and refuses (Apollo Router, the default target, enforces them).
 */
export function composeSupergraph(configPath = SUPERGRAPH_CONFIG, options: { forApolloGateway?: boolean } = {}): { supergraphSdl: string; config: RoverConfig } {
  const config = parseYaml(readFileSync(configPath, "utf8")) as RoverConfig;
  const services = Object.entries(config.subgraphs).map(([name, subgraph]) => {
    if (!subgraph.schema.file) throw new Error(`subgraph ${name}: only schema.file is supported here; use rover for subgraph_url`);
    const sdl = readFileSync(resolve(dirname(configPath), subgraph.schema.file), "utf8");
    return { name, url: subgraph.routing_url, typeDefs: options.forApolloGateway ? withoutAuthDirectives(parse(sdl)) : parse(sdl) };
  });
  const composed = composeServices(services);
  if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join("\n")}`);
  return { supergraphSdl: composed.supergraphSdl, config };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(dirname(SUPERGRAPH_CONFIG), "supergraph.graphql");
  const { supergraphSdl } = composeSupergraph();
  writeFileSync(out, supergraphSdl);
  process.stdout.write(`wrote ${out} (${supergraphSdl.length} bytes)\n`);
}
