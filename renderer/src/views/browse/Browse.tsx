/**
 * The question browser (view 'browse', "Questions" in the header): every question on offer with where it stands
 * (new, due, learning, mastered), filtered by area, status, kind, level, role and tag; a row opens the question's
 * history. Questions can be picked and drilled (at most MAX_SESSION_QUESTIONS at a time), and a search box finds
 * words in past answers and notes. Filters, order, selection and search survive a visit to a history.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { BrowseItem, SearchHit } from '../../../../shared/api';
import { areaTitle } from '../../../../shared/areas';
import { MAX_SESSION_QUESTIONS } from '../../../../shared/limits';
import { LoadError } from '../../components/LoadError';
import { queryOptionsFor, useApiQuery } from '../../query';
import { transport, useApp, useHome } from '../../store';
import { areaName } from '../packs/format';
import { clearFocus, focusAttemptNext } from '../history/focus';
import { KIND_LABELS, LEVEL_LABELS, futureDay, pastDay, percent, plural } from '../history/format';
import { StatusChip } from '../history/StatusChip';
import { useDrillQuestions } from '../history/use-drill';
import { AnswerSearch, hitReturn } from './AnswerSearch';
import {
  BRIEF_PROMPT_CHARS,
  emptyFilter,
  SORTS,
  browseArg,
  hiddenSelected,
  isFiltered,
  keyOf,
  planDrill,
  plainLine,
  selectShown,
  selectionInOrder,
  shownSelection,
  sortItems,
  toggleSelected,
  type BrowseFilter,
  type SortKey,
} from './browse-model';
import { Filters } from './Filters';
import { kept, rememberReturn } from './kept';
import { useDebounced } from './use-debounced';
import './browse.css';

/** Rows drawn at first; the rest on request (the count, the selection and "Drill all shown" take them all). */
const FIRST_ROWS = 300;
const rowReturn = (q: { packId: string; id: string }) => `row:${keyOf(q)}`;

/** One question; memoised, so ticking one row's box redraws that row only. */
const QuestionRow = memo(function QuestionRow({
  q,
  selected,
  today,
  onToggle,
  onOpen,
}: {
  q: BrowseItem;
  selected: boolean;
  today: string | null;
  onToggle(key: string): void;
  onOpen(q: BrowseItem): void;
}) {
  const text = useMemo(() => plainLine(q.prompt, 160, q.prompt.length >= BRIEF_PROMPT_CHARS), [q.prompt]);
  const openFromRow = (e: MouseEvent<HTMLTableRowElement>) => {
    // The button and the checkbox's cell have their own meaning; a drag that selected text is not a click on the row.
    if ((e.target as HTMLElement).closest('.browse-check, button')) return;
    if (window.getSelection()?.toString()) return;
    onOpen(q);
  };
  return (
    <tr data-question={q.id} data-pack={q.packId} data-selected={selected || undefined} data-status={q.status} onClick={openFromRow}>
      <td className="browse-check">
        <input type="checkbox" checked={selected} onChange={() => onToggle(keyOf(q))} aria-label={`Select: ${text}`} />
      </td>
      <td className="browse-question">
        <button type="button" className="browse-open" data-return={rowReturn(q)} onClick={() => onOpen(q)}>
          {text}
        </button>
        <span className="browse-meta">
          <span title={areaTitle(q.area)}>{areaName(q.area)}</span>
          <span>{KIND_LABELS[q.kind]}</span>
          <span>{LEVEL_LABELS[q.level]}</span>
        </span>
      </td>
      <td className="browse-status">
        <StatusChip status={q.status} />
        {q.recall !== null && <span className="browse-recall">{percent(q.recall)} recall</span>}
      </td>
      <td className="num" data-label="Attempts">
        {q.attempts}
      </td>
      <td className="browse-day" data-label="Last practised">
        {pastDay(q.lastPractised, today)}
      </td>
      <td className="browse-day" data-label="Next due" data-overdue={q.status === 'due' || undefined}>
        {q.nextDue === null ? <span className="muted">not scheduled</span> : futureDay(q.nextDue, today)}
      </td>
    </tr>
  );
});

