import { APIRequestContext, BrowserContext, Locator, Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * The deal card as a manager walks it (issue 11, items 1, 2, 3 and 7), at 1366×768: a contact
 * typed into the card shows with its phone; «Добавить задачу» shows the deal in «Привязать к»;
 * handed to a colleague, the card turns read-only and says why; a To-Do job asks for a title and
 * a deadline, not a budget or a goal, and is «Выполнено», never «Проиграна».
 */
const run = Date.now();
/** Next year: a deadline in the future whenever the suite runs. */
const year = new Date().getFullYear() + 1;
/** A phone of this run only (the Lists offer an existing contact with the same phone). */
const digits = `5${String(run).slice(-6)}`;
const phoneTyped = `+7 916 ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
/** The phone as shown, however grouped; from «+7», so the run's digits in a name never match it. */
const phoneShown = new RegExp(
  `\\+7\\D*916\\D*${digits.slice(0, 3)}\\D?${digits.slice(3, 5)}\\D?${digits.slice(5)}`,
);

interface Person {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

const person = (who: string): Person => ({
  email: `card.${who}.${run}@e2e.crm.local`,
  displayName: `${who === 'anna' ? 'Анна Карточкина' : 'Борис Коллегин'} ${String(run).slice(-5)}`,
  password: `Manager-${who}-${run}!`,
});
const anna = person('anna');
const boris = person('boris');

interface Stage {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}
interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly stages: Stage[];
}

async function createManager(request: APIRequestContext, context: BrowserContext, who: Person) {
  const response = await request.post('/api/identity/users', {
    headers: await xsrfHeader(context),
    data: { ...who, role: 'Manager' },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** A deal of Анна's in «Новые дилеры», made through the API as quick add would. */
async function annasDeal(page: Page, name: string): Promise<string> {
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as Pipeline[];
  const dealers = pipelines.find((p) => p.name === 'Новые дилеры')!;
  const stage = dealers.stages.find((s) => s.kind === 'open')!;
  const created = await page.request.post('/api/deals', {
    headers: await xsrfHeader(page.context()),
    data: { pipelineId: dealers.id, stageId: stage.id, name },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

const column = (page: Page, stage: string): Locator =>
  page.getByRole('region', { name: stage, exact: true });

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, adminEmail, adminPassword);
  await createManager(admin.request, context, anna);
  await createManager(admin.request, context, boris);
  await context.close();
});

test('the deal card: a typed contact with its phone, a task on the deal, then read-only after the hand-over', async ({
  page,
}) => {
  await signIn(page, anna.email, anna.password);
  const dealName = `Поставка стеллажей ${run}`;
  const dealId = await annasDeal(page, dealName);
  // A read of a contact that comes before «Списки» can answer it (the 404 seen in issue 11) is
  // played here: the first read of each contact answers 404. The card must not show the contact
  // without its phone because of it.
  const refusedOnce = new Set<string>();
  await page.route(/\/api\/directory\/contacts\/[0-9a-f-]+$/, async (route) => {
    const url = route.request().url();
    if (route.request().method() === 'GET' && !refusedOnce.has(url)) {
      refusedOnce.add(url);
      await route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Not Found', status: 404, detail: 'Контакт не найден' }),
      });
      return;
    }
    await route.continue();
  });

  await page.goto(`/deals/${dealId}`);
  await expect(page.getByLabel('Название', { exact: true })).toHaveValue(dealName);

  const contactName = `Петров Илья ${run}`;
  await test.step('item 2: a new contact typed with a phone shows with the phone at once', async () => {
    await page.getByRole('combobox', { name: 'Добавить контакт' }).fill(contactName);
    const phone = page.getByRole('group', { name: 'Добавить контакт' }).getByLabel('Телефон');
    await phone.fill(phoneTyped);
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/deals/${dealId}`) && r.request().method() === 'PUT',
    );
    await page
      .getByRole('group', { name: 'Добавить контакт' })
      .getByRole('button', { name: 'Добавить' })
      .click();
    expect((await saved).status()).toBe(200);
    const row = page.getByTestId('deal-contact').filter({ hasText: contactName });
    await expect(row).toBeVisible();
    await expect(row.getByRole('link', { name: phoneShown })).toBeVisible();

    // After a reload the card reads the contact (the first read refused here): still whole.
    await page.reload();
    await expect(row.getByRole('link', { name: phoneShown })).toBeVisible();
  });

  await test.step('item 1: «Добавить задачу» shows the deal in «Привязать к»', async () => {
    const tasks = page.locator('app-record-tasks');
    await tasks.getByRole('button', { name: 'Добавить задачу' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новая задача' });
    // Fixed to the card's record: a read-only field, not a picker.
    const link = dialog.getByRole('textbox', { name: 'Привязать к' });
    await expect(link).toHaveValue(dealName);
    await expect(link).not.toBeEditable();
    await dialog.getByLabel('Что сделать').fill(`Позвонить Петрову ${run}`);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      tasks.getByRole('listitem').filter({ hasText: `Позвонить Петрову ${run}` }),
    ).toBeVisible();
  });

  await test.step('item 3: handed to Борис, the card turns read-only with the reason in one line', async () => {
    await expect(page.getByTestId('read-only-note')).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Ответственный' }).click();
    const assigned = page.waitForResponse(
      (r) => r.url().endsWith(`/api/deals/${dealId}/assign`) && r.request().method() === 'POST',
    );
    await page.getByRole('option', { name: boris.displayName }).click();
    expect((await assigned).status()).toBe(200);

    const note = page.getByTestId('read-only-note');
    await expect(note).toContainText(`Только просмотр: сделку ведёт ${boris.displayName}.`);
    await expect(note).toHaveAttribute('title', /руководитель отдела продаж или администратор/);
    const box = (await note.boundingBox())!;
    expect(box.height).toBeLessThan(30); // one line at 1366×768
    await expect(page.getByLabel('Название', { exact: true })).toBeDisabled();
    await expect(page.getByLabel('Бюджет', { exact: true })).toBeDisabled();
    await expect(page.getByLabel('Цель переговоров', { exact: true })).toBeDisabled();
    await expect(page.getByRole('combobox', { name: 'Ответственный' })).toBeDisabled();
    await expect(page.getByRole('combobox', { name: 'Этап' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Выиграна' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Проиграна' })).toHaveCount(0);
    await expect(page.getByRole('combobox', { name: 'Добавить контакт' })).toHaveCount(0);
    // No refusal is met, so none is shown.
    await expect(page.getByText('Менеджер может менять только свои сделки')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/deal-card-read-only.png', fullPage: true });

    // Still so after a reload.
    await page.reload();
    await expect(page.getByTestId('read-only-note')).toBeVisible();
    await expect(page.getByLabel('Бюджет', { exact: true })).toBeDisabled();
  });
});

