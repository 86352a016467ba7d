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

const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
idle(() => preloadViews());
