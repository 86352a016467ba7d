/**
 * Why an item is marked suggested: the words of the answer that made the case for it (shared/suggest.ts's
 * explainSuggestions), so the candidate can judge whether they really made the point or only named it.
 */
import { useMemo } from 'react';
import { explainSuggestions, type SuggestableItem } from '../../../../shared/suggest';

export function SuggestionWhy({ answer, item }: { answer: string; item: SuggestableItem }) {
  const why = useMemo(() => explainSuggestions(answer, [item])[0], [answer, item]);
  // Suggested from text this answer does not hold (a loop's follow-up answers, or keywords since changed): say nothing.
  if (!why) return null;
  const keywords = why.evidence.filter((e) => e.kind === 'keyword');
  const own = why.evidence.find((e) => e.kind === 'item-text');
  return (
    <p className="suggestion-why muted" data-testid={`suggestion-why-${item.id}`}>
      From your words{' '}
      {keywords.map((e, i) => (
        <span key={e.start}>
          {i > 0 && ', '}
          <q title={e.words.toLowerCase() === e.keyword.toLowerCase() ? undefined : `matches “${e.keyword}”`}>{e.words}</q>
        </span>
      ))}
      {own && (
        <>
          {keywords.length > 0 && ', and '}
          this item’s own words <q>{own.words}</q>
        </>
      )}
      .
    </p>
  );
}
