/** What every command gets and shares: its output streams, the environment, and the usage error. */
import path from 'node:path';
import { defaultDataDir } from '../services/paths';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Asks a yes/no question on a terminal; absent when there is none to ask (a pipe, a script, a test). */
  confirm?: (question: string) => Promise<boolean>;
}

/** A mistake in how the command was called: runCli prints the command's usage and exits 2. */
export class UsageError extends Error {}

/**
 * One command of `mldrill`. `name` may be two words (`pack validate`); the router picks the longest name that the
 * arguments start with. Exit codes: 0 done, 1 refused or invalid, 2 usage.
 */
export interface Command {
  name: string;
  /** One line for the overview in `mldrill --help`. */
  summary: string;
  usage: string;
  run: (args: string[], io: CliIO) => number | Promise<number>;
}

export function dataDir(values: { data?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return values.data ? path.resolve(values.data) : defaultDataDir(env);
}

/** The help line every data-folder command shares. */
export const DATA_OPTION = '  --data DIR   data folder (default: the desktop app\'s, or MLDRILL_DATA_DIR)';
