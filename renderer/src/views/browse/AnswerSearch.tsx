/**
 * Search over past answers and notes (searchAnswers, asked 250 ms after the typing stops). Each hit shows its
 * question, day, where the words matched, and the excerpt with the matched words marked (as text and <mark>, never
 * as HTML); opening a hit opens that question's history at that attempt.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../../shared/api';
import { LoadError } from '../../components/LoadError';
import { queryOptionsFor } from '../../query';
import { transport } from '../../store';
import { areaName } from '../packs/format';
import { formatDay, localDate, plural } from '../history/format';
import { Pieces } from '../history/Marked';
import { HIT_PROMPT_CHARS, plainLine } from './browse-model';
import { kept } from './kept';
import { useDebounced } from './use-debounced';

/** The most hits asked for; the services rank them best first. */
export const SEARCH_LIMIT = 50;
const MAX_QUERY = 200;

export const hitReturn = (hit: SearchHit) => `hit:${hit.attemptId}`;

export function AnswerSearch({ onOpen }: { onOpen: (hit: SearchHit) => void }) {
  const [text, setText] = useState(() => kept.search);
  const typed = text.trim();
  const settled = useDebounced(typed, 250);
  // Clearing the box clears the results at once; a new query waits for the typing to stop.
  const query = typed === '' ? '' : settled;
  const hits = useQuery({
    ...queryOptionsFor(transport.api, 'searchAnswers', { query, limit: SEARCH_LIMIT }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
  });
  useEffect(() => {
    kept.search = text;
  }, [text]);

  const waiting = typed !== '' && (query !== typed || hits.isFetching);
  const list = query === '' ? null : (hits.data ?? null);
  // While a new query runs, the last one's hits stay on screen (dimmed), but are not called its results.
  const stale = hits.isPlaceholderData || query !== typed;

  const announce = typed === '' || !list || waiting ? '' : list.length === 0 ? 'No matches.' : `${plural(list.length, 'match', 'matches')}.`;
  let results;
  if (typed === '') {
    results = (
      <p className="muted browse-search-idle" data-testid="search-idle">
        Nothing searched yet. Type a word or two you remember writing: every saved answer and note is searched, and a result opens that attempt in its
        question's history.
      </p>
    );
  } else if (hits.isError && !list) {
    results = <LoadError title="The search could not be run" query={hits} heading="h3" />;
  } else if (!list || (stale && list.length === 0)) {
    results = <p className="muted">Searching…</p>;
  } else if (list.length === 0) {
    results = (
      <p className="browse-search-none" data-testid="search-none">
        No past answers or notes match “{query}”. Words are matched from their start: “leak” finds “leakage”.
      </p>
    );
  } else {
    results = (
      <>
        <p className="muted browse-search-count">
          {stale
            ? `Searching for “${typed}”…`
            : `${plural(list.length, 'match', 'matches')} for “${query}”${list.length >= SEARCH_LIMIT ? `: the ${SEARCH_LIMIT} best are shown` : ', best first'}`}
        </p>
        <ul className="browse-hits" aria-label="Matching answers and notes" data-stale={stale || undefined}>
          {list.map((hit) => (
            <li key={hit.attemptId}>
              <button type="button" className="browse-hit" onClick={() => onOpen(hit)} data-return={hitReturn(hit)} data-attempt={hit.attemptId}>
                <span className="browse-hit-prompt">{plainLine(hit.prompt, 160, hit.prompt.length >= HIT_PROMPT_CHARS)}</span>
                <span className="browse-hit-meta">
                  {areaName(hit.area)} · {formatDay(localDate(hit.at))} · in your {hit.field}
                </span>
                <Pieces pieces={hit.snippet} className="browse-hit-snippet" />
              </button>
            </li>
          ))}
        </ul>
      </>
    );
  }

  return (
    <section className="browse-search" role="search" aria-labelledby="browse-search-label" aria-busy={waiting}>
      <label id="browse-search-label" className="browse-search-label" htmlFor="browse-search-input">
        Search your answers and notes
      </label>
      <div className="browse-search-box">
        <input
          id="browse-search-input"
          type="search"
          value={text}
          maxLength={MAX_QUERY}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. leakage, canary, calibration"
          onChange={(e) => setText(e.target.value)}
        />
        {waiting && (
          <span className="muted browse-search-busy" aria-hidden="true">
            Searching…
          </span>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      <div className="browse-search-results">{results}</div>
    </section>
  );
}
