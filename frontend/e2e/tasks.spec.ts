import { Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * The manual's Tasks loop (issue 5): in «Задачи» a deal's task → click the deal name, the
 * deal card opens in place → complete the task with its result and plan the next one in the
 * same dialog → «Назад» → the list shows the next task, not the done one.
 */
const run = Date.now();
const DEAL = `Поставка станков ${run}`;
const FIRST = `Перезвонить, уточнить объём ${run}`;
const NEXT = `Отправить КП ${run}`;
const CALL = '0193a000-0000-7000-8000-000000000001';

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
  // The card's own task list (its «Лента» tells of the same tasks).
  const cardTasks = page.getByRole('list', { name: 'Задачи', exact: true });
  const onCard = cardTasks.getByRole('listitem').filter({ hasText: FIRST });
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
  await expect(cardTasks.getByRole('listitem').filter({ hasText: NEXT })).toBeVisible();
  await expect(cardTasks.getByRole('listitem').filter({ hasText: FIRST })).toHaveCount(0);

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

test('Settings → «Типы задач»: an admin adds a type and plans a task of it; a taken name is refused', async ({
  page,
}) => {
  await signIn(page, adminEmail, adminPassword);
  const typeName = `Демонстрация ${run}`;
  const text = `Показать склад клиенту ${run}`;

  await page.goto('/settings');
  await page.getByRole('link', { name: /Типы задач/ }).click();
  await expect(page).toHaveURL(/\/settings\/task-types$/);
  await expect(page.getByRole('heading', { name: 'Типы задач' })).toBeVisible();
  // The built-in types are there and cannot be deleted.
  await expect(page.getByLabel('Название типа «Звонок»', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Удалить тип «Звонок»' })).toHaveCount(0);

  await page.getByLabel('Название', { exact: true }).fill(typeName);
  await page.getByRole('button', { name: 'Добавить тип' }).click();
  await expect(page.getByText(`Тип «${typeName}» добавлен`)).toBeVisible();
  await expect(page.getByLabel(`Название типа «${typeName}»`, { exact: true })).toHaveValue(
    typeName,
  );

  // The same name again (any case): the server refuses it, shown under the field.
  await page.getByLabel('Название', { exact: true }).fill(typeName.toUpperCase());
  await page.getByRole('button', { name: 'Добавить тип' }).click();
  await expect(page.getByText('Такой тип задачи уже есть')).toBeVisible();
  await page.screenshot({ path: 'test-results/tasks-types-settings.png', fullPage: true });

  // The new type is offered at once in «Новая задача».
  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^(Задачи|Tasks)$/ })
    .click();
  await page.getByRole('button', { name: 'Новая задача' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Новая задача' });
  await dialog.getByLabel('Тип').click();
  await page.getByRole('option', { name: typeName }).click();
  await dialog.getByLabel('Что сделать').fill(text);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  const item = page.getByRole('listitem').filter({ hasText: text });
  await expect(item).toBeVisible();
  await expect(item).toContainText(typeName);
});

test('the deal card lists its tasks from Tasks, live, and shows completed ones on request', async ({
  page,
}) => {
  await signIn(page, adminEmail, adminPassword);
  const name = `Сделка с задачами ${run}`;
  const first = `Позвонить директору ${run}`;
  const { dealId, taskId } = await dealWithTask(page, name, first);

  await page.goto(`/deals/${dealId}`);
  const panel = page.locator('app-record-tasks');
  await expect(panel.getByRole('listitem').filter({ hasText: first })).toBeVisible();

  // Someone else completes it: the panel follows without a reload (taskChanged on "tasks").
  const done = await page.request.post(`/api/tasks/${taskId}/complete`, {
    headers: await xsrfHeader(page.context()),
    data: { result: 'Директор в отпуске до понедельника' },
  });
  expect(done.status(), await done.text()).toBe(200);
  await expect(panel.getByRole('listitem').filter({ hasText: first })).toHaveCount(0);
  await expect(panel.getByText('У сделки нет задач')).toBeVisible();

  await panel.getByRole('button', { name: 'Показать выполненные' }).click();
  const completed = panel.getByRole('list', { name: 'Выполненные задачи' });
  await expect(completed.getByRole('listitem').filter({ hasText: first })).toContainText(
    'Директор в отпуске до понедельника',
  );
  await page.screenshot({ path: 'test-results/tasks-card-panel.png', fullPage: true });
});

test('«Привязать к» finds a deal by typing, before companies and contacts', async ({ page }) => {
  await signIn(page, adminEmail, adminPassword);
  const headers = await xsrfHeader(page.context());
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    stages: Stage[];
  }[];
  const stage = pipelines[0].stages.find((s) => s.kind === 'open') ?? pipelines[0].stages[0];
  const name = `Ёлочные игрушки оптом ${run}`;
  const created = await page.request.post('/api/deals', {
    headers,
    data: { pipelineId: pipelines[0].id, stageId: stage.id, name },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id: dealId } = (await created.json()) as { id: string };
  const text = `Уточнить ассортимент ${run}`;

  await page.goto('/tasks');
  await page.getByRole('button', { name: 'Новая задача' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Новая задача' });
  const picker = dialog.getByRole('combobox', { name: 'Привязать к' });
  // The dialog focuses the field on opening; no list covers the form until asked.
  await expect(page.getByRole('listbox')).toBeHidden();
  // Clicked with nothing typed: my recent deals.
  await picker.click();
  await expect(page.getByRole('group', { name: 'Мои последние сделки' })).toBeVisible();
  // Typed the way people do: «елочные», lower case, without «ё».
  await picker.fill(`елочные игрушки оптом ${run}`);
  // The answer to what was typed replaces the recent deals.
  await expect(page.getByRole('group', { name: 'Мои последние сделки' })).toBeHidden();
  const option = page.getByRole('option').filter({ hasText: name });
  await expect(option).toBeVisible();
  await expect(page.getByRole('option').first()).toContainText('Сделка');
  await page.screenshot({ path: 'test-results/tasks-link-picker.png' });
  await option.click();
  await expect(picker).toHaveValue(name);
  await dialog.getByLabel('Что сделать').fill(text);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();

  const linked = (await (
    await page.request.get(`/api/tasks/linked?linkKind=deal&linkId=${dealId}`)
  ).json()) as { items: { text: string }[] };
  expect(linked.items.map((t) => t.text)).toEqual([text]);
});

test('the calendar: Alt+→ moves the focused task a day and Alt+↓ half an hour; live changes show', async ({
  page,
}) => {
  await signIn(page, adminEmail, adminPassword);
  const headers = await xsrfHeader(page.context());
  const text = `Клавиатура ${run}`;
  // Wednesday of next week, 11:00 Moscow: a whole week in view, a day either side.
  const now = new Date();
  const today = moscowDay(now);
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
  const wednesday = new Date(`${today}T08:00:00Z`);
  wednesday.setUTCDate(wednesday.getUTCDate() - weekday + 9);
  const day = wednesday.toISOString().slice(0, 10);
  const thursday = new Date(wednesday.getTime() + 86_400_000).toISOString().slice(0, 10);
  const created = await page.request.post('/api/tasks', {
    headers,
    data: { typeId: CALL, text, dueAt: wednesday.toISOString() },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto('/tasks/calendar');
  await page.getByRole('button', { name: 'Вперёд по календарю' }).click();
  const chip = page.getByTestId('calendar-task').filter({ hasText: text });
  await expect(
    page
      .locator(`section[data-day="${day}"]`)
      .getByTestId('calendar-task')
      .filter({ hasText: text }),
  ).toBeVisible();
  await expect(chip).toContainText('11:00');

  await chip.focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(
    page
      .locator(`section[data-day="${thursday}"]`)
      .getByTestId('calendar-task')
      .filter({ hasText: text }),
  ).toBeVisible();
  await expect(chip).toBeFocused();
  await expect(page.locator('.cdk-live-announcer-element')).toContainText(
    `Задача «${text}» перенесена`,
  );
  await expect
    .poll(async () => {
      const saved = (await (await page.request.get(`/api/tasks/${id}`)).json()) as {
        dueAt: string;
        version: number;
      };
      return `${moscowDay(new Date(saved.dueAt))} v${saved.version}`;
    })
    .toBe(`${thursday} v2`);

  await page.keyboard.press('Alt+ArrowDown');
  await expect(chip).toContainText('11:30');
  await expect(chip).toBeFocused();
  await expect
    .poll(async () => {
      const saved = (await (await page.request.get(`/api/tasks/${id}`)).json()) as {
        dueAt: string;
      };
      return new Date(saved.dueAt).toISOString();
    })
    .toBe(new Date(wednesday.getTime() + 86_400_000 + 30 * 60_000).toISOString());

  // Live: a task planned elsewhere (here through the API) appears without a reload.
  const other = `Появилась сама ${run}`;
  const live = await page.request.post('/api/tasks', {
    headers,
    data: {
      typeId: CALL,
      text: other,
      dueAt: new Date(wednesday.getTime() + 3_600_000).toISOString(),
    },
  });
  expect(live.status(), await live.text()).toBe(201);
  await expect(
    page
      .locator(`section[data-day="${day}"]`)
      .getByTestId('calendar-task')
      .filter({ hasText: other }),
  ).toBeVisible();
  await expect(chip).toBeFocused();
  await page.screenshot({ path: 'test-results/tasks-calendar-keyboard.png' });
});
