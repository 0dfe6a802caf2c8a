import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useState } from "preact/hooks";
import { AppApiError, callApp } from "../../customer-account-shared/api";
import { ErrorBanner, Loading } from "../../customer-account-shared/Feedback";
import { formatters, valueOf, type Formatters } from "../../customer-account-shared/i18n";
import { feesFor, type ReturnDraft } from "../../customer-account-shared/fees";
import type { EligibleLine, OrderAnswer, ReturnAnswer } from "../../customer-account-shared/types";
import { useOrderAnswer } from "../../customer-account-shared/use-order";

// The "Request a return" modal: the order's returnable items with a quantity and a reason each, a note, the
// fees the shop charges, then a Shopify return request (approved at once when the shop's rules allow).

export default async () => {
  render(<ReturnAction />, document.body);
};

function ReturnAction() {
  const f = formatters(shopify);
  const { load, retry } = useOrderAnswer(shopify, shopify.orderId);
  const heading = f.t("returns.heading");
  const close = () => shopify.close();

  if (load.state !== "ready") {
    return (
      <s-customer-account-action heading={heading}>
        {load.state === "loading" ? <Loading f={f} /> : <ErrorBanner error={load.error} f={f} onRetry={retry} />}
        <s-button slot="secondary-actions" onClick={close}>
          {f.t("actions.close")}
        </s-button>
      </s-customer-account-action>
    );
  }
  return <ReturnForm data={load.data} f={f} heading={heading} close={close} />;
}

