import { spawn } from "node:child_process";
import path from "node:path";

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

/**
 * Applies the committed migrations (prisma/migrations) with `prisma migrate deploy`, which takes an
 * advisory lock, so several instances starting at once apply each migration exactly once.
 *
 * The Prisma 6.19 CLI with a driver adapter keeps its process alive for ~10 s after it has finished
 * (a timer inside the WebAssembly schema engine); once it has printed its result we end it ourselves.
 */
export function runMigrations(databaseUrl: string, { cwd = process.cwd() } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const bin = path.join(cwd, "node_modules", ".bin", "prisma");
    const child = spawn(bin, ["migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let succeeded = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!succeeded && DONE.test(output)) {
        succeeded = true;
        setTimeout(() => child.kill("SIGTERM"), 250).unref();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => reject(new MigrationError(`Could not run prisma: ${error.message}`, output)));
    child.on("close", (code) => {
      if (succeeded) return resolve(output);
      reject(new MigrationError(`Migrations failed: ${summarise(output)} (prisma exit code ${code})`, output));
    });
  });
}

/** The CLI's own error lines ("Error: Database `x` does not exist"), without its banner and warnings. */
function summarise(output: string): string {
  const lines = output.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith("Error:"));
  if (start === -1) return lines.filter(Boolean).slice(-3).join(" ");
  return lines
    .slice(start, start + 3)
    .filter((l) => l && !l.startsWith("We recommend"))
    .join(" ")
    .replace(/^Error:\s*/, "");
}
