import { Locator, Page, expect, test } from '@playwright/test';
import { postCreated as post, signIn } from './session';

/**
 * The board wider than the screen (issue 11, item 6), in Chromium at 1366×768: a pipeline of
 * seven work columns shows four and a half. The cut side fades and «Следующие этапы» says there
 * is more; the arrows, reached with Tab and pressed with Enter, scroll a column at a time; and a
 * card held at the right edge while dragged scrolls the board until the last column, which
 * started off-screen, comes into view and takes the card.
 */
const run = Date.now();
const PIPELINE = `Длинная воронка ${run}`;
const FIRST = 'Первичный контакт';
const LAST = 'Этап 5';
const DEAL = `Сделка через всю доску ${run}`;

const column = (page: Page, stage: string): Locator =>
  page.getByRole('region', { name: stage, exact: true });

/** How far the board's columns are scrolled, and how far they can be. */
const scroll = (lane: Locator) =>
  lane.evaluate((el) => ({ left: el.scrollLeft, max: el.scrollWidth - el.clientWidth }));

/** Whether the whole of `target` is inside the visible part of the board. */
async function fullyInView(lane: Locator, target: Locator): Promise<boolean> {
  const [box, frame] = [await target.boundingBox(), await lane.boundingBox()];
  return !!box && !!frame && box.x >= frame.x - 1 && box.x + box.width <= frame.x + frame.width + 1;
}

test('the board wider than 1366 px: a visible way to the hidden columns, and drag to the edge scrolls', async ({
  page,
}) => {
  let dealId = '';
  await test.step('a pipeline of seven work columns, a deal in «Первичный контакт»', async () => {
    await signIn(page);
    const pipeline = await post<{ id: string; stages: { id: string; name: string }[] }>(
      page,
      '/api/pipelines',
      { name: PIPELINE, kind: 'sales' },
    );
    for (let n = 1; n <= 5; n++) {
      await post(page, `/api/pipelines/${pipeline.id}/stages`, {
        name: `Этап ${n}`,
        color: '#4a90e2',
        kind: 'open',
        probability: 10 * n,
      });
    }
    const first = pipeline.stages.find((s) => s.name === FIRST)!;
    dealId = (
      await post<{ id: string }>(page, '/api/deals', {
        pipelineId: pipeline.id,
        stageId: first.id,
        name: DEAL,
      })
    ).id;
    await page.goto(`/deals/pipeline/${pipeline.id}`);
    await expect(page.getByRole('heading', { level: 1, name: PIPELINE })).toBeVisible();
    await expect(column(page, FIRST).getByTestId('deal-card')).toContainText(DEAL);
  });

  const lane = page.getByTestId('board-columns');
  const back = page.getByRole('button', { name: 'Предыдущие этапы' });
  const forward = page.getByRole('button', { name: 'Следующие этапы' });

  await test.step('the cut side says there is more: «Следующие этапы», nothing to the left', async () => {
    expect(await fullyInView(lane, column(page, LAST))).toBe(false);
    await expect(forward).toBeVisible();
    await expect(forward).not.toHaveAttribute('aria-disabled', 'true');
    await expect(back).toHaveAttribute('aria-disabled', 'true');
    await expect(page.locator('.frame.more-after')).toHaveCount(1);
    await expect(page.locator('.frame.more-before')).toHaveCount(0);
  });

  await test.step('from the keyboard: Tab to «Следующие этапы», Enter scrolls one column', async () => {
    // the board's own search (the top bar has a global one); Tab from it reaches the arrows
    await page
      .getByRole('searchbox', { name: 'Поиск сделок по названию или номеру', exact: true })
      .focus();
    await page.keyboard.press('Tab');
    await expect(back).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(forward).toBeFocused();
    const width = (await column(page, FIRST).boundingBox())!.width;
    await page.keyboard.press('Enter');
    // One column (264 px and the 8 px gap), not a screen.
    await expect.poll(async () => (await scroll(lane)).left).toBe(width + 8);
    await expect(back).not.toHaveAttribute('aria-disabled', 'true');
    await expect(page.locator('.frame.more-before')).toHaveCount(1);
    // Then the next column start, then the end: the last column comes in whole.
    const { max } = await scroll(lane);
    for (const left of [2 * (width + 8), max]) {
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await scroll(lane)).left).toBe(left);
    }
    await expect(forward).toHaveAttribute('aria-disabled', 'true');
    await expect(forward).toBeFocused();
    expect(await fullyInView(lane, column(page, LAST))).toBe(true);
  });

  await test.step('the mouse on «Предыдущие этапы» goes back to the first column', async () => {
    const step = (await column(page, FIRST).boundingBox())!.width + 8;
    // From the end back to each column's start, one click a column.
    for (const left of [2 * step, step, 0]) {
      await back.click();
      await expect.poll(async () => (await scroll(lane)).left).toBe(left);
    }
    await expect(back).toHaveAttribute('aria-disabled', 'true');
    expect(await fullyInView(lane, column(page, LAST))).toBe(false);
  });

  await test.step('a card held at the right edge scrolls the board; dropped on «Этап 5»', async () => {
    const card = column(page, FIRST).getByTestId('deal-card').filter({ hasText: DEAL });
    const from = (await card.boundingBox())!;
    const frame = (await lane.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 5 });
    // Right over «Следующие этапы», which steps aside while a card is dragged.
    await page.mouse.move(frame.x + frame.width - 16, frame.y + frame.height / 2, { steps: 20 });
    await expect.poll(() => fullyInView(lane, column(page, LAST)), { timeout: 15_000 }).toBe(true);
    const to = (await column(page, LAST).boundingBox())!;
    const moved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/deals/${dealId}/stage`) && r.request().method() === 'POST',
    );
    await page.mouse.move(to.x + to.width / 2, to.y + 150, { steps: 10 });
    await page.mouse.move(to.x + to.width / 2, to.y + 160, { steps: 3 });
    await page.mouse.up();
    expect((await moved).status()).toBe(200);
    await expect(column(page, LAST).getByTestId('deal-card')).toContainText(DEAL);
    await expect(column(page, FIRST).getByTestId('deal-card')).toHaveCount(0);
  });
});
