import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadViews } from './App';
import { useApp } from './store';
import './styles.css';

// Ask for Home's figures before React's first render, so the request overlaps start-up work.
void useApp.getState().loadHome();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
idle(() => preloadViews());
