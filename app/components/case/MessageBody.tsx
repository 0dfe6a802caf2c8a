import { useState } from "react";
import { BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import type { SafeHtml } from "../../cases/sanitize.server";
import { t } from "../../i18n/en";

/**
 * A message's body. `html` and `htmlWithRemoteImages` are only ever output of the sanitiser (the loader re-sanitises
 * stored HTML, see renderMessageHtml in app/cases/sanitize.server.ts), so they may be set as HTML; without HTML the
 * text is shown as text, line breaks kept.
 *
 * Remote images are blocked: `html` shows placeholders, and nothing loads from the sender until staff click "Show
 * images from this email" for this message; then `htmlWithRemoteImages` replaces it (images load without a referrer).
 */
export function MessageBody({
  html,
  htmlWithRemoteImages = null,
  text,
}: {
  html: SafeHtml | string | null;
  htmlWithRemoteImages?: SafeHtml | string | null;
  text: string;
}) {
  const [showImages, setShowImages] = useState(false);
  if (html) {
    const body = showImages && htmlWithRemoteImages ? htmlWithRemoteImages : html;
    return (
      <BlockStack gap="200">
        {htmlWithRemoteImages && !showImages ? (
          <Box background="bg-surface-secondary" padding="200" borderRadius="200">
            <InlineStack gap="200" blockAlign="center" align="space-between">
              <Text as="p" variant="bodySm" tone="subdued">
                {t("case.images.hidden")}
              </Text>
              <Button size="slim" onClick={() => setShowImages(true)}>
                {t("case.images.show")}
              </Button>
            </InlineStack>
          </Box>
        ) : null}
        <div className="casefile-message-html" style={{ overflowWrap: "anywhere", lineHeight: 1.5 }} dangerouslySetInnerHTML={{ __html: body }} />
      </BlockStack>
    );
  }
  return (
    <Text as="p" breakWord>
      <span style={{ whiteSpace: "pre-wrap" }}>{text}</span>
    </Text>
  );
}
