/** Placeholder: being built. */
export function History() {
  return <main className="view"><p className="muted">History is being built.</p></main>;
}
