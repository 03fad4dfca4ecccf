import { APIRequestContext, BrowserContext, Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * The team chat (issue 13): managers A and B signed in in two browsers. A writes in «Отдел продаж»:
 * B's chat icon and the channel's badge count it live; B opens the channel and the counts clear;
 * B's reply reaches A live; HTML in a message stays text; a deal's link shows the deal's name and
 * opens its card; a private channel of A without B is not B's to see.
 */
const run = Date.now();
const short = String(run).slice(-6);
const SALES = 'Отдел продаж';

interface Person {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

const anna: Person = {
  email: `chat.anna.${run}@e2e.crm.local`,
  displayName: `Анна Чатова ${short}`,
  password: `Manager-anna-${run}!`,
};
const boris: Person = {
  email: `chat.boris.${run}@e2e.crm.local`,
  displayName: `Борис Чатов ${short}`,
  password: `Manager-boris-${run}!`,
};

interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly stages: { readonly id: string; readonly kind: string }[];
}

async function createManager(request: APIRequestContext, context: BrowserContext, who: Person) {
  const response = await request.post('/api/identity/users', {
    headers: await xsrfHeader(context),
    data: { ...who, role: 'Manager' },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Signs in and waits until the live connection has answered its handshake. */
async function signInLive(page: Page, who: Person): Promise<void> {
  const hub = page.waitForEvent('websocket', (ws) => ws.url().includes('/hubs/crm'));
  await signIn(page, who.email, who.password);
  await (await hub).waitForEvent('framereceived');
}

/** Whatever is unread for a new user (messages written before they came) is read first. */
async function readEverything(page: Page): Promise<void> {
  const list = (await (await page.request.get('/api/messaging/channels')).json()) as {
    items: { id: string; unread: number }[];
  };
  for (const channel of list.items.filter((c) => c.unread > 0)) {
    const read = await page.request.post(`/api/messaging/channels/${channel.id}/read`, {
      headers: await xsrfHeader(page.context()),
    });
    expect(read.status(), await read.text()).toBe(200);
  }
}

const channelLink = (page: Page, name: string) =>
  page.getByTestId('chat-channel').filter({ hasText: name });

/** Opens a channel from the list and waits for its history to be shown. */
async function openChannel(page: Page, name: string): Promise<void> {
  const history = page.waitForResponse(
    (r) => /\/api\/messaging\/channels\/[^/]+\/messages/.test(r.url()) && r.ok(),
  );
  await channelLink(page, name).click();
  await history;
  await expect(page.getByTestId('chat-room-name')).toHaveText(name);
}

async function write(page: Page, text: string): Promise<void> {
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/messages$/.test(r.url()),
  );
  const composer = page.getByTestId('chat-composer');
  await composer.fill(text);
  await composer.press('Enter');
  expect((await posted).status()).toBe(201);
  await expect(composer).toHaveValue('');
}

const lastText = (page: Page) => page.getByTestId('chat-message-text').last();

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, adminEmail, adminPassword);
  await createManager(admin.request, context, anna);
  await createManager(admin.request, context, boris);
  await context.close();
});

