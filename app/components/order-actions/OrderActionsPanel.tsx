import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Checkbox,
  InlineStack,
  List,
  Modal,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { mayHaveActed, newIdempotencyKey, type ActionAnswer } from "../idempotency-key";
import { t } from "../../i18n/en";
import type { OrderActionOrder, OrderActionReturn } from "../../orders/actions/context.server";
import { compareMoney, formatMoney, isMoney, minMoney, sumMoney, toUnits, fromUnits } from "./money";
import { CANCEL_REASONS, DECLINE_REASONS, type CancelReason, type DeclineReason } from "./options";

// Order actions on one order of a case: buttons that open a confirmation modal per action. Each modal posts to
// /app/cases/:id/order-actions with a fresh idempotency key (a double click is one action), shows Shopify's
// refusal inside the modal (and says nothing was done), and confirms success with a toast.

type Open =
  | { kind: "refund" }
  | { kind: "cancel" }
  | { kind: "approve"; ret: OrderActionReturn }
  | { kind: "decline"; ret: OrderActionReturn }
  | { kind: "process"; ret: OrderActionReturn }
  | null;

declare const shopify: { toast?: { show(message: string): void } } | undefined;

const NOTHING_DONE: Record<Exclude<Open, null>["kind"], string> = {
  refund: t("orderAction.nothingDone.REFUND"),
  cancel: t("orderAction.nothingDone.CANCEL"),
  approve: t("orderAction.nothingDone.RETURN_APPROVE"),
  decline: t("orderAction.nothingDone.RETURN_DECLINE"),
  process: t("orderAction.nothingDone.RETURN_PROCESS"),
};

export interface OrderActionsPanelProps {
  caseId: string;
  order: OrderActionOrder;
  /** The store requires a note on every refund (Settings → Refunds). */
  requireRefundNote?: boolean;
}

