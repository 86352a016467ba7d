/** Placeholder: being built. */
export function Dashboard() {
  return <main className="view"><p className="muted">Dashboard is being built.</p></main>;
}
