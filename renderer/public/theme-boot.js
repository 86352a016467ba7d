// Runs before the stylesheet and React: paints the remembered theme at once, so a dark-theme user sees no light
// flash at start. App.tsx stores the theme under this key whenever the settings load or change.
try {
  var theme = window.localStorage.getItem('mldrill.theme');
  if (theme === 'light' || theme === 'dark' || theme === 'system') document.documentElement.dataset.theme = theme;
} catch {
  // No storage: the system theme applies until the settings arrive.
}
