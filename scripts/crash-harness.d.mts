import type { ChildProcess } from 'node:child_process';
import type Database from 'better-sqlite3';

export const ROOT: string;
export const CLI: string;
export const DB_FILENAME: string;
export const BACKUP_NAME: RegExp;
export function sleep(ms: number): Promise<void>;
export function cliSnapshot(): string;
export function stubRenderer(dir?: string): string;

export interface ApiAnswer {
  status: number;
  body: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; retryable?: boolean } };
}
export interface KillableServe {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  base: string;
  token: string;
  dataDir: string;
  startMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  call(method: string, arg?: unknown, opts?: { timeoutMs?: number }): Promise<ApiAnswer>;
  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export function spawnServe(opts: { dataDir: string; rendererDir?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KillableServe>;
export function callApi(base: string, token: string, method: string, arg?: unknown, opts?: { timeoutMs?: number }): Promise<ApiAnswer>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mustCall<T = any>(server: KillableServe, method: string, arg?: unknown, opts?: { timeoutMs?: number }): Promise<T>;
export function withReadable<T>(file: string, fn: (db: Database.Database) => T): T;
export function integrityCheck(file: string): string;
export interface BackupReport {
  named: { name: string; bytes: number; integrity: string }[];
  others: string[];
}
export function backupReport(dataDir: string): BackupReport;
export function damagedBackups(dataDir: string): BackupReport['named'];
export interface Digest {
  hash: string;
  counts: Record<string, number>;
  schema: number;
}
export function digest(file: string): Digest;
export function figuresOf(file: string): { packs: string[]; questions: number; attempts: number; drafts: number };
export function waitFor<T>(test: () => T | Promise<T>, opts?: { timeoutMs?: number; everyMs?: number; what?: string | (() => string) }): Promise<NonNullable<T>>;
export function startupChecksDone(server: KillableServe, opts?: { timeoutMs?: number }): Promise<{ integrity: string; backups: { name: string }[] }>;
export function bigPack(n?: number, id?: string): { id: string; version: string; questions: { id: string }[] } & Record<string, unknown>;
export function prng(seed: number): () => number;
export function seedAttempts(dataDir: string, attempts: number, seed?: number): number;
