import { ConsoleMessage, expect, test } from '@playwright/test';

/**
 * A visitor who is not signed in is a normal state, not an error: opening the app or the sign-in
 * page logs nothing red in the browser console (the start-up probe answers 200 "not signed in",
 * docs/identity-api.md), and no request fails.
 */
for (const path of ['/sign-in', '/', '/deals']) {
  test(`an anonymous load of ${path} logs no console error`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      }
    });

    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Вход в CRM' })).toBeVisible();
    await expect(page.getByLabel('E-mail', { exact: true })).toBeVisible();
    await page.waitForLoadState('networkidle');

    expect(errors).toEqual([]);
  });
}
