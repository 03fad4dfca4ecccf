import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BrowserContext, Page, expect, test } from '@playwright/test';
import { openBoard as openBoardOf, requestCard } from './live-board';
import { signIn, xsrfHeader } from './session';

/**
 * Inbox end to end (issue 12's acceptance test), against the real backend: a static page of "the
 * company's site", served on another port by this spec, carries a web form's snippet (made by the
 * admin through the API with that page's origin allowed); a visitor submits it → the request
 * appears live in «Неразобранное» of a manager's open board (and of the admin's), and in the
 * manager's bell (nobody covers its region, so everyone is told) → the manager opens it (region, message, raw) and accepts → the deal opens in «Первичный контакт», theirs,
 * with the request's data in «Лента», the card is gone from the admin's board, and the contact is
 * in «Списки»; another request is declined with a reason and shows under «Отклонённые» in
 * «Заявки».
 */
const PIPELINE = 'Новые дилеры';
const FIRST_CONTACT = 'Первичный контакт';

const run = Date.now();
const manager = {
  email: `inbox.manager.${run}@e2e.crm.local`,
  displayName: `Менеджер заявок ${run}`,
  password: `Manager-${run}!`,
};
const THANK_YOU = `Спасибо! Перезвоним (${run}).`;

/** "The company's site": one page, its HTML set once the form's snippet is known. */
class StaticSite {
  private server: Server | null = null;
  html = '<!doctype html><title>…</title>';

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      if (request.url === '/' || request.url?.startsWith('/?')) {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(this.html);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const openBoard = (page: Page, pipelineId: string) => openBoardOf(page, pipelineId, PIPELINE);

/** The visitor fills the site's form and waits for the thank-you the snippet shows in its place. */
async function submitOnSite(
  visitor: Page,
  site: string,
  fields: { name: string; phone: string; company: string; message: string },
): Promise<void> {
  await visitor.goto(site);
  await visitor.getByLabel('Имя').fill(fields.name);
  await visitor.getByLabel('Телефон').fill(fields.phone);
  await visitor.getByLabel('Компания').fill(fields.company);
  await visitor.getByLabel('Сообщение').fill(fields.message);
  const posted = visitor.waitForResponse(
    (r) => r.url().includes('/submissions') && r.request().method() === 'POST',
  );
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  const response = await posted;
  expect(response.status(), await response.text()).toBe(201);
  await expect(visitor.getByText(THANK_YOU)).toBeVisible();
}

test('a request from the site appears live in «Неразобранное», is accepted into a deal; another is declined', async ({
  browser,
}) => {
  test.slow();
  const site = new StaticSite();
  const origin = await site.start();
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };
  try {
    const admin = await newPage();
    const page = await newPage();
    const visitor = await newPage();
    let pipelineId = '';

    await test.step('the admin adds a manager and a web form for the site, and pastes its code there', async () => {
      await signIn(admin);
      const headers = await xsrfHeader(admin.context());
      const user = await admin.request.post('/api/identity/users', {
        headers,
        data: { ...manager, role: 'Manager' },
      });
      expect(user.status(), await user.text()).toBe(201);
      const pipelines = (await (await admin.request.get('/api/pipelines')).json()) as {
        id: string;
        name: string;
      }[];
      pipelineId = pipelines.find((p) => p.name === PIPELINE)!.id;
      const form = await admin.request.post('/api/inbox/forms', {
        headers,
        data: {
          name: `Заявка с сайта ${run}`,
          pipelineId,
          fields: {
            contactName: 'required',
            phone: 'required',
            email: 'optional',
            companyName: 'optional',
            region: 'off',
            message: 'optional',
          },
          allowedOrigins: [origin],
          thankYou: THANK_YOU,
        },
      });
      expect(form.status(), await form.text()).toBe(201);
      const { id } = (await form.json()) as { id: string };
      const snippet = await admin.request.get(`/api/inbox/forms/${id}/snippet`);
      expect(snippet.status(), await snippet.text()).toBe(200);
      const { html } = (await snippet.json()) as { html: string };
      site.html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сайт компании</title></head><body><h1>Оставьте заявку</h1>${html}</body></html>`;
    });

    await test.step('the manager and the admin have the board open', async () => {
      await signIn(page, manager.email, manager.password);
      await openBoard(page, pipelineId);
      await openBoard(admin, pipelineId);
    });

    const client = `Иван Сайтов ${run}`;
    await test.step('a visitor submits the form on the site', async () => {
      await submitOnSite(visitor, origin, {
        name: client,
        phone: '+7 343 212-34-56',
        company: `ООО Кресла ${run}`,
        message: 'Нужны 20 кресел <b>срочно</b>',
      });
    });

    await test.step('the request appears live in «Неразобранное» for both, with its source and region', async () => {
      const card = requestCard(page, client);
      await expect(card).toBeVisible();
      await expect(card).toContainText('Форма на сайте');
      await expect(card).toContainText('Свердловская обл');
      await expect(card).toContainText(`ООО Кресла ${run}`);
      await expect(requestCard(admin, client)).toBeVisible();
    });

    await test.step('nobody covers the region, so the manager hears of it in the bell, not in a toast', async () => {
      // One announcement: Messaging's kept notification (the interim `requestArrived` toast is gone).
      await expect(page.getByTestId('bell-badge')).toBeVisible();
      await page.getByTestId('bell').click();
      const panel = page.locator('.bell-panel');
      await expect(panel).toContainText(`Новая заявка: ${client}, ООО Кресла ${run}`);
      await expect(page.locator('mat-snack-bar-container')).toHaveCount(0);
      await page.keyboard.press('Escape');
      await expect(panel).toHaveCount(0);
    });

    let dealId = '';
    await test.step('the manager opens it and presses «Принять»: the deal opens, theirs, in «Первичный контакт»', async () => {
      await requestCard(page, client).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('heading', { name: client })).toBeVisible();
      await expect(dialog).toContainText('Свердловская обл');
      await expect(dialog).toContainText('+73432123456');
      await expect(dialog.getByTestId('request-message')).toHaveText(
        'Нужны 20 кресел <b>срочно</b>',
      );
      await dialog.getByText('Исходное сообщение').click();
      await expect(dialog.getByTestId('request-raw')).toContainText('"contactName"');
      const accepted = page.waitForResponse(
        (r) => r.url().endsWith('/accept') && r.request().method() === 'POST',
      );
      await dialog.getByRole('button', { name: 'Принять' }).click();
      const response = await accepted;
      expect(response.status(), await response.text()).toBe(200);
      dealId = ((await response.json()) as { dealId: string }).dealId;
      await expect(page).toHaveURL(new RegExp(`/deals/${dealId}$`));
      await expect(page.getByRole('combobox', { name: 'Этап' })).toContainText(FIRST_CONTACT);
      await expect(page.getByRole('combobox', { name: 'Ответственный' })).toContainText(
        manager.displayName,
      );
    });

    await test.step('the deal card tells the request in «Лента», and «Заявка» opens its card', async () => {
      // The story is in one place: the feed's entry of the accepted request (made from Inbox's
      // event a moment after the accept), not a call to Inbox on every open of the card.
      const entry = page.getByTestId('feed').locator('.entry[data-type="request.accepted"]');
      await expect(entry).toContainText('Принята заявка с сайта');
      await expect(entry.locator('.author')).toHaveText(manager.displayName);
      const facts = entry.getByTestId('request-facts');
      await expect(facts).toContainText(client);
      await expect(facts).toContainText('Свердловская обл');
      await expect(facts.getByRole('link', { name: '+73432123456' })).toHaveAttribute(
        'href',
        'tel:+73432123456',
      );
      await expect(entry.locator('.entry-detail')).toHaveText('Нужны 20 кресел <b>срочно</b>');
      await expect(entry.locator('b')).toHaveCount(0);
      await entry.getByRole('button', { name: 'Заявка' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('heading', { name: client })).toBeVisible();
      await expect(dialog.getByTestId('request-message')).toHaveText(
        'Нужны 20 кресел <b>срочно</b>',
      );
      // Read only: an accepted request offers no «Принять» or «Отклонить».
      await expect(dialog.getByRole('button', { name: 'Принять' })).toHaveCount(0);
      await expect(dialog.getByRole('button', { name: 'Отклонить' })).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Закрыть', exact: true }).click();
      await expect(dialog).toBeHidden();
    });

    await test.step('the request left the admin’s board live', async () => {
      await expect(requestCard(admin, client)).toHaveCount(0);
    });

    await test.step('the contact is in «Списки», the manager’s', async () => {
      // Directory files the contact from the accepted request's event, a moment after the accept.
      await expect(async () => {
        await page.goto(`/lists/contacts?q=${encodeURIComponent(client)}`);
        await expect(page.getByTestId('contacts-table')).toContainText(client, { timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
      await expect(page.getByTestId('contacts-table')).toContainText(manager.displayName);
    });

    const declined = `Пётр Отказов ${run}`;
    await test.step('another request is declined with a reason', async () => {
      await openBoard(page, pipelineId);
      await submitOnSite(visitor, origin, {
        name: declined,
        phone: '+7 343 212-00-00',
        company: `ИП Отказов ${run}`,
        message: 'Продайте один стул',
      });
      await requestCard(page, declined).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Отклонить' }).click();
      await dialog.getByLabel('Причина отказа').fill('Не наш регион');
      const done = page.waitForResponse(
        (r) => r.url().endsWith('/decline') && r.request().method() === 'POST',
      );
      await dialog.getByRole('button', { name: 'Отклонить заявку' }).click();
      expect((await done).status()).toBe(200);
      await expect(dialog).toBeHidden();
      await expect(requestCard(page, declined)).toHaveCount(0);
    });

    await test.step('«Заявки» lists it under «Отклонённые» with the reason and who declined it', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Заявки', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Заявки' })).toBeVisible();
      await page.getByRole('radio', { name: 'Отклонённые' }).click();
      await expect(page).toHaveURL(/status=declined/);
      const row = page.getByTestId('request-row').filter({ hasText: declined });
      await expect(row).toBeVisible();
      await expect(row).toContainText('Не наш регион');
      await expect(row).toContainText(manager.displayName);
      await page.getByRole('radio', { name: 'Принятые' }).click();
      await expect(page.getByTestId('request-row').filter({ hasText: client })).toBeVisible();
    });
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await site.stop();
  }
});
