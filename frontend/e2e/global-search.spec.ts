import { expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * Issue 14's global search: one field in the top bar finds deals, companies, contacts and tasks
 * as the user types (Cyrillic, «ё» = «е», a phone in another format), deals first, walked by the
 * keyboard; Enter with nothing chosen opens the full results page.
 */
const run = String(Date.now()).slice(-9);
const CALL = '0193a000-0000-7000-8000-000000000001';

interface Stage {
  id: string;
  kind: string;
}

test('the top bar finds a deal, company, contact and task by one query, by keyboard and on the results page', async ({
  page,
}) => {
  await signIn(page);
  const mobile = `916${run.slice(-7)}`;
  const company = await post<{ id: string }>(page, '/api/directory/companies', {
    name: `${run} Ёлочка`,
    phones: [{ number: `+7${mobile}`, type: 'work' }],
  });
  const contact = await post<{ id: string }>(page, '/api/directory/contacts', {
    fullName: `${run} Ёлкин Пётр`,
    companyId: company.id,
    emails: [{ address: `petr-${run}@elochka.ru`, type: 'work' }],
  });
  const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
    id: string;
    kind: string;
    stages: Stage[];
  }[];
  const pipeline = pipelines.find((p) => p.kind === 'sales')!;
  const stage = pipeline.stages.find((s) => s.kind === 'open')!;
  const deal = await post<{ id: string }>(page, '/api/deals', {
    pipelineId: pipeline.id,
    stageId: stage.id,
    name: `${run} Ёлки к празднику`,
    companyId: company.id,
  });
  await post(page, '/api/tasks', {
    typeId: CALL,
    text: `${run} позвонить про ёлки`,
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    linkKind: 'contact',
    linkId: contact.id,
  });

  await page.goto('/deals');
  const field = page.getByRole('combobox', { name: /Поиск по сделкам/ });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(); // the board has loaded
  await page.keyboard.press('Control+k');
  await expect(field).toBeFocused();
  await field.fill(`${run} ел`); // «е» finds «ё»
  const panel = page.getByTestId('global-search-panel');
  await expect(panel.getByRole('group')).toHaveText([
    /^\s*Сделки/,
    /^\s*Компании/,
    /^\s*Контакты/,
    /^\s*Задачи/,
  ]);
  await expect(panel.getByRole('option')).toHaveText([
    new RegExp(`${run} Ёлки к празднику`),
    new RegExp(`${run} Ёлочка`),
    new RegExp(`${run} Ёлкин Пётр`),
    new RegExp(`${run} позвонить про ёлки`),
  ]);

  await field.press('ArrowDown');
  await expect(panel.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await field.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`${run} Ёлки к празднику`) }),
  ).toBeAttached();

  // the company's phone as dialled at home finds it
  await field.click();
  await field.fill(`8 (${mobile.slice(0, 3)}) ${mobile.slice(3, 6)}-${mobile.slice(6, 8)}`);
  const byPhone = panel.getByRole('option', { name: new RegExp(`${run} Ёлочка`) });
  await expect(byPhone).toBeVisible();
  await byPhone.click();
  await expect(page).toHaveURL(new RegExp(`/lists/companies/${company.id}$`));

  // Enter with nothing chosen: the full results page
  await field.click();
  await field.fill(`${run} ЁЛ`);
  await expect(panel.getByRole('option')).toHaveCount(4);
  await field.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const results = page.locator('section.group');
  await expect(results).toHaveCount(4);
  await page.getByRole('link', { name: `${run} позвонить про ёлки` }).click();
  await expect(page).toHaveURL(new RegExp(`/lists/contacts/${contact.id}$`));
});
