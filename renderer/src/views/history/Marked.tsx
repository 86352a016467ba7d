/** Text in pieces, the marked ones in <mark>: search excerpts and searched words. Always text, never HTML. */
import { Fragment } from 'react';
import { markTerms } from './history-model';

export function Pieces({ pieces, className }: { pieces: readonly { text: string; mark: boolean }[]; className?: string }) {
  return (
    <span className={className}>
      {pieces.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </span>
  );
}

/** The text with every occurrence of the terms marked. */
export function Marked({ text, terms }: { text: string; terms: readonly string[] }) {
  return <Pieces pieces={markTerms(text, terms)} />;
}
