import { BrowserContext, Page, expect, test } from '@playwright/test';

/**
 * The manual's Tasks loop (issue 5): in «Задачи» a deal's task → click the deal name, the
 * deal card opens in place → complete the task with its result and plan the next one in the
 * same dialog → «Назад» → the list shows the next task, not the done one.
 */
const adminEmail = process.env['E2E_ADMIN_EMAIL'] ?? 'admin@crm.local';
const adminPassword = process.env['E2E_ADMIN_PASSWORD'] ?? 'Admin12345!';
const run = Date.now();
const DEAL = `Поставка станков ${run}`;
const FIRST = `Перезвонить, уточнить объём ${run}`;
const NEXT = `Отправить КП ${run}`;
const CALL = '0193a000-0000-7000-8000-000000000001';

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

async function xsrfHeader(context: BrowserContext): Promise<Record<string, string>> {
  const cookie = (await context.cookies()).find((c) => c.name === 'XSRF-TOKEN');
  expect(cookie, 'the XSRF-TOKEN cookie after sign-in').toBeTruthy();
  return { 'X-XSRF-TOKEN': decodeURIComponent(cookie!.value) };
}

interface Stage {
  id: string;
  kind: string;
}

/** A deal in the first pipeline, and a call on it in two hours (Tasks hears of the deal within ms). */
/** A deal in the first pipeline's first open stage with one open task due in two hours. */
async function dealWithTask(
  page: Page,
  dealName = DEAL,
  taskText = FIRST,
): Promise<{ dealId: string; taskId: string; pipelineId: string }> {
  const headers = await xsrfHeader(page.context());
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    stages: Stage[];
  }[];
  const pipeline = pipelines[0];
  const stage = pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0];
  const created = await page.request.post('/api/deals', {
    headers,
    data: { pipelineId: pipeline.id, stageId: stage.id, name: dealName },
  });
  expect(created.status(), await created.text()).toBe(201);
  const deal = (await created.json()) as { id: string };
  const dueAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
  let taskId = '';
  await expect
    .poll(
      async () => {
        const response = await page.request.post('/api/tasks', {
          headers,
          data: { typeId: CALL, text: taskText, dueAt, linkKind: 'deal', linkId: deal.id },
        });
        if (response.status() === 201) {
          taskId = ((await response.json()) as { id: string }).id;
        }
        return response.status();
      },
      { timeout: 10_000 },
    )
    .toBe(201);
  return { dealId: deal.id, taskId, pipelineId: pipeline.id };
}

