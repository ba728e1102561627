import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { CORS_ALLOWED_HEADERS } from "../../src/server/cors.js";
import { knownSettingNames } from "../../src/config-settings.js";
import { VENDOR_MODULES } from "../../src/vendors/modules.js";
import { composeSupergraph } from "../../scripts/compose-supergraph.js";
import { ROOT } from "../support/dist.js";

/**
 * deploy/ cannot be applied here (no cluster, no Docker, no router binary), so the manifests
 * are checked against the code instead: they parse, the probes hit the gateway's routes, the
 * objects reference each other consistently, and every env var they set is one the gateway reads.
 */

type Obj = Record<string, any>;

const DEPLOY = join(ROOT, "deploy");
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [relative(DEPLOY, join(dir, e.name))] : [],
  );
const FILES = yamlFiles(DEPLOY);
const parsed = FILES.map((file) => ({ file, documents: parseAllDocuments(readFileSync(join(DEPLOY, file), "utf8")) }));
const docsOf = (file: string): Obj[] => parsed.find((p) => p.file === file)!.documents.map((d) => d.toJS() as Obj);

const k8s = FILES.filter((f) => f.startsWith("kubernetes/") && !f.endsWith("kustomization.yaml")).flatMap(docsOf);
const objectOf = (kind: string, name?: string) => k8s.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
const deployment = objectOf("Deployment", "relations-gateway");
const gateway = deployment.spec.template.spec.containers.find((c: Obj) => c.name === "gateway");
const configMap = objectOf("ConfigMap", "relations-gateway-config");

/** Every env var name the gateway reads. */
/** Every env var name the gateway reads (the one list --help prints; test/unit/settings.test.ts holds it to the code). */
const KNOWN_ENV = knownSettingNames();

/** Env names the gateway container gets: its own env and the ConfigMaps/Secrets it loads whole. */
function gatewayEnvNames(): string[] {
  const names: string[] = (gateway.env ?? []).map((e: Obj) => e.name);
  for (const from of gateway.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const source = objectOf(from.configMapRef ? "ConfigMap" : "Secret", ref.name);
    expect(source, `${from.configMapRef ? "ConfigMap" : "Secret"} ${ref.name}`).toBeDefined();
    names.push(...Object.keys(source.data ?? source.stringData ?? {}));
  }
  return names;
}

const compose = docsOf("compose.yaml")[0]!;
const router = docsOf("router/router.yaml")[0]!;

describe("deploy/", () => {
  it("every file is valid YAML", () => {
    expect(FILES).toEqual(expect.arrayContaining(["compose.yaml", "router/router.yaml", "router/supergraph.yaml", "kubernetes/deployment.yaml"]));
    for (const { file, documents } of parsed) {
      for (const doc of documents) expect([...doc.errors, ...doc.warnings].map((e) => e.message), file).toEqual([]);
    }
  });

  it("sets no env var the gateway does not read (Kubernetes and Compose), and docs/deploy.md explains each", () => {
    const composeEnv = Object.keys(compose.services["relations-gateway"].environment);
    const used = [...new Set([...gatewayEnvNames(), ...composeEnv])];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !KNOWN_ENV.has(name))).toEqual([]);
    const guide = readFileSync(join(ROOT, "docs/deploy.md"), "utf8");
    expect(used.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });
});

