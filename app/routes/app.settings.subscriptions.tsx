import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { requireAdmin, settingsAccess } from "../auth/roles.server";
import { requireStaff } from "../auth/staff.server";
import { RouteErrorPage } from "../components/RouteErrorPage";
import { orThrow, readIntent, readSettingsInput } from "../components/settings/request.server";
import { SettingsPage } from "../components/settings/SettingsPage";
import { useSettingsAction } from "../components/settings/use-settings-action";
import { handleErrors } from "../errors.server";
import { t } from "../i18n/en";
import { SUBSCRIPTION_SCOPES } from "../subscriptions/scopes";
import { subscriptionsStatus, turnOnSubscriptions } from "../subscriptions/webhooks.server";

// Settings → Subscriptions: shows whether the optional subscription scopes are granted (Shop.scopes, kept current by
// app/scopes_update) and turns subscriptions on: App Bridge asks the merchant for the scopes, then the action reads
// what Shopify granted and subscribes the shop to the subscription topics.

export const meta: MetaFunction = () => [{ title: t("subscriptions.settings.title") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await requireStaff(request);
  return orThrow(async () => {
    const access = await settingsAccess(ctx);
    return json({ ...access, status: subscriptionsStatus(ctx.shop.scopes) });
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await requireStaff(request);
  return handleErrors(async () => {
    await requireAdmin(ctx);
    const input = await readSettingsInput(request);
    readIntent(input, ["turn-on"] as const);
    const status = await turnOnSubscriptions(ctx.shop, ctx.admin);
    const message = status.emailGranted
      ? t("subscriptions.settings.turnedOn")
      : t("subscriptions.settings.statusPartial", { missing: status.missing.join(", ") });
    return json({ ok: true as const, message, status });
  });
};

interface AppBridgeScopes {
  scopes?: { request(scopes: string[]): Promise<{ result: string }> };
}

export default function SubscriptionsSettings() {
  const { canEdit, readOnlyReason, status } = useLoaderData<typeof loader>();
  const save = useSettingsAction();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const on = status.readGranted && status.emailGranted;

  const turnOn = async () => {
    setProblem(null);
    const bridge = (globalThis as { shopify?: AppBridgeScopes }).shopify;
    if (!bridge?.scopes) {
      setProblem(t("subscriptions.settings.noAppBridge"));
      return;
    }
    setAsking(true);
    try {
      const answer = await bridge.scopes.request([...SUBSCRIPTION_SCOPES]);
      if (answer.result !== "granted-all") {
        setProblem(t("subscriptions.settings.declined"));
        return;
      }
      save.submit({ intent: "turn-on" });
    } catch {
      setProblem(t("subscriptions.settings.declined"));
    } finally {
      setAsking(false);
    }
  };

  const notice = save.notice ?? (problem ? { tone: "critical" as const, message: problem } : null);
  return (
    <SettingsPage
      title={t("subscriptions.settings.title")}
      subtitle={t("subscriptions.settings.subtitle")}
      readOnlyReason={readOnlyReason}
      notice={notice}
      onDismissNotice={() => {
        save.dismissNotice();
        setProblem(null);
      }}
    >
      <Card>
        <BlockStack gap="400">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("subscriptions.settings.title")}
            </Text>
            <Badge tone={on ? "success" : status.readGranted ? "attention" : undefined}>
              {on
                ? t("subscriptions.settings.granted")
                : status.readGranted
                ? t("subscriptions.settings.partial")
                : t("subscriptions.settings.notGrantedBadge")}
            </Badge>
          </InlineStack>
          <Text as="p">
            {on
              ? t("subscriptions.settings.statusOn")
              : status.readGranted
              ? t("subscriptions.settings.statusPartial", { missing: status.missing.join(", ") })
              : t("subscriptions.settings.statusOff")}
          </Text>
          <Text as="p" tone="subdued">
            {t("subscriptions.settings.about")}
          </Text>
          <Text as="p" tone="subdued">
            {t("subscriptions.settings.permissions")}
          </Text>
          {canEdit ? (
            <InlineStack align="end">
              <Button
                variant={on ? "secondary" : "primary"}
                loading={asking || save.pending}
                onClick={() => void turnOn()}
              >
                {on ? t("subscriptions.settings.checkAgain") : t("subscriptions.settings.turnOn")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Card>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage title={t("subscriptions.settings.title")} />;
}
