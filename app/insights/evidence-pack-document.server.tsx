import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describeEvent } from "../components/case/CaseTimeline";
import { humanise } from "../components/case/format";
import { disputeReasonLabel } from "../disputes/dispute-text";
import { t, type MessageKey } from "../i18n/en";
import type { EvidenceAddress, EvidenceCase, EvidenceMessage, EvidencePack } from "./evidence-pack.server";

// The evidence pack as one standalone, printable HTML document. Rendered with React's static markup, so every
// value is escaped; message bodies are plain text (never HTML). The only script is the print button's, allowed
// by a per-response nonce in the document's Content-Security-Policy.

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 13px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0; background: #f6f6f7; }
main { max-width: 960px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 14px; margin: 16px 0 6px; }
p { margin: 4px 0; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e1e3e5; }
th { background: #f1f2f4; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
dt { font-weight: 600; color: #4a4a4a; }
dd { margin: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.utc { color: #616161; font-size: 11px; white-space: nowrap; }
.muted { color: #616161; }
.toolbar { display: flex; justify-content: space-between; align-items: center; gap: 12px; margin-bottom: 16px; }
.toolbar button { font: inherit; font-weight: 600; padding: 8px 14px; border-radius: 8px; border: 1px solid #1a1a1a; background: #1a1a1a; color: #fff; cursor: pointer; }
.delivered { background: #e3f1df; border: 2px solid #2e7d32; padding: 8px 10px; border-radius: 6px; font-weight: 600; margin: 6px 0; }
tr.delivered-row td { background: #e3f1df; font-weight: 600; }
tr.failed-row td { background: #fee9e8; }
.warning { background: #fff4e5; border: 1px solid #b98900; padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
.notice { background: #f1f2f4; padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
.case { border: 1px solid #c9cccf; border-radius: 8px; padding: 10px 12px; margin: 12px 0; }
.message { border-left: 4px solid #c9cccf; padding: 6px 10px; margin: 8px 0; page-break-inside: avoid; break-inside: avoid; }
.message.customer { border-left-color: #2c6ecb; }
.message.staff { border-left-color: #2e7d32; }
.message.note { border-left-color: #b98900; background: #fff8e6; }
.message-head { font-size: 12px; color: #4a4a4a; margin-bottom: 4px; }
.message-body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: inherit; }
.label { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 4px; background: #e4e5e7; margin-right: 4px; }
.label.note { background: #ffd79d; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid #c9cccf; color: #616161; font-size: 12px; }
a { color: #005bd3; overflow-wrap: anywhere; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  .no-print { display: none !important; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .case { break-inside: auto; }
  a { color: inherit; }
  @page { margin: 14mm 12mm; }
}
`;

const PRINT_SCRIPT = `document.getElementById("print-pack").addEventListener("click", function () { window.print(); });`;

export interface RenderOptions {
  appName: string;
  /** Random per response; the Content-Security-Policy allows only the script carrying it. */
  nonce: string;
}

/** Content-Security-Policy of the document: no loads at all, inline styles, and the one nonced script. */
export function evidenceCsp(nonce: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** The full HTML document (doctype included) of an evidence pack. */
export function renderEvidencePackHtml(pack: EvidencePack, options: RenderOptions): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<EvidenceDocument pack={pack} {...options} />)}`;
}

function EvidenceDocument({ pack, appName, nonce }: { pack: EvidencePack } & RenderOptions) {
  const { order, shop } = pack;
  const tz = shop.timeZone;
  const money = (amount: string | null, currency = order.currencyCode) => formatMoney(amount, currency);
  const title = t("evidence.title", { name: order.name });
  const net = (Number(order.total) - Number(order.refunded)).toFixed(2);

  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={evidenceCsp(nonce)} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>
          <div className="toolbar no-print">
            <span className="muted">{appName}</span>
            <button type="button" id="print-pack">
              {t("evidence.print")}
            </button>
          </div>

          <header>
            <h1>{title}</h1>
            <p>{t("evidence.subtitle", { shop: shop.name, domain: shop.domain })}</p>
            <p>
              {t("evidence.generatedAt")}: <When at={pack.generatedAt} tz={tz} />
            </p>
            <p className="muted">{t("evidence.timeZoneNote", { zone: tz })}</p>
            <p className="muted">{pack.includeNotes ? t("evidence.notesIncluded") : t("evidence.notesExcluded")}</p>
          </header>

          {/* Order */}
          <section id="order">
            <h2>{t("evidence.order.heading")}</h2>
            <dl>
              <Row label={t("evidence.order.name")}>{order.name}</Row>
              <Row label={t("evidence.order.shopifyId")}>{order.shopifyId}</Row>
              <Row label={t("evidence.order.placed")}>
                <When at={order.createdAt} tz={tz} />
              </Row>
              <Row label={t("evidence.order.processed")}>
                <When at={order.processedAt} tz={tz} />
              </Row>
              <Row label={t("evidence.order.financialStatus")}>{t(`case.financial.${order.financialStatus}` as MessageKey)}</Row>
              <Row label={t("evidence.order.fulfillmentStatus")}>{t(`case.fulfillment.${order.fulfillmentStatus}` as MessageKey)}</Row>
              <Row label={t("evidence.order.disputes")}>{order.disputeCount}</Row>
              <Row label={t("evidence.order.gateways")}>{order.paymentGateways.length > 0 ? order.paymentGateways.join(", ") : "—"}</Row>
              {order.shippingMethod ? <Row label={t("evidence.order.shippingMethod")}>{order.shippingMethod}</Row> : null}
              {order.cancelledAt ? (
                <Row label={t("evidence.order.cancelled")}>
                  <When at={order.cancelledAt} tz={tz} />
                  {order.cancelReason ? ` — ${humanise(order.cancelReason)}` : ""}
                </Row>
              ) : null}
              {order.closedAt ? (
                <Row label={t("evidence.order.closed")}>
                  <When at={order.closedAt} tz={tz} />
                </Row>
              ) : null}
              {order.statusPageUrl ? (
                <Row label={t("evidence.order.statusPage")}>
                  <a href={order.statusPageUrl} rel="noopener noreferrer">
                    {order.statusPageUrl}
                  </a>
                </Row>
              ) : null}
            </dl>
            <table id="totals">
              <tbody>
                <MoneyRow label={t("evidence.totals.subtotal")} value={money(order.subtotal)} />
                <MoneyRow label={t("evidence.totals.shipping")} value={money(order.shipping)} />
                <MoneyRow label={t("evidence.totals.tax")} value={money(order.tax)} />
                <MoneyRow
                  label={order.discountCodes.length > 0 ? t("evidence.totals.discountCodes", { codes: order.discountCodes.join(", ") }) : t("evidence.totals.discounts")}
                  value={Number(order.discounts) > 0 ? `−${money(order.discounts)}` : money(order.discounts)}
                />
                <MoneyRow label={t("evidence.totals.total")} value={money(order.total)} strong />
                <MoneyRow label={t("evidence.totals.refunded")} value={money(order.refunded)} />
                <MoneyRow label={t("evidence.totals.net")} value={money(net)} />
              </tbody>
            </table>
          </section>

          {/* Disputes (app/disputes) */}
          {pack.disputes.length > 0 ? (
            <section id="disputes">
              <h2>{t("dispute.evidence.heading")}</h2>
              {pack.disputes.map((d) => (
                <dl key={d.id}>
                  <Row label={t("dispute.evidence.kind")}>{t(`dispute.kind.${d.kind}`)}</Row>
                  <Row label={t("dispute.evidence.reason")}>{disputeReasonLabel(d.reason)}</Row>
                  {d.networkReasonCode ? <Row label={t("dispute.evidence.networkCode")}>{d.networkReasonCode}</Row> : null}
                  <Row label={t("dispute.evidence.amount")}>{money(d.amount, d.currencyCode)}</Row>
                  <Row label={t("dispute.evidence.status")}>{t(`dispute.status.${d.status}`)}</Row>
                  <Row label={t("dispute.evidence.initiated")}>
                    <When at={new Date(d.initiatedAt)} tz={tz} />
                  </Row>
                  {d.evidenceDueBy ? (
                    <Row label={t("dispute.evidence.due")}>
                      <When at={new Date(d.evidenceDueBy)} tz={tz} />
                    </Row>
                  ) : null}
                  {d.evidenceSentOn ? (
                    <Row label={t("dispute.evidence.sent")}>
                      <When at={new Date(d.evidenceSentOn)} tz={tz} />
                    </Row>
                  ) : null}
                  {d.finalizedOn ? (
                    <Row label={t("dispute.evidence.finalized")}>
                      <When at={new Date(d.finalizedOn)} tz={tz} />
                    </Row>
                  ) : null}
                </dl>
              ))}
            </section>
          ) : null}

          {/* Customer */}
          <section id="customer">
            <h2>{t("evidence.customer.heading")}</h2>
            {pack.redactedAt ? (
              <p className="notice">{t("evidence.customer.redacted", { date: formatZoned(pack.redactedAt, tz) })}</p>
            ) : (
              <CustomerDetails pack={pack} />
            )}
          </section>

          {/* Line items */}
          <section id="items">
            <h2>{t("evidence.items.heading")}</h2>
            {pack.lineItems.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t("evidence.items.title")}</th>
                    <th>{t("evidence.items.sku")}</th>
                    <th className="num">{t("evidence.items.quantity")}</th>
                    <th className="num">{t("evidence.items.price")}</th>
                    <th className="num">{t("evidence.items.discount")}</th>
                    <th>{t("evidence.items.shipping")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pack.lineItems.map((l) => (
                    <tr key={l.id}>
                      <td>
                        {l.title}
                        {l.variantTitle ? <span className="muted"> — {l.variantTitle}</span> : null}
                      </td>
                      <td>{l.sku ?? "—"}</td>
                      <td className="num">{l.quantity}</td>
                      <td className="num">{money(l.price)}</td>
                      <td className="num">{Number(l.totalDiscount) > 0 ? `−${money(l.totalDiscount)}` : "—"}</td>
                      <td>{l.requiresShipping ? t("evidence.yes") : t("evidence.no")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {/* Payment transactions */}
          <section id="transactions">
            <h2>{t("evidence.transactions.heading")}</h2>
            {pack.paymentTerms ? (
              <p>
                {t("evidence.transactions.terms", { name: pack.paymentTerms.name })}
                {pack.paymentTerms.dueAt ? (
                  <>
                    {" · "}
                    {t("evidence.transactions.due")} <When at={pack.paymentTerms.dueAt} tz={tz} />
                  </>
                ) : null}
              </p>
            ) : null}
            {pack.transactions.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t("evidence.transactions.time")}</th>
                    <th>{t("evidence.transactions.kind")}</th>
                    <th>{t("evidence.transactions.status")}</th>
                    <th className="num">{t("evidence.transactions.amount")}</th>
                    <th>{t("evidence.transactions.method")}</th>
                    <th>{t("evidence.transactions.detail")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pack.transactions.map((tx) => (
                    <tr key={tx.id} className={tx.failed ? "failed-row" : undefined}>
                      <td>
                        <When at={tx.processedAt} tz={tz} />
                      </td>
                      <td>{t(`payments.kind.${tx.kind}`)}</td>
                      <td>
                        {t(`payments.status.${tx.status}`)}
                        {tx.test ? ` (${t("payments.test")})` : ""}
                      </td>
                      <td className="num">{money(tx.amount, tx.currencyCode)}</td>
                      <td>
                        {[
                          tx.lastFour ? (tx.cardBrand ? t("payments.card", { brand: tx.cardBrand, last4: tx.lastFour }) : t("payments.cardNoBrand", { last4: tx.lastFour })) : null,
                          tx.gateway ? humanise(tx.gateway) : null,
                        ]
                          .filter(Boolean)
                          .join(" · ") || "—"}
                      </td>
                      <td>{tx.failed ? [tx.errorText, tx.errorCode ? `(${tx.errorCode})` : null, tx.message].filter(Boolean).join(" ") : (tx.message ?? "—")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {/* Fulfillments */}
          <section id="fulfillments">
            <h2>{t("evidence.fulfillments.heading")}</h2>
            {pack.fulfillments.length === 0 ? <p className="muted">{t("evidence.none")}</p> : null}
            {pack.fulfillments.map((f, i) => (
              <div key={f.id} className="fulfillment">
                <h3>{t("evidence.fulfillments.shipment", { name: f.name ?? String(i + 1) })}</h3>
                {f.deliveredAt ? (
                  <p className="delivered">
                    ✔ {t("evidence.fulfillments.delivered")}: <When at={f.deliveredAt} tz={tz} />
                  </p>
                ) : f.status === "CANCELLED" ? (
                  <p className="warning">{t("evidence.fulfillments.cancelled")}</p>
                ) : (
                  <p className="warning">{t("evidence.fulfillments.notDelivered")}</p>
                )}
                <dl>
                  <Row label={t("evidence.fulfillments.carrier")}>{f.carrier ?? "—"}</Row>
                  <Row label={t("evidence.fulfillments.tracking")}>
                    {f.tracking.length === 0
                      ? "—"
                      : f.tracking.map((tr, j) => (
                          <span key={j}>
                            {j > 0 ? ", " : ""}
                            {tr.url ? (
                              <a href={tr.url} rel="noopener noreferrer">
                                {tr.number ?? tr.url}
                              </a>
                            ) : (
                              tr.number
                            )}
                          </span>
                        ))}
                  </Row>
                  <Row label={t("evidence.fulfillments.status")}>{f.shipmentStatus ? humanise(f.shipmentStatus) : humanise(f.status)}</Row>
                  <Row label={t("evidence.fulfillments.created")}>
                    <When at={f.createdAt} tz={tz} />
                  </Row>
                  {f.inTransitAt ? (
                    <Row label={t("evidence.fulfillments.inTransit")}>
                      <When at={f.inTransitAt} tz={tz} />
                    </Row>
                  ) : null}
                  {f.estimatedDeliveryAt ? (
                    <Row label={t("evidence.fulfillments.eta")}>
                      <When at={f.estimatedDeliveryAt} tz={tz} />
                    </Row>
                  ) : null}
                  {f.items.length > 0 ? (
                    <Row label={t("evidence.fulfillments.items")}>{f.items.map((it) => `${it.quantity} × ${it.title}`).join("; ")}</Row>
                  ) : null}
                </dl>
                <h3>{t("evidence.fulfillments.events")}</h3>
                {f.events.length === 0 ? (
                  <p className="muted">{t("evidence.fulfillments.noEvents")}</p>
                ) : (
                  <table className="events">
                    <thead>
                      <tr>
                        <th>{t("evidence.fulfillments.eventTime")}</th>
                        <th>{t("evidence.fulfillments.eventStatus")}</th>
                        <th>{t("evidence.fulfillments.eventDetail")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {f.events.map((e) => (
                        <tr key={e.id} className={e.status === "DELIVERED" ? "delivered-row" : undefined}>
                          <td>
                            <When at={e.at} tz={tz} />
                          </td>
                          <td>{humanise(e.status)}</td>
                          <td>{[e.message, e.place].filter(Boolean).join(" — ") || "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            ))}
          </section>

          {/* Refunds and returns */}
          <section id="refunds">
            <h2>{t("evidence.refunds.heading")}</h2>
            {pack.refunds.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t("evidence.refunds.time")}</th>
                    <th className="num">{t("evidence.refunds.amount")}</th>
                    <th>{t("evidence.refunds.items")}</th>
                    <th>{t("evidence.refunds.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pack.refunds.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <When at={r.processedAt} tz={tz} />
                      </td>
                      <td className="num">
                        {money(r.amount, r.currencyCode)}
                        {Number(r.shippingAmount) > 0 ? <div className="muted">{t("evidence.refunds.shippingPart", { amount: money(r.shippingAmount, r.currencyCode) })}</div> : null}
                      </td>
                      <td>
                        {r.items.length > 0 ? r.items.map((it) => `${it.quantity} × ${it.title}`).join("; ") : "—"}
                        {r.restocked ? ` (${t("evidence.refunds.restocked")})` : ""}
                        {r.returnName ? ` · ${t("evidence.refunds.forReturn", { name: r.returnName })}` : ""}
                      </td>
                      <td>{r.note ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section id="returns">
            <h2>{t("evidence.returns.heading")}</h2>
            {pack.returns.length === 0 ? <p className="muted">{t("evidence.none")}</p> : null}
            {pack.returns.map((r) => (
              <div key={r.id}>
                <h3>{t("evidence.returns.return", { name: r.name ?? "" }).trim()}</h3>
                <dl>
                  <Row label={t("evidence.returns.status")}>
                    {t(`case.return.${r.status}` as MessageKey)}
                    {r.declineReason ? ` — ${t("evidence.returns.declined", { reason: humanise(r.declineReason) })}` : ""}
                    {r.declineNote ? ` (${r.declineNote})` : ""}
                  </Row>
                  <Row label={t("evidence.returns.requested")}>
                    <When at={r.requestedAt} tz={tz} />
                  </Row>
                  {r.approvedAt ? (
                    <Row label={t("evidence.returns.approved")}>
                      <When at={r.approvedAt} tz={tz} />
                    </Row>
                  ) : null}
                  {r.closedAt ? (
                    <Row label={t("evidence.returns.closed")}>
                      <When at={r.closedAt} tz={tz} />
                    </Row>
                  ) : null}
                  <Row label={t("evidence.returns.items")}>
                    {r.items.length === 0
                      ? "—"
                      : r.items.map((it, j) => (
                          <div key={j}>
                            {it.quantity} × {it.title} — {humanise(it.reason)}
                            {it.note ? <span className="muted"> “{it.note}”</span> : null}
                          </div>
                        ))}
                  </Row>
                  {r.reverseTracking ? (
                    <Row label={t("evidence.returns.reverse")}>
                      {r.reverseTracking.carrier ? `${r.reverseTracking.carrier} ` : ""}
                      {r.reverseTracking.url ? (
                        <a href={r.reverseTracking.url} rel="noopener noreferrer">
                          {r.reverseTracking.number ?? r.reverseTracking.url}
                        </a>
                      ) : (
                        r.reverseTracking.number
                      )}
                    </Row>
                  ) : null}
                </dl>
              </div>
            ))}
          </section>

          {/* Communication */}
          <section id="communication">
            <h2>{t("evidence.communication.heading")}</h2>
            <p className="muted">{t("evidence.communication.intro")}</p>
            {pack.casesTotal > pack.cases.length ? <p className="warning">{t("evidence.capped", { shown: pack.cases.length, total: pack.casesTotal })}</p> : null}
            {pack.messagesShown < pack.messagesTotal ? (
              <p className="warning">{t("evidence.capped", { shown: pack.messagesShown, total: pack.messagesTotal })}</p>
            ) : null}
            {pack.cases.length === 0 ? <p className="muted">{t("evidence.none")}</p> : null}
            {pack.cases.map((c) => (
              <CaseThread key={c.id} c={c} tz={tz} />
            ))}

            <h3>{t("evidence.actions.heading")}</h3>
            {pack.orderActions.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table id="order-actions">
                <thead>
                  <tr>
                    <th>{t("evidence.actions.requested")}</th>
                    <th>{t("evidence.actions.result")}</th>
                    <th>{t("evidence.actions.by")}</th>
                    <th>{t("evidence.actions.case")}</th>
                    <th>{t("evidence.actions.completed")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pack.orderActions.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <When at={a.createdAt} tz={tz} />
                      </td>
                      <td>
                        {t(`evidence.actions.kind.${a.kind}` as MessageKey)}
                        {a.amount ? ` ${money(a.amount, a.currencyCode ?? order.currencyCode)}` : ""} — {t(`evidence.actions.status.${a.status}` as MessageKey)}
                        {a.reason ? <div className="muted">{a.reason}</div> : null}
                        {a.error ? <div className="muted">{a.error}</div> : null}
                      </td>
                      <td>{a.staffName ?? "—"}</td>
                      <td>{a.caseNumber ? `#${a.caseNumber}` : "—"}</td>
                      <td>{a.completedAt ? <When at={a.completedAt} tz={tz} /> : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3>{t("evidence.timeline.heading")}</h3>
            {pack.orderEvents.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table id="order-timeline">
                <tbody>
                  {pack.orderEvents.map((e) => (
                    <tr key={e.id} className={e.type === "delivered" ? "delivered-row" : undefined}>
                      <td>
                        <When at={e.at} tz={tz} />
                      </td>
                      <td>
                        {describeEvent(
                          { kind: "event", id: e.id, at: e.at.toISOString(), type: e.type, actorType: e.actorType, staffName: e.staffName, orderName: order.name, data: e.data },
                          tz,
                        )}
                        <span className="muted"> · {t("evidence.timeline.cases", { numbers: e.caseNumbers.map((n) => `#${n}`).join(", ") })}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {/* Self-service */}
          <section id="self-service">
            <h2>{t("evidence.selfService.heading")}</h2>
            {pack.selfService.length === 0 ? (
              <p className="muted">{t("evidence.none")}</p>
            ) : (
              <table>
                <tbody>
                  {pack.selfService.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <When at={s.at} tz={tz} />
                      </td>
                      <td>
                        {t(`evidence.selfService.kind.${s.kind}` as MessageKey)}
                        {s.followUpCaseNumber ? ` — ${t("evidence.selfService.followUp", { number: s.followUpCaseNumber })}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <footer>{t("evidence.footer", { app: appName })}</footer>
        </main>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: PRINT_SCRIPT }} />
      </body>
    </html>
  );
}

function CustomerDetails({ pack }: { pack: EvidencePack }) {
  const c = pack.customer;
  const tz = pack.shop.timeZone;
  return (
    <>
      {c ? (
        <dl>
          <Row label={t("evidence.customer.name")}>{c.name ?? "—"}</Row>
          <Row label={t("evidence.customer.email")}>{c.email ?? "—"}</Row>
          <Row label={t("evidence.customer.phone")}>{c.phone ?? "—"}</Row>
          {c.shopifyId ? (
            <>
              <Row label={t("evidence.customer.shopifyId")}>{c.shopifyId}</Row>
              <Row label={t("evidence.customer.firstOrder")}>{c.firstOrderAt ? <When at={c.firstOrderAt} tz={tz} /> : "—"}</Row>
              <Row label={t("evidence.customer.orders")}>{c.ordersCount ?? "—"}</Row>
              <Row label={t("evidence.customer.spent")}>{c.totalSpent ? formatMoney(c.totalSpent, c.spentCurrency) : "—"}</Row>
            </>
          ) : (
            <Row label={t("evidence.customer.shopifyId")}>{t("evidence.customer.guest")}</Row>
          )}
        </dl>
      ) : null}
      <table id="addresses">
        <thead>
          <tr>
            <th>{t("evidence.address.shipping")}</th>
            <th>{t("evidence.address.billing")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <AddressBlock a={pack.shippingAddress} />
            </td>
            <td>
              <AddressBlock a={pack.billingAddress} />
            </td>
          </tr>
        </tbody>
      </table>
      <p id="address-match" className={pack.addressMatch && !pack.addressMatch.same ? "warning" : "notice"}>
        {pack.addressMatch === null
          ? t("evidence.address.unknown")
          : pack.addressMatch.same
            ? t("evidence.address.same")
            : t("evidence.address.differ", { fields: pack.addressMatch.differing.map((f) => t(`evidence.address.field.${f}` as MessageKey)).join(", ") })}
      </p>
    </>
  );
}

function AddressBlock({ a }: { a: EvidenceAddress | null }) {
  if (!a) return <span className="muted">—</span>;
  return (
    <>
      {[a.name, a.company, ...a.lines, a.phone].filter(Boolean).map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </>
  );
}

function CaseThread({ c, tz }: { c: EvidenceCase; tz: string }) {
  return (
    <div className="case" id={`case-${c.number}`}>
      <h3>{t("evidence.case.title", { number: c.number, subject: c.subject })}</h3>
      <dl>
        <Row label={t("evidence.case.link")}>{c.linkedToOrder ? t("evidence.case.linkOrder") : t("evidence.case.linkCustomer")}</Row>
        <Row label={t("evidence.case.channel")}>{t(`case.channel.${c.channel}` as MessageKey)}</Row>
        <Row label={t("evidence.case.status")}>
          {t(`case.status.${c.status}` as MessageKey)}
          {c.mergedIntoNumber ? ` — ${t("evidence.case.mergedInto", { number: c.mergedIntoNumber })}` : ""}
        </Row>
        <Row label={t("evidence.case.opened")}>
          <When at={c.createdAt} tz={tz} />
        </Row>
        {c.resolvedAt ? (
          <Row label={t("evidence.case.resolved")}>
            <When at={c.resolvedAt} tz={tz} />
          </Row>
        ) : null}
        {c.closedAt ? (
          <Row label={t("evidence.case.closedAt")}>
            <When at={c.closedAt} tz={tz} />
          </Row>
        ) : null}
      </dl>
      <p className="muted">
        {c.messageCount === 1 ? t("evidence.case.messagesOne") : t("evidence.case.messages", { count: c.messageCount })}
        {c.messages.length < c.messageCount ? ` — ${t("evidence.capped", { shown: c.messages.length, total: c.messageCount })}` : ""}
        {c.notesExcluded > 0 ? ` ${c.notesExcluded === 1 ? t("evidence.case.notesExcludedOne") : t("evidence.case.notesExcluded", { count: c.notesExcluded })}` : ""}
      </p>
      {c.messages.length === 0 ? <p className="muted">{t("evidence.case.noMessages")}</p> : null}
      {c.messages.map((m) => (
        <MessageBlock key={m.id} m={m} tz={tz} />
      ))}
    </div>
  );
}

function MessageBlock({ m, tz }: { m: EvidenceMessage; tz: string }) {
  const note = m.direction === "NOTE";
  const role = note ? "note" : m.authorType === "CUSTOMER" ? "customer" : "staff";
  const roleLabel = note
    ? t("evidence.message.note")
    : m.authorType === "CUSTOMER"
      ? t("evidence.message.customer")
      : m.authorType === "SYSTEM"
        ? t("evidence.message.system")
        : t("evidence.message.staff");
  const author = [m.author, m.authorEmail && m.authorEmail !== m.author ? `<${m.authorEmail}>` : null].filter(Boolean).join(" ");
  const undelivered = m.direction === "OUTBOUND" && (m.deliveryStatus === "FAILED" || m.deliveryStatus === "NOT_SENT");
  return (
    <div className={`message ${role}`} data-message-id={m.id}>
      <div className="message-head">
        <span className={note ? "label note" : "label"}>{roleLabel}</span>
        <strong>{author || t("evidence.message.unknownAuthor")}</strong> · {t(`case.channel.${m.channel}` as MessageKey)} · <When at={m.at} tz={tz} />
        {m.sentAt && m.sentAt.getTime() !== m.at.getTime() ? (
          <>
            {" "}
            · {t("evidence.message.sentAt", { date: formatZoned(m.sentAt, tz) })}
          </>
        ) : null}
        {undelivered ? ` · ${t("evidence.message.notSent", { status: humanise(m.deliveryStatus) })}` : ""}
        {m.subject ? <div>{t("evidence.message.subject", { subject: m.subject })}</div> : null}
      </div>
      <pre className="message-body">{m.text}</pre>
      {m.attachments.length > 0 ? (
        <p className="muted">
          {t("evidence.message.attachments")}: {m.attachments.map((a) => `${a.filename} (${a.contentType}, ${formatBytes(a.size)})`).join("; ")}
        </p>
      ) : null}
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function MoneyRow({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr>
      <th>{label}</th>
      <td className="num">{strong ? <strong>{value}</strong> : value}</td>
    </tr>
  );
}

/** A time in the shop's zone, then UTC (ISO 8601) — the form a dispute reviewer can check against other records. */
function When({ at, tz }: { at: Date; tz: string }) {
  const iso = isoUtc(at);
  return (
    <>
      <time dateTime={iso}>{formatZoned(at, tz)}</time> <span className="utc">({iso})</span>
    </>
  );
}

export function isoUtc(at: Date): string {
  return at.toISOString().replace(/\.000Z$/, "Z");
}

/** "Nov 25, 2026, 10:04:05 AM EST" in the shop's time zone. */
export function formatZoned(at: Date, tz: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "long", timeZone: tz }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "long", timeZone: "UTC" }).format(at);
  }
}

function formatMoney(amount: string | null, currency: string | null): string {
  if (amount === null) return "—";
  const value = Number(amount);
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency || "USD" }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency ?? ""}`.trim();
  }
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
