import { Locator, Page, WebSocket, expect } from '@playwright/test';

/** The board's stages and helpers to watch its «Неразобранное» live (inbox.spec.ts, mailbox.spec.ts). */
export const UNSORTED = 'Неразобранное';

/**
 * Resolves once the hub confirmed `Watch(topic)` (SignalR's JSON protocol: the invocation sent,
 * its completion received): from then on the page hears the topic's pushes. Set up before the
 * page opens the board.
 */
export function watchConfirmed(page: Page, topic: string): Promise<void> {
  return new Promise((resolve) => {
    const pending = new Set<string>();
    const frames = (payload: string | Buffer) =>
      String(payload)
        .split('\u001e')
        .filter(Boolean)
        .map((frame) => {
          try {
            return JSON.parse(frame) as {
              type?: number;
              invocationId?: string;
              target?: string;
              arguments?: unknown[];
            };
          } catch {
            return {};
          }
        });
    page.on('websocket', (socket: WebSocket) => {
      socket.on('framesent', ({ payload }) => {
        for (const frame of frames(payload)) {
          if (frame.target === 'Watch' && frame.arguments?.[0] === topic && frame.invocationId) {
            pending.add(frame.invocationId);
          }
        }
      });
      socket.on('framereceived', ({ payload }) => {
        for (const frame of frames(payload)) {
          if (frame.type === 3 && frame.invocationId && pending.has(frame.invocationId)) {
            resolve();
          }
        }
      });
    });
  });
}

export const column = (page: Page, stage: string): Locator =>
  page.getByRole('region', { name: stage, exact: true });

export const requestCard = (page: Page, name: string): Locator =>
  column(page, UNSORTED).getByTestId('request-card').filter({ hasText: name });

/** Opens the pipeline's board and waits until its «Неразобранное» is read and heard live. */
export async function openBoard(page: Page, pipelineId: string, pipeline: string): Promise<void> {
  const live = watchConfirmed(page, `pipeline:${pipelineId}`);
  const requests = page.waitForResponse(
    (r) =>
      r.url().includes('/api/inbox/requests?') &&
      r.url().includes(`pipelineId=${pipelineId}`) &&
      r.request().method() === 'GET',
  );
  await page.goto(`/deals/pipeline/${pipelineId}`);
  await expect(page.getByRole('heading', { level: 1, name: pipeline })).toBeVisible();
  expect((await requests).status()).toBe(200);
  await live;
  await expect(column(page, UNSORTED)).toBeVisible();
}
