/** A row of the packs table, as every service reads it (schema 3). Each reader picks the columns it selects. */
export interface PackRow {
  id: string;
  version: string;
  title: string;
  description: string | null;
  author: string | null;
  license: string | null;
  builtin: number;
  content_hash: string;
  installed_at: string;
  updated_at: string;
  /** 0: installed but left out of drills. */
  enabled: number;
  /** The file name it was imported from (no folder), or null for the bank. */
  source_file: string | null;
  /** Set once the pack is removed with its history kept: no longer installed, its attempts stay. */
  removed_at: string | null;
}
