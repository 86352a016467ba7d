/**
 * Keyword suggestion: which checklist items an answer seems to cover.
 *
 * Text and keywords are Unicode-folded, lowercased and split on anything other than a-z, 0-9, '+' and '#',
 * so "PR-AUC", "pr auc" and "PR AUC" are the same. A keyword matches when its tokens appear consecutively in
 * the answer. Each keyword token must equal the answer token, or:
 *   - with 6 or more characters, begin it ("calibrat" matches "calibration" and "calibrated": pack authors may
 *     write stems);
 *   - with 4 or 5 characters, be followed in it by an inflection ending only ("drift" matches "drifting",
 *     but "SHAP" does not match "shape");
 *   - shorter tokens ("kl", "ppo", "a/b") must match exactly.
 * Suggestions are only ever shown as suggestions; the user decides what to tick.
 */

export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}

/** Endings that turn a word into another form of the same word: plurals, past tenses, -ing, agent nouns. */
export const INFLECTIONS: ReadonlySet<string> = new Set(['s', 'es', 'd', 'ed', 'ing', 'r', 'rs', 'er', 'ers', 'ly']);

export const STEM_MIN_LENGTH = 6;

function tokenMatches(keywordToken: string, answerToken: string): boolean {
  if (answerToken === keywordToken) return true;
  if (keywordToken.length < 4 || !answerToken.startsWith(keywordToken)) return false;
  return keywordToken.length >= STEM_MIN_LENGTH || INFLECTIONS.has(answerToken.slice(keywordToken.length));
}

/** True when the keyword's tokens appear consecutively in the tokenized answer. */
export function keywordMatches(answerTokens: readonly string[], keyword: string): boolean {
  const k = tokenize(keyword);
  if (k.length === 0) return false;
  for (let i = 0; i + k.length <= answerTokens.length; i++) {
    let all = true;
    for (let j = 0; j < k.length; j++) {
      if (!tokenMatches(k[j]!, answerTokens[i + j]!)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

export interface SuggestableItem {
  id: string;
  keywords?: readonly string[] | undefined;
}

/** Ids of the items whose keywords appear in the answer, in checklist order. */
export function suggestItems(answer: string, items: readonly SuggestableItem[]): string[] {
  const tokens = tokenize(answer);
  if (tokens.length === 0) return [];
  return items
    .filter((item) => (item.keywords ?? []).some((kw) => keywordMatches(tokens, kw)))
    .map((item) => item.id);
}
