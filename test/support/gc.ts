import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** V8's full collection, also in vitest's workers, which run without --expose-gc. */
export function fullGc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
