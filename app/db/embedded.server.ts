import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  /** postgresql:// URL for the app, the Prisma CLI and psql; `embedded=1` tells the pool to use one connection. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder for the database files; created when missing, reused across runs. */
  dataDir: string;
  /** Loopback port; 0 picks a free one. */
  port?: number;
}

/**
 * PostgreSQL (PGlite, compiled to WebAssembly) served on 127.0.0.1 with the PostgreSQL wire protocol, so
 * the app, the migration CLI and psql reach it exactly as they reach a real server
 * (docs/decisions/0004-embedded-database.md).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // Several clients may connect (the app's pool, the migration CLI); the server runs their queries in turn.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 16 });
  keepExchangesTogether((server as unknown as { queryQueue: QueryQueue }).queryQueue);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start the embedded database on 127.0.0.1:${options.port ?? 0}: ${message}`);
  }
  const port = Number(new URL(`postgresql://${server.getServerConn()}`).port);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?embedded=1`,
    port,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

// ───────────────────────────── One connection's exchange at a time ─────────────────────────────

interface QueueItem {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueueItem[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

const READY_FOR_QUERY = 0x5a; // 'Z', always the last message of the server's answer to a Sync or a simple Query
const IDLE = 0x49; // 'I': not inside a transaction block

/**
 * pglite-socket 0.2.17 runs all connections in PGlite's single session and queues their wire messages one by
 * one, keeping a connection's messages together only inside a transaction. A query in the extended protocol is
 * several messages (Parse, Bind, Execute, Sync), so two connections' queries interleave and clobber each other's
 * unnamed statement and portal ("portal "" does not exist", or "prepared statement … already exists").
 * This replaces the queue's scheduler so that once a connection has started an exchange, only its messages run
 * until the server answered ReadyForQuery in the idle state (which also covers transactions and COPY).
 */
function keepExchangesTogether(queue: QueryQueue): void {
  let owner: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // the connection in the middle of an exchange has not sent its next message yet
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        let tail: number[] = [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                tail = [...tail, ...data.subarray(Math.max(0, data.length - 6))].slice(-6);
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = null;
          this.lastHandlerId = item.handlerId;
          item.reject(error);
          continue;
        }
        const answered = tail.length === 6 && tail[0] === READY_FOR_QUERY && tail[4] === 5;
        owner = answered && tail[5] === IDLE ? null : item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that goes away mid-exchange (or mid-transaction) must not hold everyone else up.
  const clearTransaction = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    if (owner === handlerId) {
      if (queue.db.isInTransaction()) await queue.db.exec("ROLLBACK");
      owner = null;
    }
    await clearTransaction(handlerId);
    void queue.processQueue();
  };
}
