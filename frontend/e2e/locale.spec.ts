import { Page, expect, test } from '@playwright/test';
import { signIn, xsrfHeader } from './session';

/**
 * Dates, times and amounts follow the app's language and the user's time zone, not the browser's:
 * the browser here speaks American English on New York time, the manager works in Russian on
 * Yekaterinburg time (UTC+5). What they type reads in Russian ("250 000,50", "07.12.2027",
 * "18:30"), shows in Russian, is saved on their clock, and the language switch switches it all.
 */
test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

const run = Date.now();
const manager = {
  email: `locale.${run}@e2e.crm.local`,
  displayName: `Менеджер Екатеринбург ${run}`,
  password: `Locale-${run}!`,
};
const year = new Date().getFullYear() + 1;

async function aDeal(page: Page): Promise<string> {
  const headers = await xsrfHeader(page.context());
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    kind: string;
    stages: { id: string; kind: string }[];
  }[];
  const pipeline = pipelines.find((p) => p.kind !== 'todo') ?? pipelines[0];
  const stage = pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0];
  const created = await page.request.post('/api/deals', {
    headers,
    data: { pipelineId: pipeline.id, stageId: stage.id, name: `Сделка в рублях ${run}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test('a Russian manager types and reads amounts and dates in Russian, on their own clock', async ({
  page,
}) => {
  await signIn(page);
  const created = await page.request.post('/api/identity/users', {
    headers: await xsrfHeader(page.context()),
    data: { ...manager, role: 'Manager' },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.context().clearCookies();
  await signIn(page, manager.email, manager.password);
  const settings = await page.request.put('/api/identity/me/settings', {
    headers: await xsrfHeader(page.context()),
    data: { language: 'ru', timeZone: 'Asia/Yekaterinburg', reminderLeadMinutes: 30 },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const dealId = await aDeal(page);
  await page.goto(`/deals/${dealId}`);
  const budget = page.getByLabel('Бюджет', { exact: true });

  const saveBudget = async (typed: string): Promise<unknown> => {
    await budget.fill(typed);
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/deals/${dealId}`) && r.request().method() === 'PUT',
    );
    await budget.press('Enter');
    const response = await saved;
    expect(response.status()).toBe(200);
    return response.request().postDataJSON();
  };

  await test.step('«Бюджет»: typed plain or pasted with spaces and a comma, shown grouped', async () => {
    expect(await saveBudget('250000')).toMatchObject({ budget: 250000 });
    await expect(budget).toHaveValue(/^250\s000$/);
    await expect(page.locator('.number')).toContainText(/250\s000\s₽/);

    expect(await saveBudget('250 000,50')).toMatchObject({ budget: 250000.5 });
    await expect(budget).toHaveValue(/^250\s000,50$/);
    await page.reload();
    await expect(budget).toHaveValue(/^250\s000,50$/);
  });

  await test.step('a task’s date and time: Russian, on the manager’s clock', async () => {
    await page.getByRole('button', { name: 'Добавить задачу' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новая задача' });
    const date = dialog.getByLabel('Дата', { exact: true });
    const time = dialog.getByLabel('Время', { exact: true });
    await expect(date).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
    await expect(time).toHaveValue('10:00');

    await dialog.getByRole('button', { name: 'Открыть календарь' }).click();
    await expect(page.locator('mat-calendar .mat-calendar-period-button')).toContainText(
      /янв|февр|март|апр|мая|май|июн|июл|авг|сент|окт|нояб|дек/i,
    );
    // Monday first, as in Russia.
    await expect(page.locator('mat-calendar thead th').first()).toContainText('понедельник');
    await page.locator('mat-calendar').getByText('7', { exact: true }).click();
    await expect(page.locator('mat-calendar')).toHaveCount(0);
    await expect(date).toHaveValue(/^07\.\d{2}\.\d{4}$/);

    await date.fill(`7.12.${year}`);
    await time.fill('18:30');
    await dialog.getByLabel('Что сделать').fill(`Позвонить в Екатеринбург ${run}`);
    await date.blur();
    await expect(date).toHaveValue(`07.12.${year}`);
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/api/tasks') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    const response = await posted;
    expect(response.status(), await response.text()).toBe(201);
    // 18:30 in Yekaterinburg; the browser's clock would have made it 23:30Z.
    expect(response.request().postDataJSON()).toMatchObject({
      allDay: false,
      dueAt: `${year}-12-07T13:30:00.000Z`,
    });
    await expect(dialog).toBeHidden();
    await expect(
      page
        .getByRole('list', { name: 'Задачи', exact: true })
        .getByRole('listitem')
        .filter({ hasText: `Позвонить в Екатеринбург ${run}` }),
    ).toContainText(`7 дек. ${year} г., 18:30`);
  });

  await test.step('the language switch switches amounts and dates too', async () => {
    await page.getByTestId('user-menu').click();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/identity/me/settings') && r.request().method() === 'PUT',
    );
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByLabel('Budget', { exact: true })).toHaveValue('250,000.50');
    await page.getByRole('button', { name: 'Add task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
    await expect(dialog.getByLabel('Time', { exact: true })).toHaveValue('10:00');
  });
});
