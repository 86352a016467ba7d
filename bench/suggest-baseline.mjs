// The keyword matcher as it was before issue 11 (shared/suggest.ts at commit 7e1a291), kept as plain JavaScript so
// bench/suggest.mjs can report every suggestion figure beside the figure this matcher gets on the same corpus and
// bank. Do not improve it: it is the reference, not a live matcher.

function tokenize(text) {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}

const INFLECTIONS = new Set(['s', 'es', 'd', 'ed', 'ing', 'r', 'rs', 'er', 'ers', 'ly']);
const STEM_MIN_LENGTH = 6;

function tokenMatches(keywordToken, answerToken) {
  if (answerToken === keywordToken) return true;
  if (keywordToken.length < 4 || !answerToken.startsWith(keywordToken)) return false;
  return keywordToken.length >= STEM_MIN_LENGTH || INFLECTIONS.has(answerToken.slice(keywordToken.length));
}

function keywordMatches(answerTokens, keyword) {
  const k = tokenize(keyword);
  if (k.length === 0) return false;
  for (let i = 0; i + k.length <= answerTokens.length; i++) {
    let all = true;
    for (let j = 0; j < k.length; j++) {
      if (!tokenMatches(k[j], answerTokens[i + j])) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** Ids of the items with at least one keyword in the answer, in checklist order. */
export function suggestItems(answer, items) {
  const tokens = tokenize(answer);
  if (tokens.length === 0) return [];
  return items.filter((item) => (item.keywords ?? []).some((kw) => keywordMatches(tokens, kw))).map((item) => item.id);
}
