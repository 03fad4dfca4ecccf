import { Locator, Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword, signIn, xsrfHeader } from './session';

/**
 * Settings → a pipeline's stages, removing a stage as the admin does it (ADR 0007: Deals decides):
 * an empty stage goes, a stage with a deal in it stays and says why; then the names edited in place
 * (the stage's, the pipeline's). The pipeline, its stages and
 * the deal are made through the API first, so the seeded pipelines other specs use stay as they are.
 */

const run = Date.now();
const PIPELINE = `Воронка для удаления этапов ${run}`;
const EMPTY = 'Пустой этап';
const HOLDING = 'Этап со сделкой';
const RENAMED = 'Этап переименован';

async function post<T>(page: Page, url: string, data: object): Promise<T> {
  const response = await page.request.post(url, {
    headers: await xsrfHeader(page.context()),
    data,
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** A stage's row in the list, found by its remove button (the name is an input's value). */
const row = (page: Page, stage: string): Locator =>
  page
    .locator('li.row')
    .filter({ has: page.getByRole('button', { name: `Удалить этап «${stage}»` }) });

async function remove(page: Page, stage: string): Promise<void> {
  await page.getByRole('button', { name: `Удалить этап «${stage}»` }).click();
  const dialog = page.getByRole('dialog', { name: 'Удалить этап?' });
  await expect(dialog).toContainText(`Удалить этап «${stage}»?`);
  await dialog.getByRole('button', { name: 'Удалить', exact: true }).click();
}

test('the admin removes an empty stage in Settings; a stage holding a deal stays and says why', async ({
  page,
}) => {
  let pipelineId = '';
  await test.step('a pipeline with an empty stage and a stage holding a deal', async () => {
    await signIn(page, adminEmail, adminPassword);
    const pipeline = await post<{ id: string }>(page, '/api/pipelines', {
      name: PIPELINE,
      kind: 'sales',
    });
    pipelineId = pipeline.id;
    const stage = { color: '#4a90e2', kind: 'open', probability: 20 };
    await post(page, `/api/pipelines/${pipelineId}/stages`, { ...stage, name: EMPTY });
    const holding = await post<{ id: string }>(page, `/api/pipelines/${pipelineId}/stages`, {
      ...stage,
      name: HOLDING,
    });
    // Deals hears of the new stage through Pipelines' event; a deal put in it at once waits for that.
    await post(page, '/api/deals', {
      pipelineId,
      stageId: holding.id,
      name: `Сделка в этапе ${run}`,
    });
  });

  await test.step('Settings → the pipeline: both stages listed', async () => {
    await page.goto(`/settings/pipelines/${pipelineId}`);
    await expect(page.getByRole('heading', { level: 1, name: `Этапы: ${PIPELINE}` })).toBeVisible();
    await expect(row(page, EMPTY)).toBeVisible();
    await expect(row(page, HOLDING)).toBeVisible();
  });

  await test.step('removing the empty stage: it disappears', async () => {
    await remove(page, EMPTY);
    await expect(page.getByText(`Этап «${EMPTY}» удалён`)).toBeVisible();
    await expect(row(page, EMPTY)).toHaveCount(0);
    await expect(page.getByLabel(`Название этапа «${EMPTY}»`)).toHaveCount(0);
  });

  await test.step('removing the stage holding a deal: refused, the stage stays with the count', async () => {
    await remove(page, HOLDING);
    await expect(page.getByText('В этапе ещё есть сделки (1)', { exact: false })).toBeVisible();
    await expect(row(page, HOLDING).getByRole('note')).toHaveText(
      'Не удалён: в этапе были сделки (1)',
    );
    await expect(row(page, HOLDING).getByRole('status')).toHaveCount(0);
  });

  await test.step('after a reload the server agrees: one stage gone, the other kept', async () => {
    await page.reload();
    await expect(row(page, HOLDING)).toBeVisible();
    await expect(row(page, EMPTY)).toHaveCount(0);
  });

  await test.step('a stage renamed in place: Esc puts the name back, Enter saves the new one', async () => {
    const name = (stage: string) =>
      page.getByRole('textbox', { name: `Название этапа «${stage}»`, exact: true });
    await name(HOLDING).fill(RENAMED);
    await name(HOLDING).press('Escape');
    await expect(name(HOLDING)).toHaveValue(HOLDING);
    await expect(name(HOLDING)).not.toBeFocused();
    await name(HOLDING).fill(` ${RENAMED} `);
    await name(HOLDING).press('Enter');
    await expect(page.getByText('Этап сохранён')).toBeVisible();
    await expect(name(RENAMED)).toHaveValue(RENAMED);
    await page.reload();
    await expect(name(RENAMED)).toHaveValue(RENAMED);
  });

  await test.step('the pipeline renamed in place on the list: leaving the field saves it', async () => {
    await page.goto('/settings/pipelines');
    const name = page.getByRole('textbox', { name: `Название воронки «${PIPELINE}»`, exact: true });
    await name.fill(`${PIPELINE} (новое имя)`);
    await name.blur();
    await expect(page.getByText('Изменения сохранены')).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole('textbox', {
        name: `Название воронки «${PIPELINE} (новое имя)»`,
        exact: true,
      }),
    ).toBeVisible();
  });
});