test('a To-Do job: a title and a deadline from quick add, no budget or goal on its card, and «Выполнено»', async ({
  page,
}) => {
  await signIn(page, anna.email, anna.password);
  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^(Сделки|Deals)$/ })
    .hover();
  await page.getByRole('menuitem', { name: 'To-Do' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'To-Do' })).toBeVisible();
  const first = column(page, 'Новое');
  const jobName = `Собрать акты сверки ${run}`;

  let jobId = '';
  await test.step('quick add asks what to do and the deadline, not a budget; both are needed', async () => {
    await first.getByRole('button', { name: 'Быстрое добавление: Новое' }).click();
    await expect(first.getByLabel('Бюджет', { exact: true })).toHaveCount(0);
    const name = first.getByLabel('Что сделать', { exact: true });
    await expect(name).toBeFocused();
    await name.fill(jobName);
    await name.press('Enter');
    await expect(first.getByText('Укажите крайний срок')).toBeVisible();

    // The app's date and time fields, typed in Russian as a manager would.
    const deadline = first.getByLabel('Крайний срок', { exact: true });
    await expect(deadline).toHaveAttribute('aria-invalid', 'true');
    await deadline.fill(`20.12.${year}`);
    await first.getByLabel('Время', { exact: true }).fill('18:00');
    await page.screenshot({ path: 'test-results/quick-add-todo.png' });
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/deals') && r.request().method() === 'POST',
    );
    await name.press('Enter');
    const response = await created;
    expect(response.status(), await response.text()).toBe(201);
    const job = (await response.json()) as { id: string; budget: unknown; deadline: string };
    jobId = job.id;
    expect(job.budget).toBeNull();
    // 18:00 on the user's clock (Moscow, the default settings).
    expect(new Date(job.deadline).toISOString()).toBe(`${year}-12-20T15:00:00.000Z`);
    await name.press('Escape');
  });

  await test.step('its card: title, responsible, deadline and «Выполнено»; no budget, goal or «Проиграна»', async () => {
    await first.getByTestId('deal-card').filter({ hasText: jobName }).click();
    await expect(page).toHaveURL(new RegExp(`/deals/${jobId}$`));
    await expect(page.getByLabel('Название', { exact: true })).toHaveValue(jobName);
    await expect(page.getByRole('combobox', { name: 'Ответственный' })).toContainText(
      anna.displayName,
    );
    await expect(page.getByLabel('Крайний срок', { exact: true })).toHaveValue(`20.12.${year}`);
    await expect(page.getByLabel('Время', { exact: true })).toHaveValue('18:00');
    // At the top, under its name: above the stage and the responsible.
    const top = async (locator: Locator) => (await locator.boundingBox())!.y;
    expect(await top(page.getByLabel('Крайний срок', { exact: true }))).toBeLessThan(
      await top(page.getByRole('combobox', { name: 'Ответственный' })),
    );
    expect(await top(page.getByLabel('Крайний срок', { exact: true }))).toBeGreaterThan(
      await top(page.getByLabel('Название', { exact: true })),
    );
    // A job needs no task: no «every deal has a task» warning.
    const tasks = page.locator('app-record-tasks');
    await expect(tasks).toContainText('Задач нет: у задания свой крайний срок.');
    await expect(tasks).not.toContainText('У сделки нет задач');
    await expect(page.getByLabel('Бюджет', { exact: true })).toHaveCount(0);
    await expect(page.getByLabel('Цель переговоров', { exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Выиграна' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Проиграна' })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/deal-card-todo.png', fullPage: true });

    const done = page.waitForResponse(
      (r) => r.url().endsWith(`/api/deals/${jobId}/won`) && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Выполнено' }).click();
    expect((await done).status()).toBe(200);
    await expect(page.getByText('Задание выполнено')).toBeVisible();
    await expect(page.locator('.closed-stage')).toHaveText('Выполнено');
  });

  await test.step('the server refuses to lose a job', async () => {
    const headers = await xsrfHeader(page.context());
    const lost = await page.request.post(`/api/deals/${jobId}/lost`, {
      headers,
      data: { reason: 'Не успели' },
    });
    expect(lost.status()).toBe(400);
  });
});
