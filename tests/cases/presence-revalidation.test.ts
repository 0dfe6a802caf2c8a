import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import { shouldRevalidate as caseShouldRevalidate } from "../../app/routes/app.cases.$id";
import { shouldRevalidate as layoutShouldRevalidate } from "../../app/routes/app";

// The case page's presence heartbeat posts every few seconds. Remix reloads every loader on the page after any
// action by default: the whole case (timeline, order context) and the layout would be loaded and re-rendered
// again on every heartbeat and whenever typing starts. The routes opt out for the heartbeat only.

const id = "01a2157d-9487-738e-a923-2e44aaa260e0";

function args(formAction: string | undefined, defaultShouldRevalidate = true): ShouldRevalidateFunctionArgs {
  const url = new URL(`http://localhost/app/cases/${id}`);
  return {
    currentUrl: url,
    currentParams: { id },
    nextUrl: url,
    nextParams: { id },
    formMethod: formAction ? "POST" : undefined,
    formAction,
    actionResult: formAction ? { others: [] } : undefined,
    defaultShouldRevalidate,
  };
}

describe("presence heartbeats and revalidation", () => {
  for (const [name, shouldRevalidate] of [
    ["case page", caseShouldRevalidate],
    ["app layout", layoutShouldRevalidate],
  ] as const) {
    it(`${name}: a heartbeat does not reload, every other action and the Reload button do`, () => {
      expect(shouldRevalidate(args(`/app/cases/${id}/presence`))).toBe(false);
      expect(shouldRevalidate(args(`/app/cases/${id}/presence?shop=demo.myshopify.com`))).toBe(false);
      // A reply, a status change, an order action: the case changed, reload as Remix would.
      expect(shouldRevalidate(args(`/app/cases/${id}`))).toBe(true);
      expect(shouldRevalidate(args(`/app/cases/${id}/order-actions`))).toBe(true);
      expect(shouldRevalidate(args(`/app/cases/${id}/presence-report`))).toBe(true);
      // The presence bar's "Reload" (revalidator.revalidate(): no form action).
      expect(shouldRevalidate(args(undefined))).toBe(true);
      // Remix's own answer stands otherwise.
      expect(shouldRevalidate(args(`/app/cases/${id}`, false))).toBe(false);
    });
  }
});
