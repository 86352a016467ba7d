/** A read that failed, with the API's message and a Retry that asks again (the screens' one error panel). */
export function LoadError({
  title,
  query,
  heading: Heading = 'h2',
}: {
  title: string;
  query: { error: Error | null; isFetching: boolean; refetch: () => unknown };
  heading?: 'h2' | 'h3';
}) {
  return (
    <section className="load-error" role="alert">
      <Heading>{title}</Heading>
      <p>{query.error?.message}</p>
      <button type="button" className="primary" onClick={() => void query.refetch()} disabled={query.isFetching}>
        {query.isFetching ? 'Trying again…' : 'Retry'}
      </button>
    </section>
  );
}
