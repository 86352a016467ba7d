/** Limits both sides enforce; kept free of zod so the renderer can import them without the schema library. */
export const MAX_ANSWER_CHARS = 100_000;
export const MAX_NOTE_CHARS = 4_000;
export const MAX_SESSION_QUESTIONS = 50;
/** Longest link the app will offer to open. */
export const MAX_URL_CHARS = 2048;
