import { Locator, Page, expect, test } from '@playwright/test';
import { signIn } from './session';

/**
 * Companies and contacts from the deal form (issues 4 and 9), against the real backend: the
 * admin quick-adds a deal with a new company and a new contact (name and phone) → both are
 * added to «Списки» first and the deal is linked; on a second deal, typing part of that phone
 * in another format suggests the existing contact, and picking it links the same contact; on
 * a third, a «new» contact typed with that phone is not created twice: «Списки» offer the
 * existing one («Использовать»), and the deal takes it.
 */
const PIPELINE = 'Новые дилеры';
const FIRST_CONTACT = 'Первичный контакт';

const run = Date.now();
// A mobile number of this run: +7 916 DDD-DD-DD.
const digits = String(run).slice(-7);
const phoneTyped = `8 916 ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
const phonePartOtherFormat = `+7 (916) ${digits.slice(0, 3)} ${digits.slice(3, 5)}`;
const companyName = `ООО «Ромашка ${run}»`;
const contactName = `Иванов Пётр ${run}`;
const firstDeal = `Поставка труб ${run}`;
const secondDeal = `Повторный заказ ${run}`;
const thirdDeal = `Третий заказ ${run}`;
const phoneOtherFormat = `+7 (916) ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;

async function openPipeline(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: /^(Сделки|Deals)$/ })
    .hover();
  await page.getByRole('menuitem', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

const column = (page: Page, stage: string): Locator =>
  page.getByRole('region', { name: stage, exact: true });

async function openQuickAdd(page: Page): Promise<Locator> {
  const stage = column(page, FIRST_CONTACT);
  await stage.getByRole('button', { name: `Быстрое добавление: ${FIRST_CONTACT}` }).click();
  const form = stage.getByRole('form', { name: `Быстрое добавление: ${FIRST_CONTACT}` });
  await expect(form.getByLabel('Название', { exact: true })).toBeFocused();
  return form;
}

interface CreatedDeal {
  id: string;
  companyId: string | null;
  companyName: string | null;
  contacts: { contactId: string; name: string; isMain: boolean }[];
}

async function saveQuickAdd(page: Page, form: Locator): Promise<CreatedDeal> {
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/deals') && r.request().method() === 'POST',
  );
  await form.getByRole('button', { name: 'Добавить' }).click();
  const response = await created;
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedDeal;
}

