// Types for scripts/apply-keyword-fixes.mjs, which a unit test imports.
export const BANK_DIR: string;
export interface KeywordFix {
  packId: string;
  questionId: string;
  itemId: string;
  remove?: string[];
  add?: string[];
  why?: string;
}
export interface FixablePack {
  id: string;
  questions: { id: string; checklist: { id: string; keywords?: string[] }[] }[];
}
export function parseFixes(text: string): KeywordFix[];
export function applyFixes(packs: Map<string, FixablePack>, fixes: readonly KeywordFix[]): string[];
export function readBank(dir?: string): { packs: Map<string, FixablePack>; files: Map<string, string> };
