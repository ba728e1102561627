import { cliAction } from "./cli.js";

/**
 * CLI entry. `--help` and `--version` are answered before the server's modules load (a second,
 * not several); anything else starts the gateway (./serve.ts).
 */
async function main(): Promise<void> {
  const action = await cliAction(process.argv.slice(2));
  if (action.kind !== "serve") {
    (action.kind === "print" ? process.stdout : process.stderr).write(action.text);
    process.exitCode = action.kind === "print" ? 0 : 2;
    return;
  }
  const { serve } = await import("./serve.js");
  await serve();
}

main().catch((error: unknown) => {
  process.stderr.write(`Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
