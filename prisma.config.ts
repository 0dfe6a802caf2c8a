import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI (migrate deploy, migrate diff) talks to the database through the same driver adapter as
// the app, so it needs no engine binary (docs/decisions/0002-database.md).
// `prisma generate` reads no data but still resolves env("DATABASE_URL"); give it a placeholder so a fresh
// `npm install` works without a database. Every other command needs the real URL.
if (!process.env.DATABASE_URL && process.argv.includes("generate")) {
  process.env.DATABASE_URL = "postgresql://127.0.0.1:5432/unused";
}

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const { createPgAdapter } = await import("./app/db/adapter.server");
    return createPgAdapter(process.env.DATABASE_URL ?? "");
  },
});