export function Browse() {
  const [filter, setFilter] = useState<BrowseFilter>(() => kept.filter);
  const [sort, setSort] = useState<SortKey>(() => kept.sort);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => kept.selected);
  const [showAll, setShowAll] = useState(() => kept.showAll);
  const tags = useDebounced(filter.tags, 250);
  const arg = useMemo(() => browseArg({ ...filter, tags }), [filter, tags]);
  const list = useQuery({ ...queryOptionsFor(transport.api, 'browseQuestions', arg), placeholderData: keepPreviousData });
  const bank = useApiQuery(transport.api, 'browseQuestions', { where: {} });
  const today = useHome().data?.today.day ?? null;
  const openHistory = useApp((s) => s.openHistory);
  const drill = useDrillQuestions();
  const selectAllRef = useRef<HTMLInputElement>(null);
  const restored = useRef(false);

  useEffect(() => {
    kept.filter = filter;
    kept.sort = sort;
    kept.selected = selected;
    kept.showAll = showAll;
  }, [filter, sort, selected, showAll]);

  const items = useMemo(() => sortItems(list.data ?? [], sort), [list.data, sort]);
  const knownTags = useMemo(() => [...new Set((bank.data ?? []).flatMap((q) => q.tags))].sort(), [bank.data]);
  const drawn = showAll ? items : items.slice(0, FIRST_ROWS);
  const state = shownSelection(selected, items);
  const hidden = hiddenSelected(selected, items);
  const selection = planDrill(selectionInOrder(selected, items));
  const allShown = planDrill(items);

  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = state === 'some';
  }, [state]);

  // Back from a history: where the page was, with focus on the row (or search hit) that opened it.
  useEffect(() => {
    if (restored.current || !list.data) return;
    restored.current = true;
    const back = kept.returnTo;
    if (!back) return;
    kept.returnTo = null;
    window.scrollTo(0, kept.scrollY);
    document.querySelector<HTMLElement>(`[data-return="${CSS.escape(back)}"]`)?.focus({ preventScroll: true });
  }, [list.data]);

  const change = (patch: Partial<BrowseFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setShowAll(false);
  };
  const open = useCallback(
    (q: BrowseItem) => {
      rememberReturn(rowReturn(q));
      clearFocus();
      openHistory({ packId: q.packId, id: q.id });
    },
    [openHistory],
  );
  const toggle = useCallback((key: string) => setSelected((s) => toggleSelected(s, key)), []);
  const openHit = (hit: SearchHit) => {
    rememberReturn(hitReturn(hit));
    focusAttemptNext({ packId: hit.packId, id: hit.questionId, attemptId: hit.attemptId, terms: hit.snippet.filter((p) => p.mark).map((p) => p.text) });
    openHistory({ packId: hit.packId, id: hit.questionId });
  };

  const total = bank.data?.length ?? null;
  const count = list.data ? items.length : null;
  const filtered = isFiltered(filter);

  let body;
  if (!list.data) {
    body = list.isError ? (
      <LoadError title="The questions could not be loaded" query={list} heading="h3" />
    ) : (
      <p className="muted" aria-busy="true">
        Loading questions…
      </p>
    );
  } else if (items.length === 0) {
    body = (
      <section className="empty browse-empty" data-testid="browse-empty">
        <h3>No questions match</h3>
        <p>
          {filtered
            ? 'No question on offer has all of the chosen filters. Untick a choice or clear the filters to see more.'
            : 'No questions are on offer: the packs may all be disabled. Turn one on in Packs.'}
        </p>
        {filtered && (
          <button type="button" onClick={() => change(emptyFilter())}>
            Clear filters
          </button>
        )}
      </section>
    );
  } else {
    body = (
      <>
        <div className="browse-table-wrap">
          <table className="browse-table" aria-label="Questions" aria-busy={list.isFetching}>
            <thead>
              <tr>
                <th scope="col" className="browse-check">
                  <span className="visually-hidden">Selected</span>
                </th>
                <th scope="col">Question</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last practised</th>
                <th scope="col">Next due</th>
              </tr>
            </thead>
            <tbody>
              {drawn.map((q) => (
                <QuestionRow
                  key={keyOf(q)}
                  q={q}
                  selected={selected.has(keyOf(q))}
                  today={today}
                  onToggle={toggle}
                  onOpen={open}
                />
              ))}
            </tbody>
          </table>
        </div>
        {drawn.length < items.length && (
          <p className="browse-more">
            <button type="button" onClick={() => setShowAll(true)}>
              Show all {plural(items.length, 'question')}
            </button>{' '}
            <span className="muted">The first {FIRST_ROWS} are listed.</span>
          </p>
        )}
      </>
    );
  }

  const capNote = (selection.capped || allShown.capped) && (
    <p className="browse-cap" data-testid="browse-cap">
      A drill holds at most {MAX_SESSION_QUESTIONS} questions:{' '}
      {selection.capped && allShown.capped
        ? `each button drills the first ${MAX_SESSION_QUESTIONS} (of ${selection.total} selected, of ${allShown.total} shown).`
        : selection.capped
          ? `Drill selection takes the first ${MAX_SESSION_QUESTIONS} of the ${selection.total} selected.`
          : `Drill all shown takes the first ${MAX_SESSION_QUESTIONS} of the ${allShown.total} shown, in the order listed.`}
    </p>
  );

  return (
    <main className="browse" aria-labelledby="browse-title" data-ready={list.data ? 'true' : undefined}>
      <div className="browse-head">
        <h2 id="browse-title">Questions</h2>
        <p className="muted browse-intro">Every question on offer and where it stands. Open one to see your past answers and correct a grade.</p>
      </div>

      <AnswerSearch onOpen={openHit} />

      <Filters filter={filter} onChange={change} knownTags={knownTags} />

      <div className="browse-toolbar">
        <p className="browse-count" role="status" data-testid="browse-count">
          {count === null ? 'Counting…' : plural(count, 'question')}
          {count !== null && filtered && total !== null && <span className="muted"> of {total.toLocaleString('en-US')}</span>}
        </p>
        <label className="browse-select-all">
          <input
            ref={selectAllRef}
            type="checkbox"
            checked={state === 'all'}
            disabled={items.length === 0}
            onChange={() => setSelected((s) => selectShown(s, items, state !== 'all'))}
          />{' '}
          Select all shown
        </label>
        <label className="browse-sort">
          Order{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            {SORTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <div className="row browse-actions">
          {selected.size > 0 && (
            <button type="button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          )}
          <button type="button" className="primary" disabled={selected.size === 0} onClick={() => drill(selection.refs)}>
            Drill selection ({selected.size})
          </button>
          <button type="button" disabled={items.length === 0} onClick={() => drill(allShown.refs)}>
            Drill all shown
          </button>
        </div>
      </div>
      {list.isError && list.data && (
        <p className="browse-stale" role="alert">
          Could not refresh the list: {list.error.message}{' '}
          <button type="button" onClick={() => void list.refetch()}>
            Retry
          </button>
        </p>
      )}
      {hidden > 0 && (
        <p className="muted browse-hidden-note">
          {plural(hidden, 'selected question is', 'selected questions are')} hidden by the filters; Drill selection includes{' '}
          {hidden === 1 ? 'it' : 'them'}.
        </p>
      )}
      {capNote}

      {body}
    </main>
  );
}
