import type { KillableServe } from './crash-harness.mjs';

export const DB_FILENAME: string;
export class Ledger {
  sessions: Map<number, number>;
  attempts: { attemptId: number; sessionId: number; position: number; answer: string }[];
  acked: { drafts: number; attempts: number; sessions: number };
  refusals: string[];
  readonly ackedWrites: number;
  verify(file: string): { checked: number; lost: number; lostIds: string[]; problems: string[] };
}
export function runWriter(
  server: KillableServe,
  ledger: Ledger,
  opts?: { lanes?: number; rand?: () => number; count?: number; deadline?: number; onFirstWrite?: () => void },
): Promise<void>;
export interface SoakRound {
  kill: number;
  runMs: number;
  signal: string | null;
  writes: number;
  restarted: boolean;
  integrity: string;
  damagedBackups: string[];
  lost: number;
  problems: string[];
}
export interface SoakResult {
  dataDir: string;
  kills: number;
  survived: number;
  ackedWrites: number;
  acked: { drafts: number; attempts: number; sessions: number };
  /** Acknowledged writes found missing after any restart, each counted once. */
  lost: number;
  lostIds: string[];
  refusals: string[];
  final: { integrity: string; lost: number; problems: string[] };
  restartMs: { median: number | null; max: number | null };
  seconds: number;
  rounds: SoakRound[];
}
export function soak(opts: { kills: number; seed?: number; lanes?: number; minRunMs?: number; maxRunMs?: number; log?: (line: string) => void; dataDir?: string; keep?: boolean }): Promise<SoakResult>;
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  reference: number | null;
  ratio: number | null;
  target: string;
  met: boolean | null;
}
export function soakFigures(r: SoakResult): Figure[];
