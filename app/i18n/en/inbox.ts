// Text of the inbox list (app/routes/app.cases._index.tsx): keys start with "inbox.".
export const inbox = {
} as const;