function ReturnForm({ data, f, heading, close }: { data: OrderAnswer; f: Formatters; heading: string; close: () => void }) {
  const { order, eligibility } = data;
  const returnable = eligibility.lineItems.filter((line) => line.eligible && line.returnableQuantity > 0);
  const blocked = eligibility.lineItems.filter((line) => !line.eligible || line.returnableQuantity === 0);
  const [draft, setDraft] = useState<ReturnDraft>({});
  const [note, setNote] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<AppApiError | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [done, setDone] = useState<ReturnAnswer | null>(null);

  if (done) {
    const approved = done.return.approved;
    return (
      <s-customer-account-action heading={heading}>
        <s-banner tone="success" heading={f.t(approved ? "returns.approvedHeading" : "returns.requestedHeading", { order: order.name })}>
          <s-stack gap="small-200">
            <s-text>{f.t(approved ? "returns.approvedBody" : "returns.requestedBody")}</s-text>
            {done.case ? <s-text color="subdued">{f.t("returns.caseReference", { number: done.case.number })}</s-text> : null}
          </s-stack>
        </s-banner>
        {eligibility.policy.instructions ? <s-paragraph>{eligibility.policy.instructions}</s-paragraph> : null}
        <s-button slot="primary-action" onClick={close}>
          {f.t("actions.done")}
        </s-button>
      </s-customer-account-action>
    );
  }

  if (!eligibility.eligible || returnable.length === 0) {
    return (
      <s-customer-account-action heading={heading}>
        <s-banner tone="info" heading={f.t("returns.notEligibleHeading")}>
          <s-text>{f.t(`returns.notEligible.${eligibility.reason ?? "nothing_returnable"}`, { days: eligibility.policy.windowDays })}</s-text>
        </s-banner>
        <s-button slot="secondary-actions" onClick={close}>
          {f.t("actions.close")}
        </s-button>
      </s-customer-account-action>
    );
  }

  const chosen = returnable.filter((line) => (draft[line.lineItemId]?.quantity ?? 0) > 0);
  const missingReason = chosen.filter((line) => !draft[line.lineItemId]?.reason);
  const fees = feesFor(returnable, draft, eligibility.policy);
  const money = (n: number) => f.money(n, order.currencyCode);

  const update = (line: EligibleLine, patch: Partial<{ quantity: number; reason: string }>) =>
    setDraft((current) => ({ ...current, [line.lineItemId]: { ...(current[line.lineItemId] ?? { quantity: 0, reason: "" }), ...patch } }));

  const submit = async () => {
    setShowErrors(true);
    if (chosen.length === 0 || missingReason.length > 0) return;
    setSubmitting(true);
    setError(null);
    try {
      const answer = await callApp<ReturnAnswer>(shopify, "/api/customer-account/returns", {
        method: "POST",
        body: {
          orderId: order.id,
          items: chosen.map((line) => ({ lineItemId: line.lineItemId, quantity: draft[line.lineItemId].quantity, reason: draft[line.lineItemId].reason })),
          note: note.trim() || undefined,
        },
      });
      setDone(answer);
    } catch (caught) {
      setError(caught instanceof AppApiError ? caught : new AppApiError(0, "network", String(caught)));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <s-customer-account-action heading={heading}>
      <s-stack gap="base">
        <s-text>{f.t("returns.intro", { order: order.name })}</s-text>
        {error ? <ErrorBanner error={error} f={f} /> : null}
        {showErrors && chosen.length === 0 ? (
          <s-banner tone="warning">
            <s-text>{f.t("returns.chooseItems")}</s-text>
          </s-banner>
        ) : null}
        {returnable.map((line) => {
          const current = draft[line.lineItemId] ?? { quantity: 0, reason: "" };
          return (
            <s-stack key={line.lineItemId} gap="small-200">
              <s-stack direction="inline" gap="base" alignItems="center">
                {line.imageUrl ? <s-product-thumbnail src={line.imageUrl} alt={line.title} size="small" /> : null}
                <s-stack gap="none">
                  <s-text type="strong">{line.title}</s-text>
                  {line.variantTitle ? <s-text color="subdued">{line.variantTitle}</s-text> : null}
                  <s-text color="subdued">
                    {f.t("returns.returnable", { count: line.returnableQuantity, price: money(Number(line.price)) })}
                    {line.windowEndsAt ? ` · ${f.t("returns.until", { date: f.date(line.windowEndsAt) })}` : ""}
                  </s-text>
                </s-stack>
              </s-stack>
              <s-number-field
                label={f.t("returns.quantityLabel", { title: line.title })}
                min={0}
                max={line.returnableQuantity}
                step={1}
                value={String(current.quantity)}
                onInput={(event) => {
                  const n = Math.trunc(Number(valueOf(event)));
                  update(line, { quantity: Number.isFinite(n) ? Math.min(Math.max(n, 0), line.returnableQuantity) : 0 });
                }}
              />
              {current.quantity > 0 ? (
                <s-select
                  label={f.t("returns.reasonLabel", { title: line.title })}
                  value={current.reason}
                  required
                  error={showErrors && !current.reason ? f.t("returns.reasonRequired") : undefined}
                  onChange={(event) => update(line, { reason: valueOf(event) })}
                >
                  <s-option value="">{f.t("returns.chooseReason")}</s-option>
                  {eligibility.reasons.map((reason) => (
                    <s-option key={reason.code} value={reason.code}>
                      {f.t(`reasons.${reason.code}`)}
                    </s-option>
                  ))}
                </s-select>
              ) : null}
            </s-stack>
          );
        })}
        {blocked.length > 0 ? (
          <s-stack gap="small-200">
            <s-text type="strong">{f.t("returns.notReturnableHeading")}</s-text>
            <s-unordered-list>
              {blocked.map((line) => (
                <s-list-item key={line.lineItemId}>
                  {f.t("returns.notReturnableLine", { title: line.title, reason: f.t(`returns.lineReason.${line.ineligibleReason ?? "already_returned"}`) })}
                </s-list-item>
              ))}
            </s-unordered-list>
          </s-stack>
        ) : null}
        <s-text-area label={f.t("returns.noteLabel")} value={note} maxLength={1000} rows={3} onInput={(event) => setNote(valueOf(event))} />
        <s-divider />
        <s-stack gap="small-200" accessibilityLabel={f.t("returns.summaryLabel")}>
          <s-text type="strong">{f.t("returns.summaryLabel")}</s-text>
          <s-text>{f.t("returns.itemsTotal", { amount: money(fees.subtotal) })}</s-text>
          <s-text>
            {Number(eligibility.policy.restockingFeePercent) > 0
              ? f.t("returns.restockingFee", { percent: Number(eligibility.policy.restockingFeePercent), amount: money(fees.restocking) })
              : f.t("returns.noRestockingFee")}
          </s-text>
          <s-text>
            {Number(eligibility.policy.returnShippingFee) > 0
              ? f.t("returns.shippingFee", { amount: money(Number(eligibility.policy.returnShippingFee)) })
              : f.t("returns.freeShipping")}
          </s-text>
          <s-text type="strong">{f.t("returns.estimatedRefund", { amount: money(fees.refund) })}</s-text>
          <s-text color="subdued">{f.t("returns.refundNote")}</s-text>
        </s-stack>
      </s-stack>
      <s-button slot="primary-action" onClick={submit} loading={submitting} disabled={submitting}>
        {f.t("returns.submit")}
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        {f.t("actions.cancel")}
      </s-button>
    </s-customer-account-action>
  );
}
