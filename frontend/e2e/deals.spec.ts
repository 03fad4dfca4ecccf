import { APIRequestContext, BrowserContext, Locator, Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * Pipelines and deals end to end (issue 3), against the real backend and its seeded
 * pipelines: a manager switches to «Новые дилеры» from the Deals icon, quick-adds a deal
 * without a name in «Первичный контакт», drags it to «Переговоры», fills «Бюджет» and
 * «Цель переговоров» on the card and sees the move in «Лента» (the card's one story); the admin, watching the
 * same board in another browser, sees the card arrive and move live.
 */
const PIPELINE = 'Новые дилеры';
const FIRST_CONTACT = 'Первичный контакт';
const NEGOTIATION = 'Переговоры';
const PROPOSAL = 'Коммерческое предложение';

const run = Date.now();
const manager = {
  email: `deals.manager.${run}@e2e.crm.local`,
  displayName: `Менеджер сделок ${run}`,
  password: `Manager-${run}!`,
};

async function createManager(request: APIRequestContext, context: BrowserContext): Promise<void> {
  const response = await request.post('/api/identity/users', {
    headers: await xsrfHeader(context),
    data: { ...manager, role: 'Manager' },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** The manual: hovering the «Сделки» icon lists the pipelines. */
async function switchPipelineFromRail(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^(Сделки|Deals)$/ })
    .hover();
  await page.getByRole('menuitem', { name }).click();
  await expect(page).toHaveURL(/\/deals\/pipeline\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

const column = (page: Page, stage: string): Locator =>
  page.getByRole('region', { name: stage, exact: true });

const cardIn = (page: Page, stage: string, name: string): Locator =>
  column(page, stage).getByTestId('deal-card').filter({ hasText: name });

/** CDK drag-drop follows real pointer moves: press, move in steps, release. */
async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, to.y + 130, { steps: 5 });
  await page.mouse.up();
}

test('a manager quick-adds a deal, drags it to «Переговоры», fills the card; another browser sees it live', async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const managerContext = await browser.newContext();
  const page = await managerContext.newPage();

  try {
    await test.step('the admin signs in, adds a manager and watches «Новые дилеры»', async () => {
      await signIn(admin, adminEmail, adminPassword);
      await createManager(admin.request, adminContext);
      await switchPipelineFromRail(admin, PIPELINE);
      await expect(column(admin, FIRST_CONTACT)).toBeVisible();
      await expect(column(admin, NEGOTIATION)).toBeVisible();
    });

    await test.step('the manager switches to «Новые дилеры» from the Deals icon', async () => {
      await signIn(page, manager.email, manager.password);
      await switchPipelineFromRail(page, PIPELINE);
      // «Неразобранное» comes first and every stage is a column.
      await expect(page.getByTestId('board-columns').getByRole('region').first()).toHaveAttribute(
        'aria-label',
        'Неразобранное',
      );
    });

    let dealName = '';
    let dealId = '';
    await test.step('«Быстрое добавление» in «Первичный контакт» with no name makes «Сделка #N»', async () => {
      await column(page, FIRST_CONTACT)
        .getByRole('button', { name: `Быстрое добавление: ${FIRST_CONTACT}` })
        .click();
      const name = column(page, FIRST_CONTACT).getByLabel('Название', { exact: true });
      await expect(name).toBeFocused();
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/deals') && r.request().method() === 'POST',
      );
      await name.press('Enter');
      const response = await created;
      expect(response.status(), await response.text()).toBe(201);
      const deal = (await response.json()) as { id: string; number: number; name: string };
      dealId = deal.id;
      dealName = deal.name;
      expect(dealName).toMatch(new RegExp(`^(Сделка|Deal) #${deal.number}$`));
      await expect(cardIn(page, FIRST_CONTACT, dealName)).toBeVisible();
      await name.press('Escape');
      await expect(name).toBeHidden();
    });

    await test.step('the admin sees the new deal appear live', async () => {
      await expect(cardIn(admin, FIRST_CONTACT, dealName)).toBeVisible();
    });

    await test.step('the manager drags it to «Переговоры»', async () => {
      const moved = page.waitForResponse(
        (r) => r.url().endsWith(`/api/deals/${dealId}/stage`) && r.request().method() === 'POST',
      );
      await drag(page, cardIn(page, FIRST_CONTACT, dealName), column(page, NEGOTIATION));
      const response = await moved;
      expect(response.status(), await response.text()).toBe(200);
      await expect(cardIn(page, NEGOTIATION, dealName)).toBeVisible();
      await expect(cardIn(page, FIRST_CONTACT, dealName)).toHaveCount(0);
    });

    await test.step('the admin sees the card move live', async () => {
      await expect(cardIn(admin, NEGOTIATION, dealName)).toBeVisible();
      await expect(cardIn(admin, FIRST_CONTACT, dealName)).toHaveCount(0);
    });

    await test.step('the manager opens the card and fills «Бюджет» and «Цель переговоров»', async () => {
      await cardIn(page, NEGOTIATION, dealName).click();
      await expect(page).toHaveURL(new RegExp(`/deals/${dealId}$`));
      await expect(page.getByLabel('Название', { exact: true })).toHaveValue(dealName);
      await page.getByLabel('Бюджет', { exact: true }).fill('150000');
      await page.getByLabel('Цель переговоров', { exact: true }).fill('Поставка 20 т в апреле');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith(`/api/deals/${dealId}`) && r.request().method() === 'PUT',
      );
      await page.getByLabel('Бюджет', { exact: true }).press('Enter');
      const response = await saved;
      expect(response.status(), await response.text()).toBe(200);
      expect(await response.json()).toMatchObject({
        budget: 150000,
        goal: 'Поставка 20 т в апреле',
      });
    });

    await test.step('«Лента» alone tells the move: from → to, who and when', async () => {
      const moveText = `Этап: ${FIRST_CONTACT} → ${NEGOTIATION}`;
      const move = page.getByTestId('feed').locator('.entry', { hasText: moveText });
      await expect(move).toContainText(manager.displayName);
      await expect(move).toContainText(/сегодня \d{2}:\d{2}/);
      // One place to read the deal's story: no stage history block beside the feed.
      await expect(page.getByText('История этапов')).toHaveCount(0);
    });

    await test.step('the board shows the budget on the card, after a reload too', async () => {
      await page.getByRole('button', { name: 'Назад' }).click();
      await expect(page).toHaveURL(/\/deals\/pipeline\//);
      await page.reload();
      await expect(cardIn(page, NEGOTIATION, dealName)).toContainText('150 000 ₽');
    });

    await test.step('without a mouse: Alt+→ and Alt+← move the focused card one stage and keep the focus', async () => {
      const card = cardIn(page, NEGOTIATION, dealName);
      await card.focus();
      const moved = page.waitForResponse(
        (r) => r.url().endsWith(`/api/deals/${dealId}/stage`) && r.request().method() === 'POST',
      );
      await page.keyboard.press('Alt+ArrowRight');
      expect((await moved).status()).toBe(200);
      await expect(cardIn(page, PROPOSAL, dealName)).toBeFocused();
      await expect(cardIn(admin, PROPOSAL, dealName)).toBeVisible();

      const back = page.waitForResponse(
        (r) => r.url().endsWith(`/api/deals/${dealId}/stage`) && r.request().method() === 'POST',
      );
      await page.keyboard.press('Alt+ArrowLeft');
      expect((await back).status()).toBe(200);
      await expect(cardIn(page, NEGOTIATION, dealName)).toBeFocused();
      await expect(cardIn(page, PROPOSAL, dealName)).toHaveCount(0);
    });
  } finally {
    await adminContext.close();
    await managerContext.close();
  }
});
