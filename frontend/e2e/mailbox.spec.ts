import { readFile } from 'node:fs/promises';
import { connect, Socket } from 'node:net';
import { Locator, Page, expect, test } from '@playwright/test';
import { openBoard, requestCard } from './live-board';
import { signIn } from './session';

/**
 * The shared mailbox end to end, against the real back end and the real IMAP server (Dovecot) that
 * build/test.sh starts (E2E_IMAP, E2E_IMAP_PASSWORD: any user name logs in with the password, each
 * user its own mailbox). The admin adds a mailbox in Settings → «Общая почта»; a client's mail with
 * a Russian subject, a text and an attachment is put in its INBOX over IMAP (APPEND) → the request
 * appears live in «Неразобранное» of an open board, its card shows the mail's text and the
 * attachment to download, and the settings page, left open without a click, shows the mailbox
 * working with one mail taken. A second mailbox with a wrong password shows the authentication
 * error there by itself. The app reads a due mailbox every 2 s, and build/test.sh sets the poll
 * interval to a second, so each wait is seconds (the page itself reads the statuses every 10 s).
 */
const PIPELINE = 'Новые дилеры';
const IMAP = process.env['E2E_IMAP'] ?? '';
const IMAP_PASSWORD = process.env['E2E_IMAP_PASSWORD'] ?? 'test-pass';

const run = Date.now();
const sender = `Анна Почтова ${run}`;
const subject = `Кресла для переговорной ${run}`;
const body = 'Здравствуйте!\nНужны 12 кресел для переговорной.\nТелефон: +7 343 212-34-56\n\nАнна';
const fileName = `смета-${run}.txt`;
const fileText = `Кресло офисное — 12 шт.\n${run}\n`;

/** Base64 in lines of 76, as MIME wants it. */
const base64 = (text: string) =>
  Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** The client's mail: a Russian subject and sender (RFC 2047), a UTF-8 text and a small attachment. */
function clientMail(): string {
  return [
    `From: ${encodedWord(sender)} <anna.${run}@example.ru>`,
    'To: sales@example.ru',
    `Subject: ${encodedWord(subject)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${run}.mailbox-e2e@example.ru>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="crm-e2e-boundary"',
    '',
    '--crm-e2e-boundary',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(body),
    '--crm-e2e-boundary',
    `Content-Type: text/plain; charset=utf-8; name="${encodedWord(fileName)}"`,
    `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64(fileText),
    '--crm-e2e-boundary--',
    '',
  ].join('\r\n');
}

/**
 * Puts a mail into a user's INBOX as a mail server would deliver it: IMAP LOGIN and APPEND over a
 * plain socket (a few lines of the protocol; no client library needed).
 */
async function imapAppend(user: string, password: string, mail: string): Promise<void> {
  const [host, port] = IMAP.split(':');
  const socket: Socket = connect(Number(port), host);
  socket.setTimeout(15_000, () => socket.destroy(new Error('the IMAP server did not answer')));
  let received = '';
  let waiting: {
    done: (text: string) => boolean;
    resolve: () => void;
    reject: (e: Error) => void;
  } | null = null;
  const check = () => {
    if (waiting?.done(received)) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  };
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
    check();
  });
  socket.on('error', (error) => waiting?.reject(error));
  socket.on('close', () => waiting?.reject(new Error(`IMAP closed; it said:\n${received}`)));
  const until = (done: (text: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      waiting = { done, resolve, reject };
      check();
    });
  /** A tagged command's answer: OK, else the test fails with what the server said. */
  const tagged = async (tag: string) => {
    await until((text) => new RegExp(`^${tag} (OK|NO|BAD)`, 'm').test(text));
    expect(received, `IMAP ${tag}`).toMatch(new RegExp(`^${tag} OK`, 'm'));
  };
  try {
    await until((text) => /^\* OK/m.test(text));
    socket.write(`a1 LOGIN "${user}" "${password}"\r\n`);
    await tagged('a1');
    const bytes = Buffer.from(mail, 'utf8');
    socket.write(`a2 APPEND INBOX {${bytes.length}}\r\n`);
    await until((text) => /^\+/m.test(text));
    socket.write(Buffer.concat([bytes, Buffer.from('\r\n')]));
    await tagged('a2');
    socket.write('a3 LOGOUT\r\n');
  } finally {
    socket.end();
  }
}

const mailboxCard = (page: Page, name: string): Locator =>
  page
    .getByTestId('mailbox')
    .filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });

