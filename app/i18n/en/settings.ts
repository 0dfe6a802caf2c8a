// Text of settings pages (team, macros, tags, topics, hours, return policy): keys start with "settings.".
export const settings = {
} as const;