test('Задачи: open the deal from a task, complete it with a result and the next task, «Назад»', async ({
  page,
}) => {
  await signIn(page, adminEmail, adminPassword);
  const { dealId } = await dealWithTask(page);

  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^(Задачи|Tasks)$/ })
    .click();
  await expect(page).toHaveURL(/\/tasks$/);
  const task = page.getByRole('listitem').filter({ hasText: FIRST });
  await expect(task).toBeVisible();
  await page.screenshot({ path: 'test-results/tasks-desktop.png', fullPage: true });

  // The deal opens in place, inside «Задачи».
  await task.getByRole('link', { name: DEAL }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/deal/${dealId}$`));
  await expect(page.getByLabel('Название', { exact: true })).toHaveValue(DEAL);
  const onCard = page.getByRole('listitem').filter({ hasText: FIRST });
  await expect(onCard).toBeVisible();

  await onCard.getByRole('button', { name: 'Выполнить' }).click();
  const dialog = page.getByRole('dialog', { name: 'Выполнение задачи' });
  await expect(dialog).toBeVisible();
  // The result is required.
  await dialog.getByLabel('Что сделать').fill(NEXT);
  await dialog.getByRole('button', { name: 'Выполнить' }).click();
  await expect(dialog.getByText('Заполните поле')).toBeVisible();
  await dialog.getByLabel('Результат').fill('Договорились: нужно 12 станков, ждут КП');
  await page.screenshot({ path: 'test-results/tasks-complete-dialog.png' });
  await dialog.getByRole('button', { name: 'Выполнить' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Задача выполнена, следующая запланирована')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: NEXT })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: FIRST })).toHaveCount(0);

  await page.getByRole('button', { name: 'Назад' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  const next = page.getByRole('listitem').filter({ hasText: NEXT });
  await expect(next).toBeVisible();
  await expect(next.getByRole('link', { name: DEAL })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: FIRST })).toHaveCount(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/tasks-phone.png', fullPage: true });
});

test('the board: the task indicator of a deal changes live when its last task is done; «Без задач» finds it', async ({
  page,
}) => {
  await signIn(page, adminEmail, adminPassword);
  const name = `Сделка с индикатором ${run}`;
  const { taskId, pipelineId } = await dealWithTask(page, name, `Позвонить ${run}`);

  await page.goto(`/deals/pipeline/${pipelineId}`);
  const card = page.getByTestId('deal-card').filter({ hasText: name });
  await expect(card.getByTestId('task-flag')).toHaveClass(/task-ok/);

  const done = await page.request.post(`/api/tasks/${taskId}/complete`, {
    headers: await xsrfHeader(page.context()),
    data: { result: 'Дозвонился, перезвонят сами' },
  });
  expect(done.status(), await done.text()).toBe(200);
  // Live: Tasks → Deals' task facts → dealChanged to the open board.
  await expect(card.getByTestId('task-flag')).toHaveClass(/task-none/);
  await expect(card.getByTestId('task-flag')).toHaveAttribute('aria-label', /нет задач|без задач/i);

  await page.getByRole('button', { name: /Все сделки/ }).click();
  await page.getByRole('menuitemradio', { name: 'Без задач' }).click();
  await expect(card).toBeVisible();
  await expect(page.getByTestId('deal-card').filter({ hasText: DEAL })).toHaveCount(0);
});

/** "yyyy-MM-dd" of an instant in Moscow (the e2e browser's and the seeded users' zone). */
const moscowDay = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(date);

test('the calendar: drag a task to another day reschedules it', async ({ page }) => {
  await signIn(page, adminEmail, adminPassword);
  const headers = await xsrfHeader(page.context());
  const text = `Календарь ${run}`;
  const due = new Date(Date.now() + 86_400_000);
  const created = await page.request.post('/api/tasks', {
    headers,
    data: { typeId: CALL, text, dueAt: due.toISOString() },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const day = moscowDay(due);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  const targetDate = new Date(`${day}T12:00:00Z`);
  targetDate.setUTCDate(targetDate.getUTCDate() + (weekday === 1 ? 1 : -1));
  const target = targetDate.toISOString().slice(0, 10);

  await page.goto('/tasks/calendar');
  await expect(page.locator('section[data-day]')).toHaveCount(7);
  const source = page.locator(`section[data-day="${day}"]`);
  if ((await source.count()) === 0) {
    await page.getByRole('button', { name: 'Вперёд по календарю' }).click();
  }
  const chip = source.getByTestId('calendar-task').filter({ hasText: text });
  await expect(chip).toBeVisible();
  await page.screenshot({ path: 'test-results/tasks-calendar-week.png' });

  const from = (await chip.boundingBox())!;
  const to = (await page.locator(`section[data-day="${target}"]`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, to.y + 70, { steps: 5 });
  await page.mouse.up();

  await expect(page.getByText('Задача перенесена')).toBeVisible();
  await expect(
    page
      .locator(`section[data-day="${target}"]`)
      .getByTestId('calendar-task')
      .filter({ hasText: text }),
  ).toBeVisible();
  const saved = (await (await page.request.get(`/api/tasks/${id}`)).json()) as {
    dueAt: string;
    version: number;
  };
  expect(moscowDay(new Date(saved.dueAt))).toBe(target);
  expect(saved.version).toBe(2);

  await page.getByRole('radio', { name: 'Месяц' }).click();
  await page.screenshot({ path: 'test-results/tasks-calendar-month.png' });
  await page.getByRole('button', { name: 'Синхронизировать' }).click();
  await page.getByRole('button', { name: 'Получить ссылку' }).click();
  const address = page.getByLabel('Ссылка на календарь задач');
  await expect(address).toHaveValue(/\/api\/tasks\/calendar\/[0-9a-f]{64}\.ics$/);
  const feed = await page.request.get(new URL(await address.inputValue()).pathname);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await page.screenshot({ path: 'test-results/tasks-sync-dialog.png' });
});