/** Settings → «Общая почта» → «Добавить ящик», filled in as an admin does, and saved. */
async function addMailbox(
  page: Page,
  mailbox: { name: string; user: string; password: string },
): Promise<void> {
  const [host, port] = IMAP.split(':');
  await page.getByRole('button', { name: 'Добавить ящик' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Новый почтовый ящик' })).toBeVisible();
  await dialog.getByLabel('Название').fill(mailbox.name);
  await dialog.getByLabel('Сервер IMAP').fill(host);
  await dialog.getByLabel('Защита соединения').selectOption({ label: 'Без шифрования' });
  await dialog.getByLabel('Порт').fill(port);
  await dialog.getByLabel('Пользователь').fill(mailbox.user);
  await dialog.getByLabel('Пароль', { exact: true }).fill(mailbox.password);
  await expect(dialog.getByLabel('Папка')).toHaveValue('INBOX');
  await dialog.getByLabel('Воронка').selectOption({ label: PIPELINE });
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/inbox/mailboxes') && r.request().method() === 'POST',
  );
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  const response = await saved;
  expect(response.status(), await response.text()).toBe(201);
  await expect(dialog).toBeHidden();
  await expect(mailboxCard(page, mailbox.name)).toBeVisible();
}

test('a mail in the shared mailbox becomes a request live; the settings page shows the mailboxes working and failing by itself', async ({
  browser,
}) => {
  // build/test.sh starts Dovecot and sets E2E_IMAP: without it the case cannot run, and that is a failure.
  expect(
    IMAP,
    'E2E_IMAP (host:port of the IMAP server build/test.sh starts) is not set',
  ).toBeTruthy();
  test.slow();
  const context = await browser.newContext();
  try {
    const settings = await context.newPage();
    const board = await context.newPage();
    const sales = { name: `Продажи ${run}`, user: `sales-${run}`, password: IMAP_PASSWORD };
    const wrong = { name: `Сервис ${run}`, user: `service-${run}`, password: `wrong-${run}` };

    await test.step('the admin has the board open, live', async () => {
      await signIn(board);
      const pipelines = (await (await board.request.get('/api/pipelines')).json()) as {
        id: string;
        name: string;
      }[];
      await openBoard(board, pipelines.find((p) => p.name === PIPELINE)!.id, PIPELINE);
    });

    await test.step('Settings → «Общая почта»: the admin adds the sales mailbox', async () => {
      await settings.goto('/settings');
      await settings.getByRole('link', { name: /Общая почта/ }).click();
      await expect(settings.getByRole('heading', { level: 1, name: 'Общая почта' })).toBeVisible();
      await addMailbox(settings, sales);
    });

    await test.step('a client’s mail arrives in the mailbox (IMAP APPEND)', async () => {
      await imapAppend(sales.user, IMAP_PASSWORD, clientMail());
    });

    await test.step('the request appears live in «Неразобранное», from the mail', async () => {
      const card = requestCard(board, sender);
      await expect(card).toBeVisible({ timeout: 30_000 });
      await expect(card).toContainText('Почта');
      await expect(card).toContainText('Свердловская обл');
    });

    await test.step('its card shows the mail’s text and the attachment to download', async () => {
      await requestCard(board, sender).click();
      const dialog = board.getByRole('dialog');
      await expect(dialog.getByRole('heading', { name: sender })).toBeVisible();
      await expect(dialog).toContainText(subject);
      const mail = dialog.getByTestId('request-mail');
      await expect(mail).toHaveCount(1);
      await expect(mail.getByTestId('mail-from')).toHaveText(`${sender} <anna.${run}@example.ru>`);
      await expect(mail.getByTestId('mail-text')).toContainText(
        'Нужны 12 кресел для переговорной.',
      );
      const attachment = mail.getByTestId('mail-attachment');
      await expect(attachment).toContainText(fileName);
      const downloading = board.waitForEvent('download');
      await attachment.getByRole('link').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(fileName);
      expect(await readFile(await download.path(), 'utf8')).toBe(fileText);
      await dialog.getByRole('button', { name: 'Закрыть', exact: true }).click();
      await expect(dialog).toBeHidden();
    });

    await test.step('the settings page, untouched, shows the mailbox working with one mail taken', async () => {
      const card = mailboxCard(settings, sales.name);
      await expect(card.getByTestId('mailbox-mails-taken')).toHaveText('1', { timeout: 30_000 });
      await expect(card.getByTestId('mailbox-state')).toHaveText('Работает');
      await expect(card.getByTestId('mailbox-error')).toHaveCount(0);
    });

    await test.step('a mailbox with a wrong password shows the authentication error by itself', async () => {
      await addMailbox(settings, wrong);
      const card = mailboxCard(settings, wrong.name);
      await expect(card.getByTestId('mailbox-state')).toHaveText('Остановлен', {
        timeout: 30_000,
      });
      await expect(card.getByTestId('mailbox-error')).toContainText(
        'Последняя ошибка: неверный логин или пароль',
      );
      await expect(card.getByTestId('mailbox-error-text')).toContainText(`«${wrong.user}»`);
      await expect(settings.getByTestId('mailboxes-down')).toContainText('Не работает ящиков: 1');
      // The one that works is still working.
      await expect(mailboxCard(settings, sales.name).getByTestId('mailbox-state')).toHaveText(
        'Работает',
      );
    });
  } finally {
    await context.close();
  }
});