export function OrderActionsPanel({ caseId, order, requireRefundNote = false }: OrderActionsPanelProps) {
  const fetcher = useFetcher<ActionAnswer>();
  const [open, setOpen] = useState<Open>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [uncertain, setUncertain] = useState(false);
  const submitting = fetcher.state !== "idle";
  const handled = useRef<unknown>(null);

  // Opening a form renders a whole modal (line items, amounts): as a transition, so the button's press is painted
  // at once and the modal follows in the next frames, instead of the click waiting for it (INP).
  const show = useCallback((next: Open) => {
    startTransition(() => {
      setOpen(next);
      setKey(newIdempotencyKey());
      setError(null);
      setUncertain(false);
    });
  }, []);
  const close = useCallback(() => {
    if (!submitting) setOpen(null);
  }, [submitting]);

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    if ("ok" in data) {
      setOpen(null);
      setError(null);
      if (typeof shopify !== "undefined" && shopify?.toast) shopify.toast.show(data.message);
      else setNotice(data.message);
    } else {
      setError(data.error.message);
      // Shopify may have done it (no clear answer), or it is still being sent: the same form must keep its key so
      // sending it again is the same action. Otherwise nothing was done: trying again is a new action, a new key.
      const maybeDone = mayHaveActed(data);
      setUncertain(maybeDone);
      if (!maybeDone) setKey(newIdempotencyKey());
    }
  }, [fetcher.state, fetcher.data]);

  const submit = useCallback(
    (intent: string, fields: Record<string, string>) => {
      setError(null);
      fetcher.submit(
        { intent, orderId: order.id, idempotencyKey: key, ...fields },
        { method: "post", action: `/app/cases/${caseId}/order-actions` },
      );
    },
    [fetcher, order.id, key, caseId],
  );

  const modalProps = { submitting, error, nothingDone: open && !uncertain ? NOTHING_DONE[open.kind] : "", onClose: close };

  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {t("orderAction.panel.title", { order: order.name })}
      </Text>
      {notice ? (
        <Banner tone="success" onDismiss={() => setNotice(null)}>
          <p>{notice}</p>
        </Banner>
      ) : null}
      <InlineStack gap="200" wrap>
        {order.refund.allowed ? <Button onClick={() => show({ kind: "refund" })}>{t("orderAction.button.refund")}</Button> : null}
        {order.cancel.allowed ? (
          <Button tone="critical" onClick={() => show({ kind: "cancel" })}>
            {t("orderAction.button.cancel")}
          </Button>
        ) : null}
      </InlineStack>
      {[order.refund.unavailable, order.cancel.unavailable]
        .filter((u, i, all): u is NonNullable<typeof u> => u !== null && all.indexOf(u) === i)
        .map((u) => (
          <Text key={u} as="p" tone="subdued" variant="bodySm">
            {t(u)}
          </Text>
        ))}

      {order.returnsAwaitingDecision.map((ret) => (
        <Box key={ret.id} padding="200" background="bg-surface-secondary" borderRadius="200">
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {t("orderAction.returns.awaiting", { return: ret.name ?? "", date: new Date(ret.requestedAt).toLocaleDateString("en-US") })}
            </Text>
            <ReturnLines ret={ret} />
            <InlineStack gap="200">
              <Button variant="primary" onClick={() => show({ kind: "approve", ret })}>
                {t("orderAction.button.approveReturn", { return: ret.name ?? "" })}
              </Button>
              <Button onClick={() => show({ kind: "decline", ret })}>{t("orderAction.button.declineReturn", { return: ret.name ?? "" })}</Button>
            </InlineStack>
          </BlockStack>
        </Box>
      ))}
      {order.returnsToProcess.map((ret) => (
        <Box key={ret.id} padding="200" background="bg-surface-secondary" borderRadius="200">
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {t("orderAction.returns.open", { return: ret.name ?? "" })}
            </Text>
            <ReturnLines ret={ret} />
            <InlineStack>
              <Button onClick={() => show({ kind: "process", ret })}>{t("orderAction.button.processReturn", { return: ret.name ?? "" })}</Button>
            </InlineStack>
          </BlockStack>
        </Box>
      ))}

      {open?.kind === "refund" ? (
        <RefundModal {...modalProps} order={order} requireNote={requireRefundNote} onSubmit={(f) => submit("refund", f)} />
      ) : null}
      {open?.kind === "cancel" ? <CancelModal {...modalProps} order={order} onSubmit={(f) => submit("cancel", f)} /> : null}
      {open?.kind === "approve" ? (
        <ApproveModal {...modalProps} ret={open.ret} onSubmit={(f) => submit("approve-return", { returnId: open.ret.id, ...f })} />
      ) : null}
      {open?.kind === "decline" ? (
        <DeclineModal {...modalProps} ret={open.ret} onSubmit={(f) => submit("decline-return", { returnId: open.ret.id, ...f })} />
      ) : null}
      {open?.kind === "process" ? (
        <ProcessModal {...modalProps} ret={open.ret} onSubmit={(f) => submit("process-return", { returnId: open.ret.id, ...f })} />
      ) : null}
    </BlockStack>
  );
}

function ReturnLines({ ret }: { ret: OrderActionReturn }) {
  return (
    <List type="bullet">
      {ret.lines.map((l) => (
        <List.Item key={l.id}>
          {t("orderAction.returns.line", { quantity: l.quantity, title: l.title, reason: l.reason.replace(/_/g, " ").toLowerCase() })}
          {l.customerNote ? ` — “${l.customerNote}”` : ""}
        </List.Item>
      ))}
    </List>
  );
}

interface ModalBase {
  submitting: boolean;
  error: string | null;
  nothingDone: string;
  onClose: () => void;
  onSubmit: (fields: Record<string, string>) => void;
}

function Refusal({ error, nothingDone }: { error: string | null; nothingDone: string }) {
  if (!error) return null;
  return (
    <Banner tone="critical" title={t("orderAction.refusedTitle")}>
      <BlockStack gap="100">
        <p>{error}</p>
        {!nothingDone || error.includes(nothingDone) ? null : <p>{nothingDone}</p>}
      </BlockStack>
    </Banner>
  );
}

const bool = (v: boolean) => (v ? "true" : "false");
const clampQuantity = (value: string, max: number) => {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), max) : 0;
};

