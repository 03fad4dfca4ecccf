// The front end's module boundaries, checked as the backend's architecture tests check its
// modules (docs/architecture.md, "Front end"): a feature folder under src/app/<feature>/ uses
// another feature only through that feature's public entry, src/app/<feature>/index.ts;
// src/app/shared/ is for everyone and imports no feature. `npm run lint:selftest`
// (scripts/lint-boundaries.test.mjs) proves the rule fails on deliberately bad fixtures.
import tsParser from '@typescript-eslint/parser';
import boundaries from 'eslint-plugin-boundaries';

const FEATURE_BOUNDARY =
  '"{{ from.file.path }}" reaches into the {{ to.element.captured.feature }} feature ' +
  '("{{ dependency.source }}"): import it from src/app/{{ to.element.captured.feature }}/index.ts, ' +
  "that feature's public entry";

export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      // Static and dynamic imports and re-exports: a lazy route is a dependency too.
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
      // The first descriptor that matches a file names its element; partialMatch: false
      // matches a pattern from the project root.
      'boundaries/elements': [
        { type: 'shared', pattern: 'src/app/shared', partialMatch: false },
        { type: 'feature', pattern: 'src/app/*', partialMatch: false, capture: ['feature'] },
        // The rest is the composition root (main.ts, app.routes.ts, app.config.ts): it is held
        // to the same rule.
        { type: 'root', pattern: 'src', partialMatch: false },
      ],
      'boundaries/files': [{ category: 'test', pattern: '**/*.spec.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'allow',
          policies: [
            {
              // Another feature's internals: anything of it but its index.ts (and, for specs
              // only, its testing/ fixtures).
              from: { element: { types: ['feature', 'root', 'shared'] } },
              disallow: {
                to: {
                  element: {
                    type: 'feature',
                    captured: { feature: '!{{ from.element.captured.feature }}' },
                    fileInternalPath: '!index.ts',
                  },
                },
              },
              message: FEATURE_BOUNDARY,
            },
            {
              from: { file: { categories: 'test' } },
              allow: {
                to: { element: { type: 'feature', fileInternalPath: 'testing/*.ts' } },
              },
            },
            {
              from: { element: { type: 'shared' } },
              disallow: { to: { element: { type: 'feature' } } },
              message:
                '"{{ from.file.path }}" is shared and must not depend on the ' +
                '{{ to.element.captured.feature }} feature',
            },
          ],
        },
      ],
    },
  },
];
