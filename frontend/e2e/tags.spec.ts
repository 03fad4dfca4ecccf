import { Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * Tags («Теги», issue 14): a tag typed into a deal card is created and put on the deal at once, and the
 * deals table, filtered by it in its «Теги» column, keeps that deal and leaves the other.
 */
const run = Date.now();
const TAG = `Горячий ${run}`;
const TAGGED = `С тегом ${run}`;
const PLAIN = `Без тега ${run}`;

/** A pipeline of our own with two deals; returns the id of the one to be tagged. */
async function seed(page: Page): Promise<string> {
  const pipeline = await post<{ id: string; stages: { id: string; kind: string }[] }>(
    page,
    '/api/pipelines',
    { name: `Теги ${run}`, kind: 'sales' },
  );
  const first = pipeline.stages.find((s) => s.kind === 'open')!;
  const tagged = await post<{ id: string }>(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: first.id,
    name: TAGGED,
  });
  await post(page, '/api/deals', { pipelineId: pipeline.id, stageId: first.id, name: PLAIN });
  return tagged.id;
}

const table = (page: Page) => page.getByTestId('deals-table');
const row = (page: Page, name: string) =>
  table(page).locator('tr[data-row]').filter({ hasText: name });

test('a tag added in a deal card filters the deals table', async ({ page }) => {
  let dealId = '';
  await test.step('the deal card: type a new tag, Enter', async () => {
    await signIn(page);
    dealId = await seed(page);
    await page.goto(`/deals/${dealId}`);
    const picker = page.getByTestId('tag-picker');
    await picker.getByRole('combobox', { name: 'Добавить тег' }).fill(TAG);
    await picker.getByRole('combobox', { name: 'Добавить тег' }).press('Enter');
    // the field empties once the tag is made, and with it goes the new tag's colour chip beside it
    await expect(picker.getByRole('combobox', { name: 'Добавить тег' })).toHaveValue('');
    await expect(picker.getByTestId('tag-colour')).toHaveCount(0);
    await expect(picker.getByTestId('tag-chip').filter({ hasText: TAG })).toBeVisible();
    await expect(page.getByText('Теги сохранены')).toBeVisible();
    // saved: read again, the card still has it
    await page.reload();
    await expect(page.getByTestId('tag-picker').getByTestId('tag-chip')).toContainText(TAG);
  });

  await test.step('the deals table filtered by the tag in its «Теги» column', async () => {
    await page.goto('/deals/list?cols=name,tags');
    // the table's own search by name, not the top bar's global search
    await page
      .getByRole('searchbox', { name: 'Поиск по названию сделки', exact: true })
      .fill(String(run));
    await expect(row(page, TAGGED)).toBeVisible();
    await expect(row(page, PLAIN)).toBeVisible();
    await expect(row(page, TAGGED).getByTestId('tag-chip')).toHaveText(TAG);

    await table(page).getByRole('button', { name: 'Фильтр столбца «Теги»' }).click();
    const filter = page.getByTestId('filter-panel');
    await filter.getByRole('checkbox', { name: TAG }).check();
    await filter.getByRole('button', { name: 'Применить' }).click();
    await expect(filter).toBeHidden();
    await expect(page).toHaveURL(/f\.tags=in/);
    await expect(row(page, TAGGED)).toBeVisible();
    await expect(row(page, PLAIN)).toHaveCount(0);
    await expect(page.getByTestId('table-totals')).toContainText('Найдено: 1');
  });
});
