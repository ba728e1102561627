import { randomUUID } from "node:crypto";
import type { SandboxReply } from "../http.js";

/** HighLevel's error bodies (common-schemas.json BadRequestDTO, UnauthorizedDTO, UnprocessableDTO…), each with a traceId. */

const ERROR_NAMES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
};

export function ok(body: unknown, status = 200): SandboxReply {
  return { status, body };
}

/** 400 answers carry only statusCode and message, as BadRequestDTO. */
export function badRequest(message: string): SandboxReply {
  return { status: 400, body: { statusCode: 400, message, traceId: randomUUID() } };
}

export function unauthorized(message: string): SandboxReply {
  return { status: 401, body: { statusCode: 401, message, error: ERROR_NAMES[401], traceId: randomUUID() } };
}

/** The observed wrong-location body is the message alone. */
export function forbiddenLocation(): SandboxReply {
  return { status: 403, body: { message: "The token does not have access to this location.", traceId: randomUUID() } };
}

export function notFound(message: string): SandboxReply {
  return { status: 404, body: { statusCode: 404, message, traceId: randomUUID() } };
}

/** DTO validation: every violated constraint, as class-validator words them. */
export function unprocessable(messages: string[]): SandboxReply {
  return {
    status: 422,
    body: { statusCode: 422, message: messages, error: ERROR_NAMES[422], traceId: randomUUID() },
  };
}

export function tooManyRequests(): SandboxReply {
  return {
    status: 429,
    body: { statusCode: 429, message: "Too many requests", error: ERROR_NAMES[429], traceId: randomUUID() },
  };
}

/** What the framework answers for a path no route takes. */
export function noRoute(method: string, path: string): SandboxReply {
  return { status: 404, body: { statusCode: 404, message: `Cannot ${method} ${path}`, error: ERROR_NAMES[404] } };
}
