// The floor for `startup-vs-react-floor` (bench/bench.mjs): the least a React page built by the app's Vite and React
// setup can do on start-up. Ten static cards, marked with the same performance mark and test ids the bench waits for
// on the app's Home, set the same way (an effect after the cards render).
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import './floor.css';

const CARDS = Array.from({ length: 10 }, (_, i) => ({ id: `area-${i + 1}`, title: `Area ${i + 1}` }));

function Floor() {
  useEffect(() => {
    performance.mark('mldrill:home-interactive');
  }, []);
  return (
    <main className="home" data-ready="true">
      <ul className="area-grid">
        {CARDS.map((c) => (
          <li key={c.id}>
            <label className="area-card">
              <input type="checkbox" />
              <span className="area-title">{c.title}</span>
              <span className="area-figures" data-testid={`figures-${c.id}`}>
                practised 0 / 24
              </span>
            </label>
          </li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Floor />
  </StrictMode>,
);
