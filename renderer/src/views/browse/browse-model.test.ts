import { describe, expect, it } from 'vitest';
import type { BrowseItem } from '../../../../shared/api';
import {
  browseArg,
  emptyFilter,
  hiddenSelected,
  isFiltered,
  keyOf,
  parseTags,
  planDrill,
  plainLine,
  refOf,
  selectShown,
  selectionInOrder,
  shownSelection,
  sortItems,
  toggleSelected,
  toggleValue,
  whereOf,
} from './browse-model';

const item = (id: string, over: Partial<BrowseItem> = {}): BrowseItem => ({
  packId: 'bank',
  id,
  area: 'evaluation',
  kind: 'concept',
  level: 'mid',
  tags: [],
  roles: [],
  prompt: `Question ${id}`,
  status: 'new',
  attempts: 0,
  lastPractised: null,
  nextDue: null,
  recall: null,
  ...over,
});

describe('filters', () => {
  it('leave out every empty choice, so no filter is `{ where: {} }`', () => {
    expect(browseArg(emptyFilter())).toEqual({ where: {} });
    expect(isFiltered(emptyFilter())).toBe(false);
    expect(isFiltered({ ...emptyFilter(), tags: ' , ' })).toBe(false);
  });

  it('name each chosen field; status travels beside the where', () => {
    const f = { ...emptyFilter(), areas: ['evaluation' as const], kinds: ['scenario' as const], levels: ['senior' as const], roles: ['research' as const], status: ['due' as const, 'learning' as const], tags: 'RAG, #leakage  drift' };
    expect(browseArg(f)).toEqual({
      where: { areas: ['evaluation'], kinds: ['scenario'], levels: ['senior'], roles: ['research'], tags: ['rag', 'leakage', 'drift'] },
      status: ['due', 'learning'],
    });
    expect(isFiltered(f)).toBe(true);
  });

  it('read typed tags as packs write them and set apart what cannot be one', () => {
    expect(parseTags('rag rag, Fine-Tuning;gdpr')).toEqual({ tags: ['rag', 'fine-tuning', 'gdpr'], invalid: [] });
    expect(parseTags('ok bad_tag -x')).toEqual({ tags: ['ok'], invalid: ['bad_tag', '-x'] });
    expect(parseTags('a'.repeat(33)).invalid).toHaveLength(1);
    expect(parseTags(Array.from({ length: 60 }, (_, i) => `t${i}`).join(' ')).tags).toHaveLength(50);
    expect(whereOf({ ...emptyFilter(), tags: 'bad_tag' })).toEqual({});
  });

  it('toggle a choice in the options order', () => {
    const order = ['junior', 'mid', 'senior'] as const;
    expect(toggleValue(['senior'], 'junior', order)).toEqual(['junior', 'senior']);
    expect(toggleValue(['junior', 'senior'], 'junior', order)).toEqual(['senior']);
  });
});

describe('sorting', () => {
  const items = [
    item('a'),
    item('b', { status: 'learning', attempts: 2, lastPractised: '2025-03-01', nextDue: '2025-03-20', recall: 0.9 }),
    item('c', { status: 'due', attempts: 5, lastPractised: '2025-03-10', nextDue: '2025-03-12', recall: 0.6 }),
    item('d', { status: 'learning', attempts: 2, lastPractised: '2025-03-10', nextDue: '2025-03-20', recall: 0.9 }),
  ];
  const ids = (list: BrowseItem[]) => list.map((q) => q.id).join('');
  it('keeps pack order by default and puts questions without the figure last', () => {
    expect(ids(sortItems(items, 'bank'))).toBe('abcd');
    expect(ids(sortItems(items, 'due'))).toBe('cbda');
    expect(ids(sortItems(items, 'recent'))).toBe('cdba');
    expect(ids(sortItems(items, 'recall'))).toBe('cbda');
    expect(ids(sortItems(items, 'attempts'))).toBe('cbda');
    expect(ids(items)).toBe('abcd'); // not sorted in place
  });
});

describe('selection', () => {
  const shown = [item('a'), item('b'), item('c')];
  it('keys questions by pack and id', () => {
    expect(keyOf({ packId: 'my-pack', id: 'q-1' })).toBe('my-pack/q-1');
    expect(refOf('my-pack/q-1')).toEqual({ packId: 'my-pack', id: 'q-1' });
  });

  it('says whether none, some or all shown are selected, for "Select all shown"', () => {
    let sel: ReadonlySet<string> = new Set();
    expect(shownSelection(sel, shown)).toBe('none');
    sel = toggleSelected(sel, 'bank/b');
    expect(shownSelection(sel, shown)).toBe('some');
    sel = selectShown(sel, shown, true);
    expect(shownSelection(sel, shown)).toBe('all');
    expect(shownSelection(new Set(), [])).toBe('none');
  });

  it('"Select all shown" unticked removes only the shown ones', () => {
    const sel = selectShown(new Set(['other/x']), shown, true);
    expect(sel.size).toBe(4);
    expect([...selectShown(sel, shown, false)]).toEqual(['other/x']);
    expect(hiddenSelected(sel, shown)).toBe(1);
  });

  it('drills the selection in the order listed, then the hidden ones as chosen', () => {
    const sel = new Set(['other/x', 'bank/c', 'bank/a']);
    expect(selectionInOrder(sel, shown)).toEqual([
      { packId: 'bank', id: 'a' },
      { packId: 'bank', id: 'c' },
      { packId: 'other', id: 'x' },
    ]);
  });

  it('caps a drill at 50 questions and says so', () => {
    const many = Array.from({ length: 72 }, (_, i) => ({ packId: 'bank', id: `q-${i}` }));
    const plan = planDrill(many);
    expect(plan.refs).toHaveLength(50);
    expect(plan.refs[49]).toEqual({ packId: 'bank', id: 'q-49' });
    expect(plan).toMatchObject({ total: 72, capped: true });
    expect(planDrill(many.slice(0, 50))).toMatchObject({ total: 50, capped: false });
  });
});

describe('a prompt as one line of text', () => {
  it('drops Markdown marks and keeps the words', () => {
    expect(plainLine('## Why does **PR-AUC** beat `accuracy` on [imbalanced data](https://x.org)?\n\nMore text.')).toBe(
      'Why does PR-AUC beat accuracy on imbalanced data?',
    );
    expect(plainLine('\n\n> *Scenario:* a model_name drifts')).toBe('Scenario: a model_name drifts');
    expect(plainLine('- first point\n- second')).toBe('first point');
    expect(plainLine('x'.repeat(300), 20)).toBe(`${'x'.repeat(19)}…`);
  });

  it('says when the prompt it was sent was cut short', () => {
    expect(plainLine('A prompt the services cut in the mid', 160, true)).toBe('A prompt the services cut in the mid…');
    expect(plainLine('A whole first line.\n\nThen the rest, cut', 160, true)).toBe('A whole first line.');
    expect(plainLine('A whole prompt.', 160, false)).toBe('A whole prompt.');
  });
});
