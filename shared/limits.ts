/** Limits both sides enforce; kept free of zod so the renderer can import them without the schema library. */
export const MAX_ANSWER_CHARS = 100_000;
export const MAX_NOTE_CHARS = 4_000;
export const MAX_SESSION_QUESTIONS = 50;
/**
 * "I answer by typing" multiplies every time limit by this. Limits are set for speaking (about 130 words a minute);
 * composing at a keyboard runs nearer 40. Doubling the limit keeps every bank question's outline within reach at
 * under 50 typed words a minute (docs/pack-format.md, 4.5), without turning a timed drill into an untimed one.
 */
export const TYPING_TIME_FACTOR = 2;

/** A question's limit in a session that scales limits by `factor` (1, or TYPING_TIME_FACTOR), in whole seconds. */
export const scaledLimitSec = (limitSec: number, factor: number) => Math.round(limitSec * factor);
/** Longest link the app will offer to open. */
export const MAX_URL_CHARS = 2048;
