/**
 * Runs before every spec file. Angular's Vitest runner does not isolate spec files
 * (`isolate: false`): the files a worker runs share one jsdom window. Whatever one spec
 * leaves in it — the language saved in localStorage by `I18n.use()` (SessionStore applies a
 * signed-in user's `language: 'en'`), stubbed globals, fake timers — would otherwise reach
 * the next file, and that file then passes or fails by the order the workers picked.
 * Each test starts from a clean window instead.
 */
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.removeAttribute('lang');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