function RefundModal({ order, requireNote, submitting, error, nothingDone, onClose, onSubmit }: ModalBase & { order: OrderActionOrder; requireNote: boolean }) {
  const refundable = order.lines.filter((l) => l.refundableQuantity > 0);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState(true);
  const [shipping, setShipping] = useState(false);
  const [amount, setAmount] = useState("");
  const [amountTouched, setAmountTouched] = useState(false);
  const [note, setNote] = useState("");
  const [notify, setNotify] = useState(true);
  const hasShipping = compareMoney(order.totalShipping, "0") > 0;

  const chosen = refundable.filter((l) => (quantities[l.id] ?? 0) > 0);
  const everything = refundable.length > 0 && refundable.every((l) => quantities[l.id] === l.refundableQuantity) && (!hasShipping || shipping);
  const estimate = useMemo(() => {
    if (everything) return order.refundableAmount;
    const lines = chosen.map((l) => fromUnits(toUnits(l.unitPrice) * BigInt(quantities[l.id] ?? 0)));
    const total = sumMoney([...lines, shipping ? order.totalShipping : "0"]);
    return minMoney(total, order.refundableAmount);
  }, [everything, chosen, quantities, shipping, order]);
  const shown = amountTouched ? amount : compareMoney(estimate, "0") > 0 ? estimate : "";
  const amountValid = shown === "" || (isMoney(shown) && compareMoney(shown, "0") > 0);
  const canSubmit = (chosen.length > 0 || shipping || (amountTouched && shown !== "")) && amountValid && (!requireNote || note.trim() !== "");

  const send = () =>
    onSubmit({
      lines: JSON.stringify(chosen.map((l) => ({ lineItemId: l.id, quantity: quantities[l.id] }))),
      restock: bool(restock && chosen.length > 0),
      refundShipping: bool(shipping),
      // Untouched, Shopify calculates the amount for the items (taxes included); typed, that amount is refunded.
      ...(amountTouched || chosen.length === 0 ? { amount: shown } : {}),
      note,
      notify: bool(notify),
    });

  return (
    <Modal
      open
      onClose={onClose}
      title={t("orderAction.refund.title", { order: order.name })}
      primaryAction={{
        content: shown && amountValid ? t("orderAction.refund.submit", { amount: formatMoney(shown, order.currencyCode) }) : t("orderAction.refund.submitNoAmount"),
        onAction: send,
        loading: submitting,
        disabled: submitting || !canSubmit,
      }}
      secondaryActions={[{ content: t("orderAction.close"), onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          <Refusal error={error} nothingDone={nothingDone} />
          <Text as="p" tone="subdued">
            {t("orderAction.refund.amountLeft", { amount: formatMoney(order.refundableAmount, order.currencyCode) })}
          </Text>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h4" variant="headingSm">
                {t("orderAction.refund.items")}
              </Text>
              {refundable.length > 0 ? (
                <Button
                  variant="plain"
                  onClick={() => {
                    setQuantities(Object.fromEntries(refundable.map((l) => [l.id, l.refundableQuantity])));
                    if (hasShipping) setShipping(true);
                  }}
                >
                  {t("orderAction.refund.selectAll")}
                </Button>
              ) : null}
            </InlineStack>
            {refundable.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("orderAction.refund.noneLeft")}
              </Text>
            ) : (
              refundable.map((l) => (
                <InlineStack key={l.id} align="space-between" blockAlign="center" gap="300" wrap={false}>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="medium">
                      {l.title}
                      {l.variantTitle ? ` · ${l.variantTitle}` : ""}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {t("orderAction.refund.lineDetail", {
                        price: formatMoney(l.unitPrice, order.currencyCode),
                        left: l.refundableQuantity,
                        quantity: l.quantity,
                      })}
                    </Text>
                  </BlockStack>
                  <Box width="96px">
                    <TextField
                      label={t("orderAction.refund.quantityLabel", { title: l.title, max: l.refundableQuantity })}
                      labelHidden
                      type="number"
                      min={0}
                      max={l.refundableQuantity}
                      autoComplete="off"
                      value={String(quantities[l.id] ?? 0)}
                      onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: clampQuantity(v, l.refundableQuantity) }))}
                    />
                  </Box>
                </InlineStack>
              ))
            )}
          </BlockStack>
          {refundable.length > 0 ? (
            <Checkbox
              label={t("orderAction.refund.restock")}
              helpText={t("orderAction.refund.restockHelp")}
              checked={restock}
              onChange={setRestock}
            />
          ) : null}
          {hasShipping ? (
            <Checkbox
              label={t("orderAction.refund.shipping", { amount: formatMoney(order.totalShipping, order.currencyCode) })}
              checked={shipping}
              onChange={setShipping}
            />
          ) : null}
          <TextField
            label={t("orderAction.refund.amount")}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            suffix={order.currencyCode}
            value={shown}
            onChange={(v) => {
              setAmountTouched(true);
              setAmount(v.trim());
            }}
            error={amountValid ? undefined : t("orderAction.error.amountZero")}
            helpText={
              chosen.length > 0
                ? t("orderAction.refund.amountHelpEstimate")
                : t("orderAction.refund.amountHelpOnly", { max: formatMoney(order.refundableAmount, order.currencyCode) })
            }
          />
          <TextField
            label={t("orderAction.refund.note")}
            multiline={2}
            maxLength={1000}
            autoComplete="off"
            value={note}
            onChange={setNote}
            requiredIndicator={requireNote}
            helpText={requireNote ? t("orderAction.refund.noteRequired") : t("orderAction.refund.noteHelp")}
          />
          <Checkbox label={t("orderAction.notifyCustomer")} checked={notify} onChange={setNotify} />
          <Text as="p" tone="subdued" variant="bodySm">
            {t("orderAction.shopifyConfirms")}
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function CancelModal({ order, submitting, error, nothingDone, onClose, onSubmit }: ModalBase & { order: OrderActionOrder }) {
  const [reason, setReason] = useState<CancelReason>("CUSTOMER");
  const paid = compareMoney(order.refundableAmount, "0") > 0 && order.refund.allowed;
  const [refund, setRefund] = useState(paid);
  const [restock, setRestock] = useState(true);
  const [notify, setNotify] = useState(true);
  const [staffNote, setStaffNote] = useState("");
  return (
    <Modal
      open
      onClose={onClose}
      title={t("orderAction.cancel.title", { order: order.name })}
      primaryAction={{
        content: t("orderAction.cancel.submit"),
        destructive: true,
        loading: submitting,
        disabled: submitting,
        onAction: () =>
          onSubmit({ reason, refund: bool(refund && paid), restock: bool(restock), notify: bool(notify), staffNote }),
      }}
      secondaryActions={[{ content: t("orderAction.cancel.keep"), onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          <Refusal error={error} nothingDone={nothingDone} />
          <Text as="p">{t("orderAction.cancel.warning")}</Text>
          <Select
            label={t("orderAction.cancel.reason")}
            options={CANCEL_REASONS.map((r) => ({ value: r, label: t(`orderAction.cancel.reason.${r}`) }))}
            value={reason}
            onChange={(v) => setReason(v as CancelReason)}
          />
          {paid ? (
            <Checkbox
              label={t("orderAction.cancel.refund", { amount: formatMoney(order.refundableAmount, order.currencyCode) })}
              helpText={t("orderAction.cancel.refundHelp")}
              checked={refund}
              onChange={setRefund}
            />
          ) : null}
          <Checkbox label={t("orderAction.cancel.restock")} checked={restock} onChange={setRestock} />
          <Checkbox label={t("orderAction.notifyCustomer")} checked={notify} onChange={setNotify} />
          <TextField
            label={t("orderAction.cancel.staffNote")}
            helpText={t("orderAction.cancel.staffNoteHelp")}
            maxLength={255}
            autoComplete="off"
            value={staffNote}
            onChange={setStaffNote}
          />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function ApproveModal({ ret, submitting, error, nothingDone, onClose, onSubmit }: ModalBase & { ret: OrderActionReturn }) {
  const [notify, setNotify] = useState(true);
  return (
    <Modal
      open
      onClose={onClose}
      title={t("orderAction.approve.title", { return: ret.name ?? "" })}
      primaryAction={{ content: t("orderAction.approve.submit"), loading: submitting, disabled: submitting, onAction: () => onSubmit({ notify: bool(notify) }) }}
      secondaryActions={[{ content: t("orderAction.close"), onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Refusal error={error} nothingDone={nothingDone} />
          <Text as="p">{t("orderAction.approve.body")}</Text>
          <ReturnLines ret={ret} />
          <Checkbox label={t("orderAction.notifyCustomer")} checked={notify} onChange={setNotify} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function DeclineModal({ ret, submitting, error, nothingDone, onClose, onSubmit }: ModalBase & { ret: OrderActionReturn }) {
  const [reason, setReason] = useState<DeclineReason>("RETURN_PERIOD_ENDED");
  const [note, setNote] = useState("");
  const [notify, setNotify] = useState(true);
  return (
    <Modal
      open
      onClose={onClose}
      title={t("orderAction.decline.title", { return: ret.name ?? "" })}
      primaryAction={{
        content: t("orderAction.decline.submit"),
        destructive: true,
        loading: submitting,
        disabled: submitting,
        onAction: () => onSubmit({ reason, note, notify: bool(notify) }),
      }}
      secondaryActions={[{ content: t("orderAction.close"), onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Refusal error={error} nothingDone={nothingDone} />
          <ReturnLines ret={ret} />
          <Select
            label={t("orderAction.decline.reason")}
            options={DECLINE_REASONS.map((r) => ({ value: r, label: t(`orderAction.decline.reason.${r}`) }))}
            value={reason}
            onChange={(v) => setReason(v as DeclineReason)}
          />
          <TextField
            label={t("orderAction.decline.note")}
            helpText={t("orderAction.decline.noteHelp")}
            multiline={3}
            maxLength={500}
            autoComplete="off"
            value={note}
            onChange={setNote}
          />
          <Checkbox label={t("orderAction.notifyCustomer")} checked={notify} onChange={setNotify} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function ProcessModal({ ret, submitting, error, nothingDone, onClose, onSubmit }: ModalBase & { ret: OrderActionReturn }) {
  const [quantities, setQuantities] = useState<Record<string, number>>(() => Object.fromEntries(ret.lines.map((l) => [l.id, l.quantity])));
  const [restock, setRestock] = useState(true);
  const [refund, setRefund] = useState(true);
  const [notify, setNotify] = useState(true);
  const [note, setNote] = useState("");
  const chosen = ret.lines.filter((l) => (quantities[l.id] ?? 0) > 0);
  return (
    <Modal
      open
      onClose={onClose}
      title={t("orderAction.process.title", { return: ret.name ?? "" })}
      primaryAction={{
        content: t("orderAction.process.submit"),
        loading: submitting,
        disabled: submitting || chosen.length === 0,
        onAction: () =>
          onSubmit({
            lines: JSON.stringify(chosen.map((l) => ({ returnLineItemId: l.id, quantity: quantities[l.id] }))),
            restock: bool(restock),
            refund: bool(refund),
            notify: bool(notify),
            note,
          }),
      }}
      secondaryActions={[{ content: t("orderAction.close"), onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Refusal error={error} nothingDone={nothingDone} />
          <Text as="p">{t("orderAction.process.body")}</Text>
          {ret.lines.map((l) => (
            <InlineStack key={l.id} align="space-between" blockAlign="center" gap="300" wrap={false}>
              <Text as="span">{l.title}</Text>
              <Box width="96px">
                <TextField
                  label={t("orderAction.process.quantityLabel", { title: l.title, max: l.quantity })}
                  labelHidden
                  type="number"
                  min={0}
                  max={l.quantity}
                  autoComplete="off"
                  value={String(quantities[l.id] ?? 0)}
                  onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: clampQuantity(v, l.quantity) }))}
                />
              </Box>
            </InlineStack>
          ))}
          <Checkbox label={t("orderAction.process.restock")} checked={restock} onChange={setRestock} />
          <Checkbox label={t("orderAction.process.refund")} helpText={t("orderAction.process.refundHelp")} checked={refund} onChange={setRefund} />
          <Checkbox label={t("orderAction.notifyCustomer")} checked={notify} onChange={setNotify} />
          <TextField label={t("orderAction.process.note")} multiline={2} maxLength={1000} autoComplete="off" value={note} onChange={setNote} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
