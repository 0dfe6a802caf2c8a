// `npm run db:migrate`: apply the committed migrations to DATABASE_URL.
import { runMigrations } from "../app/db/migrate.server";
import { fail, log } from "./lib/log";

const url = process.env.DATABASE_URL;
if (!url) fail("DATABASE_URL is not set: point it at PostgreSQL (postgresql://user:pass@host:5432/db).");
try {
  const output = await runMigrations(url);
  log(output.includes("No pending") ? "No pending migrations." : "Migrations applied.");
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