test('«Отдел продаж»: unread counts go up live and clear on reading; replies, HTML as text, deal links', async ({
  browser,
}) => {
  const aContext = await browser.newContext();
  const bContext = await browser.newContext();
  try {
    const a = await aContext.newPage();
    const b = await bContext.newPage();

    await signInLive(b, boris);
    await readEverything(b);
    const bHub = b.waitForEvent('websocket', (ws) => ws.url().includes('/hubs/crm'));
    await b.goto('/chat');
    await (await bHub).waitForEvent('framereceived');
    await expect(channelLink(b, SALES)).toBeVisible();
    await expect(b.getByTestId('chat-badge')).toHaveCount(0);
    await expect(channelLink(b, SALES).getByTestId('channel-unread')).toHaveCount(0);

    await signInLive(a, anna);
    await a.getByTestId('chat-link').click();
    await openChannel(a, SALES);
    const hello = `Кто возьмёт звонок ${short}?\nКлиент ждёт`;
    await write(a, hello);
    await expect(lastText(a)).toHaveText(hello);

    // B counts it live, on the chat icon and on the channel.
    await expect(b.getByTestId('chat-badge')).toHaveText('1');
    await expect(channelLink(b, SALES).getByTestId('channel-unread')).toHaveText('1');

    // B opens the channel: the message is there, the counts clear.
    await openChannel(b, SALES);
    await expect(lastText(b)).toHaveText(hello);
    await expect(b.getByTestId('chat-badge')).toHaveCount(0);
    await expect(channelLink(b, SALES).getByTestId('channel-unread')).toHaveCount(0);

    // B replies: A, reading the channel, sees it live and has nothing unread.
    const reply = `Беру, ${anna.displayName}`;
    await write(b, reply);
    await expect(lastText(a)).toHaveText(reply);
    await expect(a.getByTestId('chat-badge')).toHaveCount(0);

    // HTML in a message is text: no element is made of it, no script runs.
    const html = `<img src=x onerror="window.chatXss=1"><b>${short}</b><script>window.chatXss=2</script>`;
    await write(a, html);
    await expect(lastText(b)).toHaveText(html);
    await expect(b.getByTestId('chat-messages').locator('img, b, script')).toHaveCount(0);
    expect(await b.evaluate(() => (window as { chatXss?: number }).chatXss)).toBeUndefined();

    // A deal's link is shown by the deal's name and opens its card.
    const dealName = `Кресла в чате ${run}`;
    const dealId = await dealOf(a, dealName);
    await write(a, `Смотри ${new URL(`/deals/${dealId}`, a.url()).href}`);
    const dealLink = b.getByTestId('chat-messages').getByRole('link', { name: dealName });
    await expect(dealLink).toBeVisible();
    await dealLink.click();
    await expect(b).toHaveURL(new RegExp(`/deals/${dealId}$`));
    await expect(b.getByLabel('Название', { exact: true })).toHaveValue(dealName);
  } finally {
    await aContext.close();
    await bContext.close();
  }
});

test('a private channel of A without B: B neither sees it nor reads it', async ({ browser }) => {
  const aContext = await browser.newContext();
  const bContext = await browser.newContext();
  try {
    const a = await aContext.newPage();
    const b = await bContext.newPage();
    await signInLive(a, anna);
    await signInLive(b, boris);
    await readEverything(b);

    await a.getByTestId('chat-link').click();
    const name = `Тендер ${short}`;
    await a.getByRole('button', { name: 'Создать канал' }).click();
    const dialog = a.getByRole('dialog');
    await dialog.getByLabel('Название канала').fill(name);
    await dialog.getByRole('radio', { name: 'Закрытый: только участники' }).check();
    await dialog.getByRole('button', { name: 'Создать', exact: true }).click();
    await expect(a.getByTestId('chat-room-name')).toHaveText(name);
    const privateId = new URL(a.url()).searchParams.get('channel')!;
    expect(privateId).toBeTruthy();
    await write(a, `Только для меня ${short}`);
    await expect(channelLink(a, name)).toBeVisible();

    // A public message after it: once B has that one live, the private one would have come first.
    const sentinel = `После закрытого ${short}`;
    await openChannel(a, SALES);
    await write(a, sentinel);
    await expect(b.getByTestId('chat-badge')).toHaveText('1');

    await b.getByTestId('chat-link').click();
    await expect(channelLink(b, SALES)).toBeVisible();
    await expect(channelLink(b, name)).toHaveCount(0);
    const history = await b.request.get(`/api/messaging/channels/${privateId}/messages`);
    expect(history.status()).toBe(403);
    await b.goto(`/chat?channel=${privateId}`);
    await expect(b.getByRole('alert')).toContainText('закрытый разговор');
    await expect(b.getByTestId('chat-message')).toHaveCount(0);
  } finally {
    await aContext.close();
    await bContext.close();
  }
});

/** A deal made through the API, once Messaging knows it (its «Лента» tells of its making). */
async function dealOf(page: Page, name: string): Promise<string> {
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as Pipeline[];
  const dealers = pipelines.find((p) => p.name === 'Новые дилеры')!;
  const stage = dealers.stages.find((s) => s.kind === 'open')!;
  const created = await page.request.post('/api/deals', {
    headers: await xsrfHeader(page.context()),
    data: { pipelineId: dealers.id, stageId: stage.id, name },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  // The deal's card, in a page of its own, until «Лента» tells of the deal's making (the same
  // handler keeps Messaging's copy of the deal that names it in chat messages).
  const card = await page.context().newPage();
  await card.goto(`/deals/${id}`);
  await expect(card.getByTestId('feed').locator('[data-type="deal.created"]')).toBeVisible();
  await card.close();
  return id;
}
