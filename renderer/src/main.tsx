import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadViews } from './App';
import { queryOptionsFor } from './query';
import { queryClient, transport } from './store';
import './styles.css';

// Ask for Home's figures before React's first render, so the request overlaps start-up work.
void queryClient.prefetchQuery(queryOptionsFor(transport.api, 'getHome', {}));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

// The drill's and summary's code loads in the background, but only once Home is on screen: fetched earlier, it
// competes with Home's own start-up (the bench saw it do so with a long history).
const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
const HOME_MARK = 'mldrill:home-interactive';
if (performance.getEntriesByName(HOME_MARK).length > 0 || typeof PerformanceObserver === 'undefined') idle(() => preloadViews());
else {
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntriesByName(HOME_MARK).length) return;
    observer.disconnect();
    idle(() => preloadViews());
  });
  observer.observe({ type: 'mark', buffered: true });
}
