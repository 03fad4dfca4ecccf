import { APIRequestContext, BrowserContext, Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * «Лента» and the bell (issue 13): manager A writes a message to B with @ in a deal's feed; B's
 * bell counts it live; B opens it from the bell and the deal card shows the message in «Лента».
 */
const run = Date.now();
const short = String(run).slice(-6);

interface Person {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

const anna: Person = {
  email: `feed.anna.${run}@e2e.crm.local`,
  displayName: `Анна Лентова ${short}`,
  password: `Manager-anna-${run}!`,
};
/** One word to type after @ that only B's name contains. */
const borisWord = `Лентин${short}`;
const boris: Person = {
  email: `feed.boris.${run}@e2e.crm.local`,
  displayName: `${borisWord} Борис`,
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

async function dealOf(page: Page, name: string): Promise<string> {
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

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, adminEmail, adminPassword);
  await createManager(admin.request, context, anna);
  await createManager(admin.request, context, boris);
  await context.close();
});

test('a message with @ in a deal’s «Лента» reaches the colleague’s bell live and opens the deal', async ({
  browser,
}) => {
  const aContext = await browser.newContext();
  const bContext = await browser.newContext();
  try {
    const a = await aContext.newPage();
    const b = await bContext.newPage();

    // B is signed in elsewhere in the app, with the live connection up (the hub's handshake
    // answered), before A writes.
    const bHub = b.waitForEvent('websocket', (ws) => ws.url().includes('/hubs/crm'));
    await signIn(b, boris.email, boris.password);
    await (await bHub).waitForEvent('framereceived');
    await expect(b.getByTestId('bell')).toBeVisible();
    await expect(b.getByTestId('bell-badge')).toHaveCount(0);

    await signIn(a, anna.email, anna.password);
    const dealName = `Кресла ${run}`;
    const dealId = await dealOf(a, dealName);
    await a.goto(`/deals/${dealId}`);
    await expect(a.getByLabel('Название', { exact: true })).toHaveValue(dealName);

    const feed = a.getByTestId('feed');
    const composer = feed.getByTestId('feed-composer');
    await composer.fill(`Посмотри цену @${borisWord}`);
    await feed.getByRole('option', { name: boris.displayName }).click();
    await expect(composer).toHaveValue(`Посмотри цену @${boris.displayName} `);
    await feed.getByRole('button', { name: 'Отправить' }).click();
    const text = `Посмотри цену @${boris.displayName}`;
    await expect(feed.locator('.entry.message .entry-text')).toHaveText(text);
    await expect(feed.locator('.entry.message .entry-to')).toHaveText(`Кому: ${boris.displayName}`);

    // B's bell counts it live, without a reload.
    await expect(b.getByTestId('bell-badge')).toHaveText('1');
    await b.getByTestId('bell').click();
    await b
      .getByRole('menuitem', { name: `${anna.displayName} упомянул(а) вас в сделке «${dealName}»` })
      .click();
    await expect(b).toHaveURL(new RegExp(`/deals/${dealId}$`));
    await expect(b.getByTestId('feed').locator('.entry.message .entry-text')).toHaveText(text);
    await expect(b.getByTestId('bell-badge')).toHaveCount(0);
  } finally {
    await aContext.close();
    await bContext.close();
  }
});
