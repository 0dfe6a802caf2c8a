import { Text } from "@shopify/polaris";
import type { SafeHtml } from "../../cases/sanitize.server";

/**
 * A message's body. `html` is only ever the output of sanitizeMessageHtml (the loader re-sanitises stored
 * HTML, see app/cases/sanitize.server.ts), so it may be set as HTML; without it the text is shown as text,
 * line breaks kept.
 */
export function MessageBody({ html, text }: { html: SafeHtml | string | null; text: string }) {
  if (html) {
    return <div className="casefile-message-html" style={{ overflowWrap: "anywhere", lineHeight: 1.5 }} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <Text as="p" breakWord>
      <span style={{ whiteSpace: "pre-wrap" }}>{text}</span>
    </Text>
  );
}