describe("Kubernetes manifests", () => {
  it("are listed in the kustomization (but the example Secrets), each with apiVersion, kind and name", () => {
    const listed = docsOf("kubernetes/kustomization.yaml")[0]!.resources as string[];
    const manifests = FILES.filter((f) => f.startsWith("kubernetes/") && !f.endsWith("kustomization.yaml") && !f.endsWith(".example.yaml"));
    expect([...listed].sort()).toEqual(manifests.map((f) => f.slice(11)).sort());
    for (const o of k8s) expect(o, JSON.stringify(o).slice(0, 80)).toMatchObject({ apiVersion: expect.any(String), kind: expect.any(String), metadata: { name: expect.any(String) } });
    expect(k8s.map((o) => o.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Secret", "Service", "Service", "StatefulSet"].sort(),
    );
  });

  it("probe readiness on /ready and liveness on /health, on the port the gateway listens on", () => {
    const port = gateway.ports.find((p: Obj) => p.name === "http");
    expect(String(port.containerPort)).toBe(configMap.data.PORT);
    expect(configMap.data.HOST).toBe("0.0.0.0");
    expect(gateway.readinessProbe.httpGet).toEqual({ path: "/ready", port: "http" });
    expect(gateway.livenessProbe.httpGet).toEqual({ path: "/health", port: "http" });
    expect(gateway.startupProbe.httpGet.path).toBe("/health");
    // The image's own start command, not an override.
    expect(gateway.command).toBeUndefined();
    expect(gateway.args).toBeUndefined();
  });

  it("run production-safe: no sandbox, playground or introspection; non-root; bounded resources", () => {
    expect(configMap.data).toMatchObject({ NODE_ENV: "production", SANDBOX: "off", PLAYGROUND: "off", INTROSPECTION: "off" });
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(gateway.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(gateway.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(gateway.resources.limits.memory).toEqual(expect.any(String));
  });

  it("give the drain time to finish before the pod is killed", () => {
    const pause = Number(gateway.lifecycle.preStop.exec.command[1]) * 1000;
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(pause + Number(configMap.data.SHUTDOWN_TIMEOUT_MS));
  });

  it("select the Deployment's pods from the Service, PodDisruptionBudget and HPA", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(labels).toMatchObject(objectOf("Service", "relations-gateway").spec.selector);
    expect(labels).toMatchObject(objectOf("PodDisruptionBudget").spec.selector.matchLabels);
    expect(objectOf("HorizontalPodAutoscaler").spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "relations-gateway" });
    expect(objectOf("HorizontalPodAutoscaler").spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(objectOf("PodDisruptionBudget").spec.minAvailable).toBeLessThan(objectOf("HorizontalPodAutoscaler").spec.minReplicas);
  });

  it("apply no Secret: `apply -k` must not overwrite the real ones with placeholders", () => {
    const listed = docsOf("kubernetes/kustomization.yaml")[0]!.resources as string[];
    const applied = listed.flatMap((file) => docsOf(`kubernetes/${file}`));
    expect(applied.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(objectOf("Secret", "relations-gateway-secrets"), "the example in secret.example.yaml").toBeDefined();
  });

  it("leave the replica count to the HPA", () => {
    expect(objectOf("HorizontalPodAutoscaler").spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(deployment.spec).not.toHaveProperty("replicas");
  });

  it("ship no working Redis password, and Redis refuses to start without one", () => {
    const password = objectOf("Secret", "relations-redis").stringData.REDIS_PASSWORD;
    expect(password).toBe("");
    const secret = objectOf("Secret", "relations-gateway-secrets").stringData;
    expect(new URL(secret.REDIS_URL).password).toMatch(/^REPLACE/);
    const redis = objectOf("StatefulSet", "relations-redis").spec.template.spec.containers[0];
    const start = [...(redis.command ?? []), ...(redis.args ?? [])].join(" ");
    expect(start).toMatch(/test -n "\$REDIS_PASSWORD" \|\| \{[^}]*exit 1/);
    expect(start).toContain('--requirepass "$REDIS_PASSWORD"');
    expect(readFileSync(join(DEPLOY, "kubernetes/redis.yaml"), "utf8") + readFileSync(join(DEPLOY, "kubernetes/secret.example.yaml"), "utf8")).not.toMatch(/change-me/);
  });

  it("keep credentials in the Secret and point REDIS_URL at the Redis Service", () => {
    const secret = objectOf("Secret", "relations-gateway-secrets").stringData;
    for (const module of Object.values(VENDOR_MODULES)) {
      for (const name of module.env.configuredBy.filter((n) => /TOKEN|AUTHORIZATION/.test(n))) {
        expect(Object.keys(secret), name).toContain(name);
        expect(Object.keys(configMap.data), name).not.toContain(name);
      }
    }
    const redis = objectOf("Service", "relations-redis");
    expect(new URL(secret.REDIS_URL).host).toBe(`${redis.metadata.name}:${redis.spec.ports[0].port}`);
  });
});

describe("Compose and Apollo Router", () => {
  it("run two gateway replicas from the Dockerfile, Redis, and the router in front", () => {
    const services = compose.services;
    expect(services["relations-gateway"].build).toEqual({ context: "..", dockerfile: "Dockerfile" });
    expect(services["relations-gateway"].deploy.replicas).toBe(2);
    expect(services["relations-gateway"].ports).toBeUndefined();
    expect(new URL(services["relations-gateway"].environment.REDIS_URL).hostname).toBe("redis");
    expect(services.router.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/^\.\/router\/router\.yaml:/), expect.stringMatching(/^\.\/router\/supergraph\.graphql:/)]));
    expect(services.router.ports).toEqual(["127.0.0.1:4000:4000"]);
  });

  it("route to the gateway's Service (Kubernetes) and service name (Compose), and compose with this schema", () => {
    const { supergraphSdl, config } = composeSupergraph();
    const url = new URL(config.subgraphs.relations!.routing_url);
    expect(url.hostname).toBe(objectOf("Service", "relations-gateway").metadata.name);
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(url.port).toBe(configMap.data.PORT);
    expect(url.pathname).toBe("/graphql");
    expect(supergraphSdl).toContain(`@join__graph(name: "relations", url: "${url.href}")`);
  });

  it("configure the router to pass on what the gateway reads, allow the same CORS headers, and propagate traces", () => {
    const propagated = router.headers.all.request.map((rule: Obj) => rule.propagate?.named);
    expect(propagated).toEqual(expect.arrayContaining(["x-request-id", "idempotency-key", "accept-language"]));
    expect(router.cors.allow_headers).toEqual(CORS_ALLOWED_HEADERS);
    expect(router.telemetry.exporters.tracing.propagation.trace_context).toBe(true);
    expect(router.include_subgraph_errors.all).toBe(true);
    expect(router.supergraph.introspection).toBe(false);
    expect(router.health_check.path).toBe("/health");
  });
});

describe("Prometheus alerts", () => {
  it("use only series the gateway exports (its own registry and the process metrics)", async () => {
    const { createMetrics } = await import("../../src/observability/metrics.js");
    const exported = (await createMetrics({ processMetrics: true }).registry.getMetricsAsJSON()).map((m) => m.name);
    const rules = (docsOf("prometheus/alerts.yaml")[0]!.groups as Obj[]).flatMap((g) => g.rules as Obj[]);
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(["RelationsGatewayRateLimited", "RelationsGatewayUpstreamUnavailable"]));
    for (const rule of rules) {
      const series = [...(rule.expr as string).matchAll(/\b((?:gateway|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ""));
      expect(series.length, rule.alert).toBeGreaterThan(0);
      for (const name of series) expect(exported, `${rule.alert}: ${name}`).toContain(name);
    }
    const rateLimited = rules.find((r) => r.alert === "RelationsGatewayRateLimited")!.expr as string;
    expect(rateLimited).toContain('code="RATE_LIMITED"');
    expect(rules.find((r) => r.alert === "RelationsGatewayUpstreamUnavailable")!.expr).toContain('code="UPSTREAM_UNAVAILABLE"');
  });
});
