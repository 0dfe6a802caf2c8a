// Inbound email (app/channels/email/inbound.server.ts): texts stored on cases and messages, and the errors the
// forwarding service (Postmark, SendGrid, Mailgun, Cloudflare Email Workers) gets back.
export const emailInbound = {
  "emailInbound.noSubject": "Email from {from}",
  "emailInbound.attachmentSkipped": "Attachment \"{filename}\" ({size}) was not stored: {reason}",
  "emailInbound.attachmentTooLarge": "larger than {limit}.",
  "emailInbound.attachmentTooMany": "more than {count} attachments in one email.",
  "emailInbound.error.method": "Send the email with POST: the raw RFC 822 message as the request body.",
  "emailInbound.error.secret": "This inbound address is not valid for this shop. Copy the inbound address again from the app's email settings.",
  "emailInbound.error.shop": "No installed shop has this inbound address. Reinstall the app or copy the address again from its email settings.",
  "emailInbound.error.channelOff": "This store has turned off the email channel, so the email was not stored.",
  "emailInbound.error.tooLarge": "The email is larger than {limit}. Send it without its largest attachments.",
  "emailInbound.error.empty": "The request body is empty: send the raw RFC 822 message as the body.",
  "emailInbound.error.notMime": "The body is not an RFC 822 email: it has no header section (From, To, Subject…). Forward the raw MIME message.",
  "emailInbound.error.unreadable": "The email could not be read as MIME: {reason}",
  "emailInbound.error.json":
    "A JSON body must be Postmark's inbound webhook with the raw email: turn on \"Include raw email content in JSON payload\", or post the raw message instead.",
  "emailInbound.error.form":
    "A form body must carry the raw MIME message in an \"email\" field (SendGrid: \"POST the raw, full MIME message\") or \"body-mime\" (Mailgun).",
  "emailInbound.error.noFrom": "The email has no From address, so there is no one to answer. It was not stored.",
} as const;
