import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { configError } from "../support/config-error.js";

describe("CORS settings", () => {
  it("default: no origin allowed, no credentials", () => {
    expect(loadConfig({}).cors).toEqual({ origins: [], credentials: false });
  });

  it("CORS_ORIGINS: a comma list normalised to what browsers send as Origin, or *", () => {
    expect(loadConfig({ CORS_ORIGINS: " https://App.Example.com/ ,http://localhost:5173, https://x.test:443" }).cors.origins).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
      "https://x.test",
    ]);
    expect(loadConfig({ CORS_ORIGINS: "*" }).cors).toEqual({ origins: "*", credentials: false });
    expect(loadConfig({ CORS_ORIGINS: "https://a.test", CORS_CREDENTIALS: "on" }).cors.credentials).toBe(true);
  });

  it.each([
    [{ CORS_ORIGINS: "app.example.com" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "https://app.example.com/path" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "ftp://files.example.com" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "https://a.test,*" }, "CORS_ORIGINS"],
    [{ CORS_CREDENTIALS: "maybe" }, "CORS_CREDENTIALS"],
    [{ CORS_ORIGINS: "*", CORS_CREDENTIALS: "on" }, "CORS_CREDENTIALS"],
  ])("rejects %j naming %s", (env, setting) => {
    expect(configError(env).setting).toBe(setting);
  });
});

describe("tracing settings", () => {
  it("off unless an OTLP endpoint or a traces exporter is named", () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing).toBeUndefined();
  });

  it("OTEL_EXPORTER_OTLP_ENDPOINT turns on OTLP/HTTP to its /v1/traces; the traces endpoint is used as is", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      exporter: "otlp",
      otlpUrl: "http://collector:4318/v1/traces",
      serviceName: "crm-relations-gateway",
      sampler: { kind: "always_on", parentBased: true, ratio: 1 },
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://otel.example.com/traces" }).tracing?.otlpUrl).toBe("https://otel.example.com/traces");
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "otlp" }).tracing?.otlpUrl).toBe("http://localhost:4318/v1/traces");
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "console", OTEL_SERVICE_NAME: "relations-eu" }).tracing).toMatchObject({
      exporter: "console",
      serviceName: "relations-eu",
    });
  });

  it("reads the sampler the OpenTelemetry way", () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25" }).tracing?.sampler).toEqual({
      kind: "traceidratio",
      parentBased: true,
      ratio: 0.25,
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "always_off" }).tracing?.sampler).toMatchObject({ kind: "always_off", parentBased: false });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: "jaeger" }, "OTEL_TRACES_EXPORTER"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_PROTOCOL"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER_ARG: "2" }, "OTEL_TRACES_SAMPLER_ARG"],
  ])("rejects %j naming %s", (env, setting) => {
    expect(configError(env).setting).toBe(setting);
  });

  it("never repeats an endpoint in its error (it may carry credentials)", () => {
    expect(configError({ OTEL_EXPORTER_OTLP_ENDPOINT: "user:s3cret-pass@collector" }).message).not.toContain("s3cret");
  });
});
