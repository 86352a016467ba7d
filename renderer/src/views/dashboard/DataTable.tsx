import type { ReactNode } from 'react';

export interface Column<R> {
  header: string;
  cell: (row: R) => ReactNode;
  /** The cell that names the row (a <th scope="row">). */
  rowHeader?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

/**
 * A chart's figures as a table, behind "Show as table": always in the page, so anyone who prefers numbers (or a
 * screen reader) has every value the chart draws.
 */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
  summary = 'Show as table',
  empty = 'Nothing yet.',
  long = false,
}: {
  caption: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  testId: string;
  summary?: string;
  empty?: string;
  /** Scrolls inside a box of its own (a year of days). */
  long?: boolean;
}) {
  return (
    <details className="dash-table">
      <summary>{summary}</summary>
      <div
        className={long ? 'dash-table-scroll is-long' : 'dash-table-scroll'}
        {...(long ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}
      >
        <table data-testid={testId}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty}
                </td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.header} scope="row" className={c.numeric ? 'num' : undefined}>
                        {c.cell(r)}
                      </th>
                    ) : (
                      <td key={c.header} className={c.numeric ? 'num' : undefined}>
                        {c.cell(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
