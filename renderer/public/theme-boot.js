// Runs before the stylesheet and React: paints the remembered theme at once, so a dark-theme user sees no light
// flash at start. App.tsx stores the theme under this key whenever the settings load or change.
// The stylesheet then gives the page (:root) the theme's background and color-scheme; `system` follows
// prefers-color-scheme there. The <meta name="color-scheme"> is narrowed too, so even what the browser paints
// before the stylesheet arrives (the canvas, scrollbars) is in the chosen theme rather than the system's.
try {
  var theme = window.localStorage.getItem('mldrill.theme');
  if (theme === 'light' || theme === 'dark' || theme === 'system') {
    document.documentElement.dataset.theme = theme;
    var meta = document.querySelector('meta[name="color-scheme"]');
    if (meta && theme !== 'system') meta.setAttribute('content', theme);
  }
} catch {
  // No storage: the system theme applies until the settings arrive.
}
