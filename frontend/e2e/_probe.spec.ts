import { test } from '@playwright/test';
import { signIn } from './session';
test('probe', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: /^(Сделки|Deals)$/ }).hover();
  await page.getByRole('menuitem', { name: 'Новые дилеры' }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/board.png' });
  const info = await page.evaluate(() => {
    const c = document.querySelector('.columns') as HTMLElement;
    const cs = getComputedStyle(c);
    return { sw: c.scrollWidth, cw: c.clientWidth, ow: c.offsetWidth, oh: c.offsetHeight, ch: c.clientHeight, ox: cs.overflowX, n: c.children.length,
      content: (document.querySelector('.content') as HTMLElement).scrollWidth };
  });
  console.log(JSON.stringify(info));
  await page.goto('/lists/companies');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/lists.png' });
});
