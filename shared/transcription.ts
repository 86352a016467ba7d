/**
 * The audio format of transcription calls, shared by the renderer (which cuts and encodes recordings), the method
 * table (which bounds the request) and the services (which check and decode it).
 */

/** Both speech models read 16 kHz mono. */
export const TRANSCRIBE_SAMPLE_RATE = 16_000;
/** The longest piece one call carries: Whisper reads 30 s windows, so a longer recording is cut by the caller. */
export const MAX_TRANSCRIBE_SECONDS = 30;
export const MAX_TRANSCRIBE_SAMPLES = TRANSCRIBE_SAMPLE_RATE * MAX_TRANSCRIBE_SECONDS;
/** Base64 of MAX_TRANSCRIBE_SAMPLES 16-bit samples. */
export const TRANSCRIBE_CHUNK_BASE64_CHARS = Math.ceil((MAX_TRANSCRIBE_SAMPLES * 2) / 3) * 4;
