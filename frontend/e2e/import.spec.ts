import { expect, test } from '@playwright/test';
import { signIn } from './session';

/**
 * «Списки» → «Контакты»: «Импорт» of 200 contacts from a CSV (issue 14, item 7) with the mapping chosen,
 * the preview's errors, the progress bar and the report of the refused rows; then «Экспорт» of the view
 * (a search that selects exactly those contacts) read back as CSV.
 */
const run = Date.now();

function csv(): string {
  const lines = ['Клиент;Мобильный;Заметка'];
  for (let i = 1; i <= 200; i++) {
    // every 50th row has a phone no one can call: the report must list exactly those 4
    const phone =
      i % 50 === 0
        ? '12'
        : `+7 928 ${String(run % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`;
    lines.push(`Импорт ${run} ${String(i).padStart(3, '0')};${phone};x`);
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

test('«Импорт» of 200 contacts with a mapping shows the progress and the report; «Экспорт» reads them back', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page);
  await page.goto('/lists/contacts');

  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'contacts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv(), 'utf8'),
  });
  // "Клиент" names no field: the user maps it to «Имя»; «Мобильный» is guessed as the phone
  await page.getByTestId('map-fullName').click();
  await page.getByRole('option', { name: 'Клиент', exact: true }).click();
  await expect(page.getByText('всего строк: 200')).toBeVisible();
  await expect(page.getByText('Телефон «12»')).toHaveCount(0); // the first 20 rows are fine
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('import-status')).toHaveText('Импорт завершён', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('import-result')).toContainText('Создано: 196');
  await expect(page.getByTestId('import-result')).toContainText('отклонено: 4');

  const reportDownload = page.waitForEvent('download');
  await page.getByTestId('import-report').click();
  const { readFileSync } = await import('node:fs');
  const report = readFileSync((await (await reportDownload).path())!, 'utf8');
  const reportRows = report
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1);
  expect(reportRows.map((r) => r.split(',')[0])).toEqual(['51', '101', '151', '201']);

  await page.getByRole('button', { name: 'Закрыть' }).click();
  // the list's own «Поиск и фильтр», not the top bar's global search
  await page.getByRole('searchbox', { name: 'Поиск и фильтр', exact: true }).fill(`Импорт ${run}`);
  await expect(page).toHaveURL(/q=/);

  await page.getByTestId('export-menu').click();
  const exportDownload = page.waitForEvent('download');
  await page.getByTestId('export-csv-semicolon').click();
  const file = await (await exportDownload).path();
  const text = readFileSync(file!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows = text.slice(1).trim().split('\r\n');
  expect(rows[0].split(';')[0]).toBe('Имя');
  expect(rows).toHaveLength(197);
  expect(rows[1].split(';')[0]).toBe(`Импорт ${run} 001`);
});

/**
 * «Сделки» → «Список»: «Импорт» of deals (issue 14, item 7) into the first pipeline, each with its company and
 * phone; a row whose budget is no number is refused with its reason; the deals come with their companies,
 * filed by the Lists and linked a moment later.
 */
test('«Импорт» of deals in the deals table creates them and links the companies the Lists filed', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page);
  await page.goto('/deals/list');

  const lines = ['Название;Бюджет;Компания;Телефон'];
  for (let i = 1; i <= 30; i++) {
    const budget = i === 7 ? 'много' : String(1000 * i);
    const phone = `+7 929 ${String(run % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`;
    lines.push(`Сделка ${run} ${String(i).padStart(2, '0')};${budget};Компания ${run};${phone}`);
  }
  await page.getByTestId('import-open').click();
  await expect(page.getByRole('heading', { name: 'Импорт сделок' })).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({
    name: 'deals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8'),
  });
  await expect(page.getByText('всего строк: 30')).toBeVisible();
  await expect(page.getByText('Бюджет «много»')).toBeVisible(); // the preview shows the bad row's reason
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('import-status')).toHaveText('Импорт завершён', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('import-result')).toContainText('Создано: 29');
  await expect(page.getByTestId('import-result')).toContainText('отклонено: 1');
  await expect(page.getByTestId('import-report')).toBeVisible();
  await page.getByRole('button', { name: 'Закрыть' }).click();

  await page.goto(`/deals/list?f.name=~${run}`);
  const row = page
    .getByTestId('deals-table')
    .locator('tr[data-row]')
    .filter({ hasText: `Сделка ${run} 01` });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(`Компания ${run}`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});
