// Proves the boundary rule of eslint.config.mjs fails where it must, as the backend's
// architecture tests are proved by bad fixtures: each fixture below is linted as if it were a
// file at `path` in src/ (nothing is written there), against the real features it imports.
// Run: npm run lint:selftest (node's test runner).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(path, code) {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  assert.equal(result.fatalErrorCount, 0, JSON.stringify(result.messages));
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies');
}

const bad = [
  {
    name: "a feature importing another feature's internals",
    path: 'src/app/deals/deal-card/selftest.ts',
    code: "import { RecordTasks } from '../../tasks/record-tasks/record-tasks';\nexport const x = RecordTasks;\n",
    expect: /deal-card\/selftest\.ts" reaches into the tasks feature .*src\/app\/tasks\/index\.ts/,
  },
  {
    name: "a feature importing another feature's types from inside it",
    path: 'src/app/directory/card/selftest.ts',
    code: "import type { Deal } from '../../deals/data-access/models';\nexport type X = Deal;\n",
    expect: /reaches into the deals feature \("\.\.\/\.\.\/deals\/data-access\/models"\)/,
  },
  {
    name: "a lazy route to another feature's screen",
    path: 'src/app/tasks/selftest.ts',
    code: "export const load = () => import('../deals/deal-card/deal-card');\n",
    expect: /reaches into the deals feature/,
  },
  {
    name: "a re-export of another feature's internals",
    path: 'src/app/deals/selftest.ts',
    code: "export { PeopleStore } from '../identity/data-access/people-store';\n",
    expect: /reaches into the identity feature/,
  },
  {
    name: "the composition root importing a feature's internals",
    path: 'src/app/selftest.ts',
    code: "import { dealsRoutes } from './deals/deals.routes';\nexport const r = dealsRoutes;\n",
    expect: /reaches into the deals feature/,
  },
  {
    name: "production code importing another feature's test fixtures",
    path: 'src/app/deals/selftest.ts',
    code: "import { task } from '../tasks/testing/fixtures';\nexport const t = task;\n",
    expect: /reaches into the tasks feature/,
  },
  {
    name: 'shared code importing a feature, even its public entry',
    path: 'src/app/shared/ui/selftest.ts',
    code: "import { DealsApi } from '../../deals';\nexport const a = DealsApi;\n",
    expect: /shared\/ui\/selftest\.ts" is shared and must not depend on the deals feature/,
  },
];

for (const fixture of bad) {
  test(`fails: ${fixture.name}`, async () => {
    const errors = await boundaryErrors(fixture.path, fixture.code);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, fixture.expect);
  });
}

const good = [
  {
    name: "a feature importing another feature's public entry",
    path: 'src/app/deals/deal-card/selftest.ts',
    code: "import { RecordTasks } from '../../tasks';\nimport { PeopleStore } from '../../identity/index';\nexport const x = [RecordTasks, PeopleStore];\n",
  },
  {
    name: 'a feature importing its own internals and shared code',
    path: 'src/app/deals/deal-card/selftest.ts',
    code: "import { DealStore } from '../data-access/deal-store';\nimport { I18n } from '../../shared/i18n/i18n';\nexport const x = [DealStore, I18n];\n",
  },
  {
    name: "a spec importing another feature's test fixtures",
    path: 'src/app/deals/selftest.spec.ts',
    code: "import { task } from '../tasks/testing/fixtures';\nexport const t = task;\n",
  },
];

for (const fixture of good) {
  test(`passes: ${fixture.name}`, async () => {
    assert.deepEqual(await boundaryErrors(fixture.path, fixture.code), []);
  });
}

test('every feature folder of src/app has its public entry, and it lints clean', async () => {
  const features = readdirSync(resolve(root, 'src/app'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
    .map((entry) => entry.name);
  assert.ok(features.length >= 9, `features found: ${features}`);
  const results = await eslint.lintFiles(features.map((f) => `src/app/${f}/index.ts`));
  assert.equal(results.length, features.length);
  assert.deepEqual(
    results.flatMap((r) => r.messages),
    [],
  );
});
