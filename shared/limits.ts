/** Limits both sides enforce; kept free of zod so the renderer can import them without the schema library. */
export const MAX_ANSWER_CHARS = 100_000;
export const MAX_NOTE_CHARS = 4_000;
export const MAX_SESSION_QUESTIONS = 50;
