import { Browser, Page, expect, test } from '@playwright/test';
import { signIn, xsrfHeader } from './session';

/**
 * «Пароль и сеансы» in My settings, end to end: a user created for the test changes the password
 * (a wrong current one is shown at its field), signs out and in with the new one; «Выйти на всех
 * устройствах» ends the session of another browser too.
 */

const run = Date.now();
const user = {
  email: `profile.${run}@e2e.crm.local`,
  displayName: `Профиль E2E ${run}`,
  password: `Old-pass-${run}`,
};
const newPassword = `New-pass-${run}`;

async function newSignedIn(browser: Browser, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user.email, password);
  return page;
}

test('change my password, sign in with it; sign out everywhere ends another browser’s session', async ({
  page,
  browser,
}) => {
  // Five sign-ins (each a password check, slow by design) in two browsers: past 60 s on a loaded machine.
  test.slow();
  await test.step('an admin creates the user', async () => {
    await signIn(page);
    const created = await page.request.post('/api/identity/users', {
      headers: await xsrfHeader(page.context()),
      data: { ...user, role: 'Manager' },
    });
    expect(created.status(), await created.text()).toBe(201);
    await page.context().clearCookies();
  });

  const mine = await newSignedIn(browser, user.password);
  const section = mine.getByRole('region', { name: 'Пароль и сеансы' });

  await test.step('a wrong current password is shown at its field', async () => {
    await mine.goto('/settings/profile');
    await section.getByLabel('Текущий пароль').fill('not-my-password');
    await section.getByLabel('Новый пароль', { exact: true }).fill(newPassword);
    await section.getByLabel('Повторите новый пароль').fill(newPassword + '!');
    await section.getByRole('button', { name: 'Сменить пароль' }).click();
    await expect(section.getByText('Пароли не совпадают')).toBeVisible();
    await section.getByLabel('Повторите новый пароль').fill(newPassword);
    const answered = mine.waitForResponse((r) => r.url().endsWith('/api/identity/me/password'));
    await section.getByRole('button', { name: 'Сменить пароль' }).click();
    expect((await answered).status()).toBe(400);
    await expect(section.getByText('Текущий пароль неверен')).toBeVisible();
  });

  await test.step('the password changes; sign out and in with the new one', async () => {
    await section.getByLabel('Текущий пароль').fill(user.password);
    await section.getByRole('checkbox', { name: 'Отозвать API-токены' }).check();
    await section.getByRole('button', { name: 'Сменить пароль' }).click();
    await expect(mine.getByText('Пароль изменён.', { exact: false })).toBeVisible();
    await expect(section.getByLabel('Текущий пароль')).toHaveValue('');

    await mine.getByTestId('user-menu').click();
    await mine.getByRole('menuitem', { name: 'Выйти' }).click();
    await expect(mine).toHaveURL(/\/sign-in/);
    await mine.getByLabel('E-mail', { exact: true }).fill(user.email);
    await mine.getByLabel(/^(Пароль|Password)$/).fill(user.password);
    await mine.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
    await expect(mine.getByRole('alert')).toHaveText(/\S/);
    await signIn(mine, user.email, newPassword);
  });

  await test.step('sign out everywhere ends the other browser’s session too', async () => {
    const other = await newSignedIn(browser, newPassword);
    await other.goto('/lists/companies');
    await expect(other).toHaveURL(/\/lists\/companies/);

    await mine.goto('/settings/profile');
    await section.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
    const dialog = mine.getByRole('dialog');
    await expect(dialog).toContainText('включая этот');
    await dialog.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
    await expect(mine).toHaveURL(/\/sign-in/);

    await other.goto('/deals');
    await expect(other).toHaveURL(/\/sign-in/);
    await other.context().close();
  });
  await mine.context().close();
});
