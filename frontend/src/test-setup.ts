import { TestBed } from '@angular/core/testing';

/**
 * How long a test or a hook may take before it counts as failed: the first test of a file compiles
 * its components, which took over Vitest's default 10 s for a hook on two cores busy with other
 * builds (CI 2026-12-06: the deal card's first `beforeEach`). A ceiling, not a wait: a test that
 * passes takes no longer for it.
 */
vi.setConfig({ testTimeout: 20_000, hookTimeout: 30_000 });

/**
 * Runs before every spec file. Angular's Vitest runner does not isolate spec files
 * (`isolate: false`): the files a worker runs share one jsdom window. Whatever one spec
 * leaves in it — the language saved in localStorage by `I18n.use()` (SessionStore applies a
 * signed-in user's `language: 'en'`), stubbed globals, fake timers — would otherwise reach
 * the next file, and that file then passes or fails by the order the workers picked.
 * Each test starts from a clean window instead.
 */
beforeEach(() => {
  // A test that failed half-way (a hook timed out) may leave its testing module built: reset, so
  // the next test configures its own instead of failing with "already instantiated".
  TestBed.resetTestingModule();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.removeAttribute('lang');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
