import { ConsoleMessage, Page, expect, test } from '@playwright/test';
import { signIn, xsrfHeader } from './session';

/**
 * The Content-Security-Policy (backend Web/Edges.cs: scripts only from our origin, no inline
 * script, no eval) holds for the real app: every screen is opened in Chromium as the admin, and
 * any CSP violation (a `securitypolicyviolation` event, or Chromium's "Refused to …" console
 * message) fails the test, naming the screen.
 */

/** Reports each violation to the console, where the test collects it across navigations. */
function reportViolations(): void {
  document.addEventListener('securitypolicyviolation', (e) =>
    console.error(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
    ),
  );
}

async function aDeal(
  page: Page,
): Promise<{ dealId: string; pipelineId: string; companyId: string }> {
  const headers = await xsrfHeader(page.context());
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    stages: { id: string; kind: string }[];
  }[];
  const pipeline = pipelines[0];
  const stage = pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0];
  const company = await page.request.post('/api/directory/companies', {
    headers,
    data: { name: `ООО CSP ${Date.now()}` },
  });
  expect(company.status(), await company.text()).toBe(201);
  const companyId = ((await company.json()) as { id: string }).id;
  const deal = await page.request.post('/api/deals', {
    headers,
    data: { pipelineId: pipeline.id, stageId: stage.id, name: 'Сделка для CSP', companyId },
  });
  expect(deal.status(), await deal.text()).toBe(201);
  return { dealId: ((await deal.json()) as { id: string }).id, pipelineId: pipeline.id, companyId };
}

test('no screen of the app breaks the Content-Security-Policy', async ({ page }) => {
  // Every screen of the app in turn: about 1 s each on a quiet machine, past the default 60 s on a loaded one.
  test.slow();
  const violations: string[] = [];
  let screen = '/sign-in';
  await page.addInitScript(reportViolations);
  page.on('console', (message: ConsoleMessage) => {
    const text = message.text();
    if (/CSP violation|Refused to|Content Security Policy/i.test(text)) {
      violations.push(`${screen}: ${text}`);
    }
  });

  await signIn(page);
  const { dealId, pipelineId, companyId } = await aDeal(page);
  const screens = [
    '/deals',
    `/deals/pipeline/${pipelineId}`,
    `/deals/${dealId}`,
    '/lists/companies',
    `/lists/companies/${companyId}`,
    '/lists/contacts',
    '/tasks',
    '/tasks/calendar',
    '/inbox',
    '/reports',
    '/chat',
    '/settings',
    '/settings/profile',
    '/settings/users',
    '/settings/pipelines',
    `/settings/pipelines/${pipelineId}`,
    '/settings/deal-fields',
    '/settings/company-fields',
    '/settings/contact-fields',
    '/settings/task-types',
    '/settings/tags',
    '/settings/event-deliveries',
    '/settings/inbox/forms',
    '/settings/inbox/regions',
    '/settings/inbox/mailboxes',
  ];
  for (const path of screens) {
    screen = path;
    await page.goto(path);
    await expect(page.getByTestId('user-menu'), `the shell on ${path}`).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  // The deal card's feed composer and a dialog: styles Angular Material writes at run time.
  screen = `/deals/${dealId} (user menu)`;
  await page.goto(`/deals/${dealId}`);
  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');

  screen = '/sign-in (signed out)';
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await expect(page.getByLabel('E-mail', { exact: true })).toBeVisible();

  expect(violations, violations.join('\n')).toEqual([]);
});
