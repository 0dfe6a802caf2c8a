import type { ReactNode } from "react";
import { t } from "../i18n/en";

// The frame of the shopper's public pages (conversation link, satisfaction survey): a plain, store-like help
// page — no admin chrome, no Polaris — readable on a phone, with visible focus and enough contrast.

const CSS = `
.sp{--ink:#1a1a1a;--muted:#5c5f62;--line:#d9dadb;--accent:#1f5199;--soft:#f4f6f8;--bad:#8e1f0b;--good:#0c5132;
  font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);
  background:#fafafa;min-height:100vh;margin:0;padding:0 16px 48px;line-height:1.5;font-size:16px}
.sp *{box-sizing:border-box}
.sp-header{max-width:680px;margin:0 auto;padding:20px 0 12px;border-bottom:1px solid var(--line)}
.sp-shop{font-weight:600;font-size:1.1rem;margin:0}
.sp-main{max-width:680px;margin:0 auto;padding-top:20px}
.sp h1{font-size:1.5rem;line-height:1.25;margin:0 0 4px}
.sp h2{font-size:1.15rem;margin:28px 0 8px}
.sp-meta{color:var(--muted);margin:0 0 16px}
.sp-status{display:inline-block;border-radius:999px;background:var(--soft);border:1px solid var(--line);padding:2px 10px;font-size:.875rem}
.sp-thread{list-style:none;margin:16px 0 0;padding:0;display:flex;flex-direction:column;gap:12px}
.sp-msg{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fff;max-width:92%}
.sp-msg--customer{align-self:flex-end;background:#eef3fb;border-color:#c9d7ee}
.sp-msg header{display:flex;flex-wrap:wrap;gap:4px 12px;justify-content:space-between;font-size:.875rem;color:var(--muted);margin-bottom:6px}
.sp-msg header strong{color:var(--ink)}
.sp-body{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.sp label,.sp legend{font-weight:600;display:block;margin-bottom:6px}
.sp textarea{width:100%;min-height:140px;font:inherit;padding:10px;border:1px solid #8c9196;border-radius:8px}
.sp textarea:focus,.sp input:focus-visible,.sp button:focus-visible,.sp a:focus-visible{outline:3px solid #2c6ecb;outline-offset:2px}
.sp-hint{color:var(--muted);font-size:.875rem;margin:6px 0 12px}
.sp button{font:inherit;font-weight:600;background:var(--accent);color:#fff;border:0;border-radius:8px;padding:10px 18px;cursor:pointer;min-height:44px}
.sp-notice{border-radius:8px;padding:10px 14px;margin:12px 0}
.sp-notice--ok{background:#e3f1df;color:var(--good);border:1px solid #95c9b4}
.sp-notice--bad{background:#fbeae5;color:var(--bad);border:1px solid #e0b3b2}
.sp fieldset{border:0;padding:0;margin:0 0 16px}
.sp-scale{display:flex;flex-wrap:wrap;gap:8px}
.sp-scale label{font-weight:400;display:flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:8px;padding:8px 12px;background:#fff;min-height:44px;cursor:pointer;margin:0}
.sp-footer{max-width:680px;margin:32px auto 0;color:var(--muted);font-size:.8125rem;border-top:1px solid var(--line);padding-top:12px}
.sp a{color:var(--accent)}
`;

export function ShopperPage({ shopName, children, footer }: { shopName?: string | null; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="sp">
      <style>{CSS}</style>
      {shopName ? (
        <header className="sp-header">
          <p className="sp-shop">{shopName}</p>
        </header>
      ) : null}
      <main className="sp-main">{children}</main>
      {footer ? <footer className="sp-footer">{footer}</footer> : null}
    </div>
  );
}

export function Notice({ tone, children }: { tone: "ok" | "bad"; children: ReactNode }) {
  return (
    <div className={`sp-notice sp-notice--${tone}`} role={tone === "bad" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** A date and time the same on the server and in the browser (UTC), readable by people. */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC";
}

export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
}

/** Headers every shopper page answers with: private, never cached, never indexed, the token never leaked as a referrer. */
export const SHOPPER_HEADERS = {
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
} as const;

export type LinkProblem = "invalid" | "expired" | "not_found";

/** What a shopper sees for a link that was changed (401), has expired (410) or leads nowhere (404). */
export function LinkProblemPage({ state }: { state: LinkProblem }) {
  const [title, body] =
    state === "expired"
      ? [t("shopper.link.expiredTitle"), t("shopper.link.expiredBody")]
      : state === "not_found"
        ? [t("shopper.link.notFoundTitle"), t("shopper.link.notFoundBody")]
        : [t("shopper.link.invalidTitle"), t("shopper.link.invalidBody")];
  return (
    <ShopperPage>
      <h1>{title}</h1>
      <p>{body}</p>
    </ShopperPage>
  );
}

