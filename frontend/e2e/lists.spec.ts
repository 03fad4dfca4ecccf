import { Locator, Page, expect, test } from '@playwright/test';
import { signIn, xsrfHeader } from './session';

/**
 * «Списки» and the manual's weekly review (issue 11, item 5), at 1366×768 against the real
 * backend: «Регулярно просматривайте … «Компании» без сделок и задач». Of two companies of this
 * run, one has an open deal; of two contacts, one has an open task. The counts show as columns;
 * «Поиск и фильтр» offers «Компании без сделок и задач» and «Контакты без задач», each keeps
 * only the idle record, survives a reload, opens from a shared link, and clears.
 */
const run = Date.now();
const idleCompany = `ООО «Тишина ${run}»`;
const busyCompany = `ООО «В работе ${run}»`;
const idleContact = `Молчунов Иван ${run}`;
const busyContact = `Занятов Пётр ${run}`;
const CALL = '0193a000-0000-7000-8000-000000000001';

async function post(page: Page, url: string, data: object): Promise<{ id: string }> {
  const headers = await xsrfHeader(page.context());
  let body: { id: string } = { id: '' };
  // A deal or task on a record created a moment ago waits for its module to hear of it.
  await expect
    .poll(
      async () => {
        const response = await page.request.post(url, { headers, data });
        if (response.status() === 201) {
          body = (await response.json()) as { id: string };
        }
        return response.status();
      },
      { timeout: 15_000 },
    )
    .toBe(201);
  return body;
}

async function seed(page: Page): Promise<void> {
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    stages: { id: string; kind: string }[];
  }[];
  const pipeline = pipelines[0];
  const stage = pipeline.stages.find((s) => s.kind === 'open')!;
  await post(page, '/api/directory/companies', { name: idleCompany });
  const busy = await post(page, '/api/directory/companies', { name: busyCompany });
  await post(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: stage.id,
    name: `Поставка ${run}`,
    companyId: busy.id,
  });
  await post(page, '/api/directory/contacts', { fullName: idleContact });
  const contact = await post(page, '/api/directory/contacts', { fullName: busyContact });
  await post(page, '/api/tasks', {
    typeId: CALL,
    text: `Позвонить ${run}`,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    linkKind: 'contact',
    linkId: contact.id,
  });
}

const field = (page: Page): Locator => page.getByLabel('Поиск и фильтр', { exact: true });

/** The cell of a row under a column header, by the header's text. */
async function cell(table: Locator, rowName: string, header: string): Promise<Locator> {
  // A header's own words: its icons (sort arrow, filter button) are ligatures, text to the DOM.
  const headers = await table.getByRole('columnheader').evaluateAll((cells) =>
    cells.map((th) => {
      const copy = th.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('mat-icon').forEach((icon) => icon.remove());
      return copy.textContent ?? '';
    }),
  );
  const index = headers.findIndex((h) => h.replace(/\s+/g, ' ').trim() === header);
  expect(index, `column «${header}» in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table
    .getByRole('row')
    .filter({ has: table.page().getByRole('link', { name: rowName, exact: true }) })
    .getByRole('cell')
    .nth(index);
}

/** Counts come from Deals' and Tasks' events: search again until the row shows them. */
async function searchUntil(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await field(page).fill('');
    await field(page).fill(String(run));
    await field(page).press('Enter');
    await check();
  }).toPass({ timeout: 20_000 });
}

test('«Списки»: «Компании без сделок и задач» and «Контакты без задач» from «Поиск и фильтр», kept in the URL', async ({
  page,
  browser,
}) => {
  await signIn(page);
  await seed(page);

  await test.step('«Компании» show the open deals and tasks as columns', async () => {
    await page
      .getByRole('navigation', { name: 'Разделы' })
      .getByRole('link', { name: 'Списки' })
      .click();
    await page.getByRole('tab', { name: 'Компании' }).click();
    const table = page.getByRole('table', { name: 'Компании' });
    await searchUntil(page, async () => {
      await expect(await cell(table, busyCompany, 'Открытые сделки')).toHaveText('1', {
        timeout: 2_000,
      });
    });
    await expect(await cell(table, busyCompany, 'Открытые задачи')).toHaveText('0');
    await expect(await cell(table, idleCompany, 'Открытые сделки')).toHaveText('0');
  });

  let filteredUrl = '';
  await test.step('the panel of «Поиск и фильтр»: «Компании без сделок и задач»', async () => {
    const table = page.getByRole('table', { name: 'Компании' });
    await page.getByRole('button', { name: 'Готовые фильтры' }).click();
    const option = page.getByRole('menuitemradio', { name: 'Компании без сделок и задач' });
    await expect(page.getByRole('menuitemradio', { name: 'Все компании' })).toBeChecked();
    await option.click();
    await expect(page).toHaveURL(/[?&]filter=without-deals-and-tasks/);
    await expect(table.getByRole('link', { name: idleCompany, exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: busyCompany, exact: true })).toHaveCount(0);
    await expect(page.getByTestId('active-filter')).toHaveText(/Компании без сделок и задач/);
    filteredUrl = page.url();
  });

  await test.step('a reload keeps the filter; a shared link opens it in another browser', async () => {
    await page.reload();
    const table = page.getByRole('table', { name: 'Компании' });
    await expect(page.getByTestId('active-filter')).toHaveText(/Компании без сделок и задач/);
    await expect(field(page)).toHaveValue(String(run));
    await expect(table.getByRole('link', { name: idleCompany, exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: busyCompany, exact: true })).toHaveCount(0);

    const other = await browser.newContext();
    try {
      const colleague = await other.newPage();
      await signIn(colleague);
      await colleague.goto(filteredUrl);
      const shared = colleague.getByRole('table', { name: 'Компании' });
      await expect(colleague.getByTestId('active-filter')).toHaveText(
        /Компании без сделок и задач/,
      );
      await expect(shared.getByRole('link', { name: idleCompany, exact: true })).toBeVisible();
      await expect(shared.getByRole('link', { name: busyCompany, exact: true })).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  await test.step('clearing the filter shows every company again', async () => {
    await page.getByRole('button', { name: 'Снять фильтр «Компании без сделок и задач»' }).click();
    await expect(page).not.toHaveURL(/filter=/);
    const table = page.getByRole('table', { name: 'Компании' });
    await expect(table.getByRole('link', { name: busyCompany, exact: true })).toBeVisible();
    await expect(field(page)).toBeFocused();
  });

  await test.step('«Контакты»: the open task column and «Контакты без задач» from the keyboard', async () => {
    await page.getByRole('tab', { name: 'Контакты' }).click();
    const table = page.getByRole('table', { name: 'Контакты' });
    await searchUntil(page, async () => {
      await expect(await cell(table, busyContact, 'Открытые задачи')).toHaveText('1', {
        timeout: 2_000,
      });
    });
    // ↓ in the field opens the panel; Enter picks the focused filter.
    await field(page).press('ArrowDown');
    await expect(page.getByRole('menu', { name: 'Готовые фильтры' })).toBeVisible();
    await page.getByRole('menuitemradio', { name: 'Контакты без задач' }).press('Enter');
    await expect(page).toHaveURL(/[?&]filter=without-tasks/);
    await expect(table.getByRole('link', { name: idleContact, exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: busyContact, exact: true })).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('active-filter')).toHaveText(/Контакты без задач/);
    await expect(
      page.getByRole('table', { name: 'Контакты' }).getByRole('link', { name: busyContact }),
    ).toHaveCount(0);
  });
});