/** Search «Списки» until the row is there. */
async function findInList(page: Page, tab: 'Компании' | 'Контакты', query: string, name: string) {
  await page
    .getByRole('navigation', { name: 'Разделы' })
    .getByRole('link', { name: 'Списки' })
    .click();
  await page.getByRole('tab', { name: tab }).click();
  const table = page.getByRole('table', { name: tab });
  await expect(async () => {
    const search = page.getByLabel('Поиск и фильтр', { exact: true });
    await search.fill('');
    await search.fill(query);
    await search.press('Enter');
    await expect(table.getByRole('link', { name, exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return table;
}

test('a deal with a new company and contact fills «Списки»; the phone in another format finds the contact', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let first: CreatedDeal | null = null;

  await test.step('the admin opens «Новые дилеры»', async () => {
    await signIn(page);
    await openPipeline(page, PIPELINE);
  });

  await test.step('quick add: a new company and a new contact with a phone', async () => {
    const form = await openQuickAdd(page);
    await form.getByLabel('Название', { exact: true }).fill(firstDeal);
    await form.getByLabel('Бюджет', { exact: true }).fill('250000');
    await form.getByLabel('Компания', { exact: true }).fill(companyName);
    await form.getByLabel('Контакт', { exact: true }).fill(contactName);
    await form.getByLabel('Телефон контакта', { exact: true }).fill(phoneTyped);
    await expect(form.getByText('Будет создана новая компания')).toBeVisible();
    await expect(form.getByText('Будет создан новый контакт')).toBeVisible();

    first = await saveQuickAdd(page, form);
    expect(first.companyId).toBeTruthy();
    expect(first.companyName).toBe(companyName);
    expect(first.contacts).toEqual([expect.objectContaining({ name: contactName, isMain: true })]);
    const card = column(page, FIRST_CONTACT)
      .getByTestId('deal-card')
      .filter({ hasText: firstDeal });
    await expect(card).toContainText(companyName);
    await form.press('Escape');
  });

  await test.step('the company is in «Списки» → «Компании», with the deal linked', async () => {
    const table = await findInList(page, 'Компании', companyName, companyName);
    await table.getByRole('link', { name: companyName, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/lists/companies/${first!.companyId}$`));
    await expect(page.getByRole('heading', { level: 1, name: companyName })).toBeVisible();
    await expect(
      page.getByTestId('linked-deals').getByRole('link', { name: firstDeal }),
    ).toBeVisible();
  });

  await test.step('the contact is in «Контакты» with the phone normalised, and the deal linked', async () => {
    // Found by the phone typed in yet another format.
    const table = await findInList(page, 'Контакты', `916${digits}`, contactName);
    const row = table.getByRole('row').filter({ hasText: contactName });
    await expect(row).toContainText(digits.slice(0, 3));
    await table.getByRole('link', { name: contactName, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/lists/contacts/${first!.contacts[0].contactId}$`));
    await expect(page.getByRole('heading', { level: 1, name: contactName })).toBeVisible();
    // Back returns to the same search (it lives in the URL).
    await page.goBack();
    await expect(page).toHaveURL(/\/lists\/contacts\?q=/);
    await expect(page.getByLabel('Поиск и фильтр', { exact: true })).toHaveValue(`916${digits}`);
    await table.getByRole('link', { name: contactName, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: contactName })).toBeVisible();
    const deals = page.getByTestId('linked-deals');
    await expect(deals.getByRole('link', { name: firstDeal })).toBeVisible();

    await deals.getByRole('link', { name: firstDeal }).click();
    await expect(page).toHaveURL(new RegExp(`/deals/${first!.id}$`));
    const contact = page.getByTestId('deal-contact').filter({ hasText: contactName });
    await expect(contact.getByLabel('Основной контакт')).toBeVisible();
    await expect(contact).toContainText(digits.slice(0, 3));
  });

  await test.step('a second deal: part of the phone in another format suggests the contact', async () => {
    await openPipeline(page, PIPELINE);
    const form = await openQuickAdd(page);
    await form.getByLabel('Название', { exact: true }).fill(secondDeal);
    await form.getByLabel('Контакт', { exact: true }).pressSequentially(phonePartOtherFormat, {
      delay: 20,
    });
    const option = page.getByRole('option').filter({ hasText: contactName });
    await expect(option).toBeVisible();
    await expect(option).toContainText('совпал телефон');
    await option.click();
    await expect(form.getByLabel('Контакт', { exact: true })).toHaveValue(contactName);
    await expect(form.getByText('Выбрана запись из «Списков»')).toBeVisible();
    await expect(form.getByText('Будет создан новый контакт')).toHaveCount(0);

    const second = await saveQuickAdd(page, form);
    expect(second.contacts).toEqual([
      expect.objectContaining({ contactId: first!.contacts[0].contactId, isMain: true }),
    ]);
    await form.press('Escape');
  });

  await test.step('a third deal: the same phone typed for a new contact offers the existing one', async () => {
    const form = await openQuickAdd(page);
    await form.getByLabel('Название', { exact: true }).fill(thirdDeal);
    await form.getByLabel('Контакт', { exact: true }).fill(`Петров ${run}`);
    await form.getByLabel('Телефон контакта', { exact: true }).fill(phoneOtherFormat);
    const conflict = page.waitForResponse(
      (r) => r.url().endsWith('/api/directory/contacts') && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Добавить' }).click();
    expect((await conflict).status()).toBe(409);

    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('В «Списках» уже есть похожие записи');
    await expect(dialog).toContainText(contactName);
    await expect(dialog).toContainText('совпал телефон');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/deals') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: `Использовать «${contactName}»` }).click();
    const response = await created;
    expect(response.status(), await response.text()).toBe(201);
    const third = (await response.json()) as CreatedDeal;
    expect(third.contacts).toEqual([
      expect.objectContaining({ contactId: first!.contacts[0].contactId, name: contactName }),
    ]);
  });
});
