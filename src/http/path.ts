/**
 * A request path built from a template: every interpolated value is percent-encoded as one
 * path segment, so input can never add segments, change the host or escape the fixed path.
 * `template` (values replaced by `{}`) names the call in logs and metrics without leaking ids.
 */
export interface RequestPath {
  readonly path: string;
  readonly template: string;
}

export function urlPath(strings: TemplateStringsArray, ...values: Array<string | number>): RequestPath {
  let path = strings[0] ?? "";
  let template = path;
  values.forEach((value, i) => {
    const rest = strings[i + 1] ?? "";
    path += encodeSegment(String(value)) + rest;
    template += "{}" + rest;
  });
  return { path, template };
}

/** encodeURIComponent, except that a lone surrogate (which it throws on) becomes U+FFFD: adapters reject such ids first. */
function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
}
