/** Placeholder: being built. */
export function Settings() {
  return <main className="view"><p className="muted">Settings is being built.</p></main>;
}
