import { BrowserContext, Page, expect } from '@playwright/test';

/** The seeded admin every spec signs in as (build/test.sh passes the same values to the app). */
export const adminEmail = process.env['E2E_ADMIN_EMAIL'] ?? 'admin@crm.local';
export const adminPassword = process.env['E2E_ADMIN_PASSWORD'] ?? 'Change-me-admin-1';

/** Signs in through the form, as a user does, and waits for the app's user menu. */
export async function signIn(
  page: Page,
  email: string = adminEmail,
  password: string = adminPassword,
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  // A sign-in checks a password (PBKDF2, by design slow, one at a time per core) and then loads the
  // shell; the first one after the app starts also warms it up, which on a loaded 2-core CI runner
  // has taken longer than the default 10 s.
  await expect(page.getByTestId('user-menu')).toBeVisible({ timeout: 30_000 });
}

/** Unsafe calls with the session cookie need the XSRF-TOKEN cookie echoed in a header. */
export async function xsrfHeader(context: BrowserContext): Promise<Record<string, string>> {
  const cookie = (await context.cookies()).find((c) => c.name === 'XSRF-TOKEN');
  expect(cookie, 'the XSRF-TOKEN cookie after sign-in').toBeTruthy();
  return { 'X-XSRF-TOKEN': decodeURIComponent(cookie!.value) };
}

/**
 * POSTs until the server answers 201 and returns the body: a module waits for another's event
 * about something created a moment ago (Deals for Pipelines' new pipeline or stage).
 */
export async function postCreated<T>(page: Page, url: string, data: object): Promise<T> {
  const headers = await xsrfHeader(page.context());
  let body: T | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.post(url, { headers, data });
        if (response.status() === 201) {
          body = (await response.json()) as T;
        }
        return response.status();
      },
      { timeout: 15_000 },
    )
    .toBe(201);
  return body!;
}
