// Limits of the shopper's pages, shared by their server code and their forms (browser-safe: no server imports).

/** Longest reply a shopper may send from the conversation page. */
export const SHOPPER_REPLY_MAX_LENGTH = 5000;
/** Longest survey comment. */
export const SURVEY_COMMENT_MAX_LENGTH = 2000;
