import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export const SERVE_URL: RegExp;
export function waitForServeUrl(child: ChildProcess, timeoutMs?: number): Promise<{ url: string; port: number; output: string }>;
export interface ServeProcess {
  url: string;
  port: number;
  base: string;
  dataDir: string;
  stop(): Promise<void>;
}
export function startServe(opts: { dataDir: string; env?: Record<string, string>; port?: number }): Promise<ServeProcess>;
export const CHROMIUM: string | undefined;
export function fakeMicrophoneArgs(wavFile: string): string[];
