// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes a database at the committed migrations to prisma/schema.prisma (app/db/migration-diff.server.ts).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { pendingMigrationSql } from "../app/db/migration-diff.server";
import { fail, log } from "./lib/log";

const name = z
  .string()
  .regex(/^[a-z0-9_]+$/, "use lower-case letters, digits and underscores, e.g. add_case_search")
  .safeParse(process.argv[2]);
if (!name.success) fail(`Migration name ${name.error.issues[0].message}. Usage: npm run db:new-migration -- <name>`, 2);

const sql = await pendingMigrationSql(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
if (!sql) {
  log("The schema matches the committed migrations: nothing to write.");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join("prisma", "migrations", `${stamp}_${name.data}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  log(`Wrote ${dir}/migration.sql — review it, then commit it with the schema.`);
}
