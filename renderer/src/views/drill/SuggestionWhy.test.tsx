import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SuggestionWhy } from './SuggestionWhy';

const item = { id: 'threshold', text: 'Sets the decision threshold from the relative costs of false positives', keywords: ['operating point', 'cutoff'] };
const render = (answer: string) => renderToStaticMarkup(<SuggestionWhy answer={answer} item={item} />);

describe('SuggestionWhy', () => {
  it("quotes the answer's own words that triggered the suggestion, as the candidate wrote them", () => {
    const html = render('Pick the Operating Point by sweeping cutoffs.');
    expect(html).toContain('<q>Operating Point</q>');
    expect(html).toContain('<q title="matches “cutoff”">cutoffs</q>');
  });

  it("names the item's own words when they backed a keyword up", () => {
    expect(render('Put the cutoff where the relative price of a false alarm balances a miss; that is the threshold.')).toContain(
      '<q>cutoff</q></span>, and this item’s own words <q>relative, false, threshold</q>.',
    );
  });

  it('shows nothing for an item the answer does not make the case for', () => {
    expect(render('We would set a cutoff.')).toBe('');
  });

  it('escapes markup in the answer', () => {
    expect(render('the operating point <b>and</b> the cutoff<script>')).not.toMatch(/<b>|<script>/);
  });
});
