/** How the app connects to the shop's mail server (shared by the settings form and the server). */
export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];
