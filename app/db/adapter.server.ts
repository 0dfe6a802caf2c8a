import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Catalogue types the adapter cannot decode, all sent as text on the wire: "char" (18) and name (19). */
const TEXTUAL_CATALOGUE_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type FieldLike = { dataTypeID: number };
type ResultLike = { fields?: FieldLike[] };

/**
 * @prisma/adapter-pg 6.19 cannot decode PostgreSQL `name` and `"char"` columns (prisma/orm#27403), which the
 * migration engine reads from the catalogue. Both are text on the wire, so relabelling them as text is exact.
 */
function nameColumnsAsText<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as ResultLike[];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (TEXTUAL_CATALOGUE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise or callback; pg.Pool uses the callback form).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err: unknown, res: unknown) => last(err, err ? res : nameColumnsAsText(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as (...a: any[]) => any)(...args);
    if (out && typeof out.then === "function") return out.then(nameColumnsAsText);
    return out;
  }
}

/**
 * The embedded server (PGlite) runs every connection in ONE PostgreSQL session, so a named prepared statement
 * made on one connection already exists for the next ("prepared statement … already exists"). On it, queries
 * go unnamed: pg then parses them each time, which PGlite does anyway.
 */
class EmbeddedClient extends NameAsTextClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [first] = args;
    if (first && typeof first === "object" && typeof first.name === "string") {
      const { name: _name, ...unnamed } = first;
      args[0] = unnamed;
    }
    return super.query(...args);
  }
}

export interface PoolOptions {
  /** Connections this process may open (the embedded server runs one transaction at a time across all of them). */
  max?: number;
  /** Disable PostgreSQL's JIT for this pool (short OLTP queries get slower with it; see performance notes). */
  jitOff?: boolean;
  connectionTimeoutMillis?: number;
}

export function isEmbeddedUrl(url: string): boolean {
  try {
    return new URL(url).searchParams.get("embedded") === "1";
  } catch {
    return false;
  }
}

/** Strip the app's own query parameters (pg would pass unknown ones to the server). */
export function connectionStringFor(url: string): string {
  const u = new URL(url);
  u.searchParams.delete("embedded");
  return u.toString();
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const embedded = isEmbeddedUrl(url);
  const pool = new pg.Pool({
    connectionString: connectionStringFor(url),
    Client: embedded ? EmbeddedClient : NameAsTextClient,
    max: options.max ?? (embedded ? 4 : 10),
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
    // Let CLI processes (migrate deploy, seed) exit as soon as their work is done.
    allowExitOnIdle: true,
    // PGlite has no JIT and ignores run-time options sent at start-up.
    options: (options.jitOff ?? !embedded) ? "-c jit=off" : undefined,
  });
  // An idle connection the server dropped (restart, failover) must not crash the process; the pool reconnects.
  pool.on("error", (error) => console.warn(`Idle database connection lost: ${error.message}`));
  pool.on("connect", (client) => client.on("error", (error) => console.warn(`Database connection lost: ${error.message}`)));
  return pool;
}

type ScriptRunner = { client: pg.Pool; executeScript(script: string): Promise<void>; onError(error: unknown): never };

/**
 * adapter-pg 6.19's executeScript (what `prisma migrate deploy` runs each migration file through) splits the
 * file on every ";", which breaks dollar-quoted function bodies (our search triggers). PostgreSQL parses a
 * multi-statement script itself when it is sent as one simple query — and runs it as one implicit transaction,
 * so a failing migration leaves nothing half-applied.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const runner = adapter as unknown as ScriptRunner;
    runner.executeScript = async (script: string) => {
      try {
        await runner.client.query(script);
      } catch (error) {
        runner.onError(error);
      }
    };
    return adapter;
  }
}

/** The Prisma driver adapter used by the app, the CLI (prisma.config.ts) and the tests. */
export function createPgAdapter(url: string, options: PoolOptions = {}) {
  if (!url) {
    throw new Error("DATABASE_URL is not set: point it at PostgreSQL (postgresql://user:pass@host:5432/db).");
  }
  return new WholeScriptPrismaPg(createPool(url, options), { disposeExternalPool: true });
}
