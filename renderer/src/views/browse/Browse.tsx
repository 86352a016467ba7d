/** Placeholder: being built. */
export function Browse() {
  return <main className="view"><p className="muted">Browse is being built.</p></main>;
}
