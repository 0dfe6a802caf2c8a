// Text of the case workspace (app/routes/app.cases.$id.tsx): keys start with "case.".
export const caseView = {
} as const;
