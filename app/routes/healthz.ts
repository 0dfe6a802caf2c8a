import { json } from "@remix-run/node";
import { checkDatabase } from "../db/health.server";

/** For load balancers and uptime checks: 200 with the database state when it answers, 503 when it does not. */
export const loader = async () => {
  const database = await checkDatabase();
  return json(
    { status: database.up ? "ok" : "unavailable", database },
    { status: database.up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
