import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Avatar, Banner, InlineStack, Text } from "@shopify/polaris";
import type { PresenceState } from "../../cases/presence.server";
import { t } from "../../i18n/en";

/** How often the page tells the server it is still here (and whether its staff member is typing). */
export const HEARTBEAT_MS = 5000;

/**
 * Collision detection: sends a heartbeat every few seconds (and at once when typing starts or stops) and
 * shows who else has the case open or is typing a reply. Also reports a message that arrived since the
 * page was loaded, so staff do not answer an outdated thread.
 */
export function usePresence(caseId: string, typing: boolean): PresenceState | null {
  const fetcher = useFetcher<PresenceState>();
  const typingRef = useRef(typing);
  typingRef.current = typing;
  const submitRef = useRef(fetcher.submit);
  submitRef.current = fetcher.submit;
  const action = `/app/cases/${caseId}/presence`;

  useEffect(() => {
    const beat = () => submitRef.current({ intent: "heartbeat", typing: typingRef.current ? "1" : "0" }, { method: "post", action });
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      // Leaving: App Bridge adds the session token to fetch inside Shopify admin; keepalive survives navigation.
      void fetch(action, { method: "POST", body: new URLSearchParams({ intent: "leave" }), keepalive: true }).catch(() => undefined);
    };
  }, [action]);

  const [lastTyping, setLastTyping] = useState(typing);
  useEffect(() => {
    if (typing === lastTyping) return;
    setLastTyping(typing);
    submitRef.current({ intent: "heartbeat", typing: typing ? "1" : "0" }, { method: "post", action });
  }, [typing, lastTyping, action]);

  return fetcher.data && "others" in fetcher.data ? fetcher.data : null;
}

/**
 * A heartbeat changes nothing any page loader shows (who else is here comes back in its own answer), so the
 * routes' shouldRevalidate skip Remix's reload of every loader after it: without this the whole case (timeline,
 * order context) was loaded again and re-rendered every few seconds and whenever typing started.
 */
export function isPresenceHeartbeat(formAction: string | undefined): boolean {
  return formAction !== undefined && /^\/app\/cases\/[^/?#]+\/presence(?:[?#]|$)/.test(formAction);
}

export interface LivePresenceHandle {
  setTyping(typing: boolean): void;
}

/**
 * The heartbeat and its bar in one component: typing starting or stopping and every heartbeat's answer
 * re-render only this, never the case page around it (its timeline and panels stay as they are while staff type).
 */
export const LivePresence = forwardRef<LivePresenceHandle, { caseId: string; loadedMessageId: string | null; viewerId: string | null; onReload(): void }>(
  function LivePresence({ caseId, ...bar }, ref) {
    const [typing, setTyping] = useState(false);
    useImperativeHandle(ref, () => ({ setTyping }), []);
    return <PresenceBar presence={usePresence(caseId, typing)} {...bar} />;
  },
);

export function PresenceBar({
  presence,
  loadedMessageId,
  viewerId,
  onReload,
}: {
  presence: PresenceState | null;
  loadedMessageId: string | null;
  viewerId: string | null;
  onReload(): void;
}) {
  if (!presence) return null;
  const typing = presence.others.filter((o) => o.typing);
  const viewing = presence.others.filter((o) => !o.typing);
  const latest = presence.latestMessage;
  const newMessage = latest && latest.id !== loadedMessageId && latest.authorStaffId !== viewerId ? latest : null;
  if (presence.others.length === 0 && !newMessage) return null;
  return (
    <div aria-live="polite">
      {typing.length > 0 ? (
        <Banner tone="warning" title={t("case.presence.typing", { names: names(typing.map((o) => o.name)) })}>
          <p>{t("case.presence.typingHint")}</p>
        </Banner>
      ) : null}
      {viewing.length > 0 ? (
        <InlineStack gap="200" blockAlign="center">
          {viewing.map((o) => (
            <Avatar key={o.staffId} size="sm" name={o.name} initials={initials(o.name)} />
          ))}
          <Text as="span" tone="subdued" variant="bodySm">
            {t("case.presence.viewing", { names: names(viewing.map((o) => o.name)) })}
          </Text>
        </InlineStack>
      ) : null}
      {newMessage ? (
        <Banner tone="info" title={t("case.presence.newMessage", { name: newMessage.authorName ?? t("case.author.customer") })} action={{ content: t("case.presence.reload"), onAction: onReload }} />
      ) : null}
    </div>
  );
}

function names(list: string[]): string {
  if (list.length <= 1) return list[0] ?? "";
  return `${list.slice(0, -1).join(", ")} ${t("case.presence.and")} ${list[list.length - 1]}`;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");
}
