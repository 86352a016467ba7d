/**
 * The rules of a recorded answer, shared by the recorder in the page and the service that stores it: which audio
 * formats are taken, how large a chunk and a whole recording may be, and how a format's first bytes look.
 */

/** Opus in WebM is what Chromium (desktop and browser mode) records; Opus in Ogg is Firefox's. */
export const RECORDING_MIMES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus'] as const;
export type RecordingMime = (typeof RECORDING_MIMES)[number];

/** The file name ending for each format. */
export const RECORDING_EXTENSIONS: Record<RecordingMime, string> = {
  'audio/webm;codecs=opus': 'webm',
  'audio/webm': 'webm',
  'audio/ogg;codecs=opus': 'ogg',
};

/** Speech at 32 kbit/s is about 4 KB a second: small enough to keep hours of answers, clear enough to judge them. */
export const RECORDING_BITS_PER_SECOND = 32_000;
/** The recorder hands over a chunk this often, so a crash loses at most about this much. */
export const RECORDING_TIMESLICE_MS = 1000;
/** One chunk at most: a second of audio is ~4 KB; this leaves room for a browser that ignores the bitrate. */
export const MAX_CHUNK_BYTES = 512 * 1024;
/** One recording at most: over four hours at the recorder's bitrate. */
export const MAX_RECORDING_BYTES = 64 * 1024 * 1024;
/** Part 0 is the main answer; a mock loop's follow-up answers are parts 1..n. */
export const MAX_RECORDING_PART = 20;
/** How much of a recording one read answers (the page asks for the rest piece by piece). */
export const RECORDING_READ_BYTES = 1024 * 1024;
/** An unsaved recording (its question was skipped, or its drill abandoned) is deleted after this many days. */
export const UNSAVED_RECORDING_DAYS = 7;

/** Base64 of at most `bytes` bytes: the characters a chunk may take in a JSON body. */
export const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * Whether a recording's first bytes are of its declared format: the EBML magic of WebM, "OggS" of Ogg. A file that
 * is something else is refused at its first chunk instead of being kept as audio nobody can play.
 */
export function startsAsDeclared(mime: RecordingMime, head: Uint8Array): boolean {
  const magic = RECORDING_EXTENSIONS[mime] === 'webm' ? [0x1a, 0x45, 0xdf, 0xa3] : [0x4f, 0x67, 0x67, 0x53];
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}
