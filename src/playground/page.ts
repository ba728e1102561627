import { gzipSync } from "node:zlib";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { loadExamples } from "./examples.js";

export interface PlaygroundPage {
  html: string;
  /** The page as UTF-8 bytes, and gzipped for browsers that accept it. */
  body: Buffer;
  gzip: Buffer;
}

let page: PlaygroundPage | undefined;

/**
 * GraphiQL as one self-contained page (GraphiQL, React, Monaco and the workers are inlined,
 * so it works offline), opened on a tab per example. Rendered once: the page is ~9 MB.
 */
export function playgroundPage(): PlaygroundPage {
  if (!page) {
    const html = renderGraphiQL({
      title: "CRM relations gateway",
      endpoint: "/graphql",
      method: "POST",
      defaultTabs: loadExamples().map(({ query }) => ({ query })),
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false,
      // Stock favicon is a data URL already; keep every asset inline.
      credentials: "same-origin",
    });
    const body = Buffer.from(html, "utf8");
    page = { html, body, gzip: gzipSync(body) };
  }
  return page;
}

/**
 * What the page may load: itself, inline scripts/styles (the page is one file), blob workers
 * (Monaco) and data: images. `connect-src 'self'` keeps GraphiQL talking to this gateway only.
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
