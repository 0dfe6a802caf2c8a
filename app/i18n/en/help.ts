// Text of the help center editor (app/routes/app.help*.tsx): keys start with "help.".
export const help = {
} as const;
