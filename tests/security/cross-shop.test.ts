import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  B_MARKERS,
  buildWorld,
  coverageProblems,
  CROSS_SHOP,
  NO_IDS,
  routeModuleNames,
  routeModulePath,
  snapshotShop,
  type RouteExports,
  type RouteFn,
  type World,
} from "./route-fixtures";

// Issue 9, "Security and bad input": every loader and action called with another shop's ids is refused, for every
// route module in app/routes. The registry and the reasons live in tests/security/route-fixtures.ts.

type RouteModule = Partial<Record<RouteFn, (args: { request: Request; params: Record<string, string>; context: object }) => unknown>>;

const modules = new Map<string, RouteModule>();

async function routeExports(): Promise<RouteExports[]> {
  const out: RouteExports[] = [];
  for (const name of routeModuleNames()) {
    let mod = modules.get(name);
    if (!mod) {
      mod = (await import(/* @vite-ignore */ routeModulePath(name))) as RouteModule;
      modules.set(name, mod);
    }
    out.push({ name, fns: (["loader", "action"] as const).filter((fn) => typeof mod[fn] === "function") });
  }
  return out;
}

/** The route's answer, whether returned or thrown (Remix turns a thrown Response into the answer). */
async function settle(run: () => unknown): Promise<Response> {
  try {
    const result = await run();
    if (!(result instanceof Response)) throw new Error(`expected a Response, got ${typeof result}`);
    return result;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

describe("every route module is accounted for", () => {
  it("is either exercised cross-shop (CROSS_SHOP) or listed with a reason as taking no shop-owned ids (NO_IDS)", async () => {
    const routes = await routeExports();
    expect(routes.length).toBeGreaterThan(40);
    expect(coverageProblems(routes, CROSS_SHOP, NO_IDS)).toEqual([]);
  });

  it("the check fails for a new route, a stale entry, a double listing and an unexercised export", () => {
    const registry = { "app.things.$id.tsx": { cases: [{ name: "x", fn: "loader" as const, expect: [404], call: () => ({ request: new Request("https://x.test"), params: {} }) }] } };
    const noIds = { "healthz.ts": "no shop data", "app.things.$id.tsx": "oops", "gone.tsx": "removed" };
    const problems = coverageProblems(
      [
        { name: "healthz.ts", fns: ["loader"] },
        { name: "app.things.$id.tsx", fns: ["loader", "action"] },
        { name: "app.widgets.$id.tsx", fns: ["action"] },
        { name: "app.layout-only.tsx", fns: [] },
      ],
      registry,
      noIds,
    );
    expect(problems).toEqual([
      "app/routes/app.things.$id.tsx is in both CROSS_SHOP and NO_IDS: keep one.",
      "app/routes/app.things.$id.tsx exports action with no cross-shop case: add one to CROSS_SHOP, or say in notExercised why it reads no shop data.",
      "app/routes/app.widgets.$id.tsx exports action but has no cross-shop case: add it to CROSS_SHOP in tests/security/route-fixtures.ts " +
        "(call it as shop A with shop B's ids and expect 404/403), or to NO_IDS with the reason it takes no shop-owned id.",
      "gone.tsx is listed in tests/security/route-fixtures.ts but app/routes has no such module: remove it.",
    ]);
    // A case for an export the route does not have is reported too.
    expect(coverageProblems([{ name: "app.things.$id.tsx", fns: ["action"] }], registry, {})).toEqual([
      "app/routes/app.things.$id.tsx exports action with no cross-shop case: add one to CROSS_SHOP, or say in notExercised why it reads no shop data.",
      'CROSS_SHOP["app.things.$id.tsx"] has a case for loader, which the route does not export ("x").',
    ]);
    expect(coverageProblems([{ name: "healthz.ts", fns: ["loader"] }], {}, { "healthz.ts": "no shop data" })).toEqual([]);
  });
});

describe("called as shop A with shop B's ids", () => {
  let world: World;

  beforeAll(async () => {
    await routeExports();
  });
  // A fresh pair of shops for every case: no case's refusal depends on what an earlier case did.
  beforeEach(async () => {
    world = await buildWorld();
  });

  it("the fixture itself: shop B's data is readable by shop B (so a refusal means scoping, not missing data)", async () => {
    const { embeddedRequest } = await import("../helpers/shopify");
    const mod = modules.get("app.feedback.$id.tsx")!;
    const id = world.b.feedback.requestId;
    const own = await settle(async () => mod.loader!({ request: await embeddedRequest(`/app/feedback/${id}`, world.b.shop), params: { id }, context: {} }));
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Zebra-feedback-desc");
  });

  for (const [route, entry] of Object.entries(CROSS_SHOP)) {
    for (const c of entry.cases) {
      it(`${route} ${c.fn}: ${c.name} → ${c.expect.join("/")}`, async () => {
        const mod = modules.get(route);
        expect(mod?.[c.fn], `${route} exports ${c.fn}`).toBeTypeOf("function");
        const before = await snapshotShop(world.b);
        const { request, params } = await c.call(world);
        const response = await settle(() => mod![c.fn]!({ request, params, context: {} }));
        const body = await response.clone().text();
        expect(c.expect, `status ${response.status}: ${body.slice(0, 300)}`).toContain(response.status);
        for (const marker of B_MARKERS.filter((m) => !c.echoes?.includes(m))) expect(body, `shop B's "${marker}" in the answer`).not.toContain(marker);
        await c.check?.(response, body, world);
        expect(await snapshotShop(world.b), "shop B's rows changed").toEqual(before);

        // The control: the same call made by shop B itself is not refused the same way, so the refusal above comes
        // from the shop scoping, not from a form that would have been refused anyway.
        if (c.expect.every((status) => status >= 400)) {
          const own = await c.call({ a: world.b, b: world.b });
          const ownResponse = await settle(() => mod![c.fn]!({ request: own.request, params: own.params, context: {} }));
          const ownBody = await ownResponse.clone().text();
          expect(c.expect, `control (shop B, own ids) answered ${ownResponse.status}: ${ownBody.slice(0, 300)}`).not.toContain(ownResponse.status);
        }
      });
    }
  }
});
