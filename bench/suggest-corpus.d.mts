// Types for bench/suggest-corpus.mjs, which the integration tests import.
export const CORPUS_DIR: string;
export const BANK_DIR: string;
export const KINDS: readonly ['weak', 'wrong', 'strong'];
export const SPLITS: readonly ['tune', 'held-out'];

export interface CorpusAnswer {
  file: string;
  index: number;
  area: string;
  packId: string;
  questionId: string;
  split: 'tune' | 'held-out';
  kind: 'weak' | 'wrong' | 'strong';
  text: string;
  covers: string[];
}

export interface BankQuestion {
  id: string;
  prompt: string;
  checklist: { id: string; text: string; keywords?: string[] }[];
}

export interface Count {
  num: number;
  den: number;
}

export function loadCorpus(dir?: string): CorpusAnswer[];
export function loadBankQuestions(dir?: string): Map<string, BankQuestion>;
export function labelProblems(answers: readonly CorpusAnswer[], questions: ReadonlyMap<string, BankQuestion>): string[];
export function scoreAnswers(
  answers: readonly CorpusAnswer[],
  questions: ReadonlyMap<string, BankQuestion>,
  suggest: (answer: string, checklist: BankQuestion['checklist']) => string[],
): { falseWeak: Count; recallStrong: Count; precision: Count; missing: string[] };
export function share(c: Count): number | null;
