import { Page, expect, test } from '@playwright/test';
import { adminEmail, adminPassword } from './session';

/**
 * The Identity foundation, end to end against the real backend and database:
 * sign-in with the way back, the language switch saved to the user's settings, an admin
 * adding a manager, and what a manager sees.
 */

const run = Date.now();
const manager = {
  email: `manager.${run}@e2e.crm.local`,
  name: `Менеджер E2E ${run}`,
  password: `Manager-${run}!`,
};

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
}

async function chooseLanguage(page: Page, language: 'Русский' | 'English'): Promise<void> {
  await page.getByTestId('user-menu').click();
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/identity/me/settings') && response.request().method() === 'PUT',
  );
  await page.getByRole('menuitemradio', { name: language }).click();
  expect((await saved).status()).toBe(200);
}

test('admin switches language, adds a manager; the manager sees the shell without admin pages', async ({
  page,
}) => {
  const rail = page.getByRole('navigation');

  await test.step('a wrong password shows the server message', async () => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Вход в CRM' })).toBeVisible();
    await signIn(page, `nobody.${run}@e2e.crm.local`, 'wrong-password');
    await expect(page.getByRole('alert')).toHaveText(/\S/);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  await test.step('an unauthenticated visit to the users page asks to sign in, then returns there', async () => {
    await page.goto('/settings/users');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fsettings%2Fusers/);
    await signIn(page, adminEmail, adminPassword);
    await expect(page).toHaveURL(/\/settings\/users$/);
    await expect(page.getByRole('heading', { name: 'Пользователи', level: 1 })).toBeVisible();
    for (const section of ['Сделки', 'Задачи', 'Списки', 'Заявки', 'Отчёты', 'Настройки', 'Чат']) {
      await expect(rail.getByRole('link', { name: section, exact: true })).toBeVisible();
    }
  });

  await test.step('switching to English changes the labels at once and is saved', async () => {
    await chooseLanguage(page, 'English');
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add user' })).toBeVisible();
    for (const section of ['Deals', 'Tasks', 'Lists', 'Inbox', 'Reports', 'Settings', 'Chat']) {
      await expect(rail.getByRole('link', { name: section, exact: true })).toBeVisible();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // The choice lives in the user's settings on the server, not only in this browser.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  });

  await test.step('switching back to Russian', async () => {
    await chooseLanguage(page, 'Русский');
    await expect(page.getByRole('heading', { name: 'Пользователи', level: 1 })).toBeVisible();
    await expect(rail.getByRole('link', { name: 'Сделки', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  });

  await test.step('the admin adds a manager', async () => {
    await page.getByRole('button', { name: 'Добавить пользователя' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('E-mail', { exact: true }).fill(manager.email);
    await dialog.getByLabel('Имя и фамилия').fill(manager.name);
    await dialog.getByRole('combobox', { name: 'Роль' }).click();
    await page.getByRole('option', { name: 'Менеджер', exact: true }).click();
    await dialog.getByLabel('Пароль', { exact: true }).fill(manager.password);

    const created = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/identity/users') && response.request().method() === 'POST',
    );
    await dialog.getByLabel('Пароль', { exact: true }).press('Enter');
    expect((await created).status()).toBe(201);
    await expect(dialog).toBeHidden();

    const row = page.getByRole('row', { name: new RegExp(manager.email.replace(/\./g, '\\.')) });
    await expect(row).toBeVisible();
    await expect(row).toContainText(manager.name);
    await expect(row).toContainText('Менеджер');
  });

  await test.step('the admin signs out', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/deals');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fdeals/);
  });

  await test.step('the manager signs in and sees the shell, without the users page', async () => {
    await signIn(page, manager.email, manager.password);
    // /deals opens the board of the last (or first) pipeline.
    await expect(page).toHaveURL(/\/deals(\/pipeline\/[0-9a-f-]+)?$/);
    await expect(page.getByTestId('user-menu')).toContainText(manager.name);
    await expect(page.getByTestId('user-menu')).toContainText(/Менеджер|Manager/);
    await expect(rail.getByRole('link', { name: /^(Сделки|Deals)$/ })).toBeVisible();
    await expect(rail.getByRole('link', { name: /^(Чат|Chat)$/ })).toBeVisible();
    await expect(rail.getByRole('link', { name: /^(Сделки|Deals)$/ })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    await rail.getByRole('link', { name: /^(Настройки|Settings)$/ }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('link', { name: /^(Мои настройки|My settings)/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /^(Пользователи|Users)/ })).toHaveCount(0);

    // Typing the address does not help either.
    await page.goto('/settings/users');
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('link', { name: /^(Пользователи|Users)/ })).toHaveCount(0);
  });
});
