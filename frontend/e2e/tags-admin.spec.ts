import { Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn, xsrfHeader } from './session';

/**
 * Settings → «Теги» (issue 14's follow-up): an admin renames and recolours a deal tag, the deal card shows
 * it so, then the admin deletes it, told how many deals carry it, and it leaves the deal.
 */
const run = Date.now();
const OLD = `Старый ${run}`;
const NEW = `Тёплый ${run}`;

/** A pipeline of our own with a deal carrying a green tag; returns the deal's id. */
async function seed(page: Page): Promise<string> {
  const pipeline = await post<{ id: string; stages: { id: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: `Теги-настройки ${run}`, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  const deal = await post<{ id: string }>(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: first.id,
    name: `Сделка с тегом ${run}`,
  });
  const tag = await post<{ id: string }>(page, '/api/deals/tags', {
    name: OLD,
    colour: 'green',
  });
  const tagged = await page.request.put(`/api/deals/${deal.id}/tags`, {
    headers: await xsrfHeader(page.context()),
    data: { tagIds: [tag.id] },
  });
  expect(tagged.status()).toBe(200);
  return deal.id;
}

/** The screen's list, narrowed to this run's tags by its own search field (not the top bar's). */
async function openTagsScreen(page: Page): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('link', { name: /^Теги/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Теги' })).toBeVisible();
  await expect(page.getByTestId('tags-admin')).toBeVisible();
  // the sentinel: the list's answer to the search (typed, then read after a short pause)
  const searched = page.waitForResponse(
    (r) => r.url().includes('/api/deals/tags?') && r.url().includes(`q=${run}`),
  );
  await page.getByTestId('tags-admin-find').fill(String(run));
  await searched;
}

const row = (page: Page, name: string) =>
  page
    .getByTestId('tags-admin')
    .getByTestId('tag-row')
    .filter({ has: page.getByRole('textbox', { name: `Название тега «${name}»` }) });

const cardChip = (page: Page) => page.getByTestId('tag-picker').getByTestId('tag-chip');

test('an admin renames and recolours a tag on «Теги», the deal card shows it, then deletes it', async ({
  page,
}) => {
  let dealId = '';
  await test.step('«Теги»: rename, then recolour from the chip', async () => {
    await signIn(page);
    dealId = await seed(page);
    await openTagsScreen(page);
    await expect(row(page, OLD)).toHaveCount(1);
    await expect(row(page, OLD).getByTestId('tag-chip')).toHaveAttribute('data-colour', 'green');

    const name = row(page, OLD).getByRole('textbox');
    await name.fill(NEW);
    await name.press('Enter');
    await expect(page.getByText(`Тег «${NEW}» сохранён`)).toBeVisible();
    await expect(row(page, NEW).getByTestId('tag-chip')).toHaveText(NEW);

    await row(page, NEW)
      .getByRole('button', { name: `Цвет тега «${NEW}»: Зелёный` })
      .click();
    await page.getByRole('menuitemradio', { name: 'Фиолетовый' }).click();
    await expect(row(page, NEW).getByTestId('tag-chip')).toHaveAttribute('data-colour', 'purple');
    await expect(
      row(page, NEW).getByRole('button', { name: `Цвет тега «${NEW}»: Фиолетовый` }),
    ).toBeVisible();
  });

  await test.step('the deal card shows the new name in the new colour', async () => {
    await page.goto(`/deals/${dealId}`);
    // the chip reads the name, then its × («close»)
    await expect(cardChip(page)).toContainText(NEW);
    await expect(cardChip(page)).toHaveAttribute('data-colour', 'purple');
  });

  await test.step('«Теги»: delete after the warning; the deal no longer has it', async () => {
    await openTagsScreen(page);
    await row(page, NEW)
      .getByRole('button', { name: `Удалить тег «${NEW}»` })
      .click();
    const dialog = page.getByRole('dialog');
    // the count the list was read with: the one deal of the seed
    await expect(dialog).toContainText(`Тег «${NEW}» будет снят с 1 сделки.`);
    await dialog.getByRole('button', { name: 'Удалить' }).click();
    await expect(page.getByText(`Тег «${NEW}» удалён`)).toBeVisible();
    await expect(row(page, NEW)).toHaveCount(0);

    await page.goto(`/deals/${dealId}`);
    await expect(page.getByTestId('tag-picker')).toBeVisible();
    await expect(cardChip(page)).toHaveCount(0);
  });
});
