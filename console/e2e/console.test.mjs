// The console in a real browser against the real service (issue 19, §9): staff act as staff do,
// and the mail that actually left is read at the SMTP sink.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { gql, launchBrowser, mails, openPage, ORG, shot, signIn, STAFF, startService, staffToken, waitForMail } from './env.mjs';

let service;
let browser;
let owner;
const ids = {};

const CREATE = 'mutation($i: CreateClientInput!) { createClient(input: $i) { client { id } userErrors { code field } } }';

async function createClient(input) {
  const data = await gql(service.base, owner, CREATE, { i: input });
  assert.deepEqual(data.createClient.userErrors, []);
  return data.createClient.client.id;
}

async function tag(id, tags) {
  await gql(service.base, owner, 'mutation($i: ChangeTagsInput!) { addTags(input: $i) { changed } }', { i: { tags, clientIds: [id] } });
}

before(async () => {
  service = await startService();
  browser = await launchBrowser();
  owner = await staffToken(service.base, STAFF.owner);
  ids.jose = await createClient({ firstName: 'José', lastName: 'Pérez', email: 'jose.perez@example.com', phone: '+39 333 111 2233', city: 'Milano' });
  ids.giulia = await createClient({ firstName: 'Giulia', lastName: 'Rossi', email: 'giulia@example.com', city: 'Roma' });
  ids.marco = await createClient({ firstName: 'Marco', lastName: 'Bianchi', email: 'marco@example.com', city: 'Milano' });
  ids.anna = await createClient({ firstName: 'Anna', lastName: 'Verdi', city: 'Torino' });
  ids.lucia = await createClient({ firstName: 'Lucia', lastName: 'Neri', email: 'lucia.neri@example.com', city: 'Milano', text1: 'A' });
  ids.lucia2 = await createClient({ firstName: 'Lucia', lastName: 'Neri', phone: '+39 347 555 0000', city: 'Roma' });
  await tag(ids.jose, ['yoga']);
  await tag(ids.giulia, ['yoga', 'vip']);
  await tag(ids.marco, ['vip']);

  // Marta uses the client app with a verified login email (seed 000): she signs up and follows
  // the verification link that reached the sink, as a person would.
  await gql(service.base, null, 'mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { accepted } }', {
    i: { organization: ORG.slug, email: 'marta.old@example.com', password: 'marta long passphrase', firstName: 'Marta', lastName: 'Vecchi' },
  });
  const verify = await waitForMail(service.mailDir, (m) => m.to.includes('marta.old@example.com'), 'verification for Marta');
  const token = verify.text.match(/verify-email\?[^\s"<>]*token=([A-Za-z0-9_-]+)/)?.[1];
  assert.ok(token, 'the verification mail carries a link');
  await gql(service.base, null, 'mutation($i: TokenInput!) { verifyEmail(input: $i) { token userErrors { code } } }', { i: { token } });
  const found = await gql(service.base, owner, '{ clientByEmail(email: "marta.old@example.com") { id account { verified } } }');
  assert.equal(found.clientByEmail.account.verified, true);
  ids.marta = found.clientByEmail.id;
  await tag(ids.marta, ['yoga']);
  // Paolo signed up in the app but never confirmed his address: an account, unverified.
  await gql(service.base, null, 'mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { accepted } }', {
    i: { organization: ORG.slug, email: 'paolo@example.com', password: 'paolo long passphrase', firstName: 'Paolo', lastName: 'Gialli' },
  });
  // The sign-up is carried out by the service's worker, which mails once the record exists.
  await waitForMail(service.mailDir, (m) => m.to.includes('paolo@example.com'), 'verification for Paolo');
  ids.paolo = (await gql(service.base, owner, '{ clientByEmail(email: "paolo@example.com") { id } }')).clientByEmail.id;
  await gql(service.base, owner, 'mutation($i: AddPointsInput!) { addPoints(input: $i) { userErrors { code } } }', {
    i: { clientId: ids.marta, amount: 300, reason: 'ten years with us' },
  });
  // Sara and Teo signed up too (accounts not verified): two records that both have an account.
  ids.sara = await register('sara@example.com', 'Sara', 'Blu');
  ids.teo = await register('teo@example.com', 'Teo', 'Viola');
  // Vera verified her address: her record is linked to her account.
  ids.vera = await register('vera@example.com', 'Vera', 'Rosa', { verify: true });
  // Bruno's address is refused for good by the mail server (the sink's bounce domain).
  ids.bruno = await createClient({ firstName: 'Bruno', lastName: 'Rimbalzo', email: 'bruno@bounce.example' });
});

/** A person signs up in the client app (and follows the verification link if asked). */
async function register(email, firstName, lastName, { verify = false } = {}) {
  await gql(service.base, null, 'mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { accepted } }', {
    i: { organization: ORG.slug, email, password: `${firstName} long passphrase`, firstName, lastName },
  });
  const mail = await waitForMail(service.mailDir, (m) => m.to.includes(email), `verification for ${firstName}`);
  if (verify) {
    const token = mail.text.match(/verify-email\?[^\s"<>]*token=([A-Za-z0-9_-]+)/)?.[1];
    assert.ok(token, 'the verification mail carries a link');
    await gql(service.base, null, 'mutation($i: TokenInput!) { verifyEmail(input: $i) { token userErrors { code } } }', { i: { token } });
  }
  return (await gql(service.base, owner, `{ clientByEmail(email: "${email}") { id } }`)).clientByEmail.id;
}

/** Nothing wider than the window: no sideways scrolling at 1280 px or on a tablet. */
async function fitsWidth(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide in a ${client}px window`);
}

const poll = async (read, what) => {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out: ${what}`);
};

after(async () => {
  await browser?.close();
  await service?.stop();
});

// Staff logins are limited to 10 per email in 15 minutes (as they should be): the first test
// signs in through the form; the others start with a session token already stored, as after
// a reload.
const tokens = {};
async function session(email, options) {
  tokens[email] ??= await staffToken(service.base, email);
  const opened = await openPage(browser, service.base, options);
  await opened.context.addInitScript((token) => {
    if (!sessionStorage.getItem('e2e-seeded')) {
      sessionStorage.setItem('e2e-seeded', '1');
      localStorage.setItem('clientela.session', JSON.stringify({ token, expiresAt: null }));
    }
  }, tokens[email]);
  await opened.page.goto('/console/');
  await opened.page.getByTestId('org-name').waitFor();
  return opened;
}

async function done({ context, errors }, expected = []) {
  await context.close();
  const unexpected = errors.filter((e) => !expected.some((pattern) => pattern.test(e)));
  assert.deepEqual(unexpected, [], 'no console errors in the browser');
}

describe('the admin console', () => {
  test('sign in, organization shown, reload keeps the session, sign out clears it', async () => {
    const s = await openPage(browser, service.base);
    const { page } = s;
    await signIn(page, STAFF.owner);
    assert.equal(await page.getByTestId('org-name').textContent(), ORG.name);
    await page.getByRole('link', { name: 'José Pérez' }).waitFor();
    await shot(page, '01-clients-list');
    await page.reload();
    await page.getByTestId('org-name').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Clientela' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('clientela.session')), null);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Clientela' }).waitFor();
    await done(s);
  });

  test('a wrong password is refused in the user language', async () => {
    const s = await openPage(browser, service.base);
    await s.page.goto('/console/');
    await s.page.getByLabel('Email').fill(STAFF.owner);
    await s.page.getByLabel('Password').fill('not it at all');
    await s.page.getByRole('button', { name: 'Sign in' }).click();
    await s.page.getByText('Wrong email or password.').waitFor();
    await done(s);
  });

  test('search is accent-insensitive and filters narrow the list with an honest count', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.getByLabel('Search').fill('perez');
    await page.getByRole('link', { name: 'José Pérez' }).waitFor();
    await page.getByTestId('client-count').filter({ hasText: /^1 clients$/ }).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: /Filters/ }).click();
    await page.getByLabel('Any of these tags').fill('yoga');
    await page.getByLabel('City').fill('Milano');
    await page.getByTestId('client-count').filter({ hasText: /^1 clients$/ }).waitFor();
    const rows = page.getByTestId('client-table').locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), /José Pérez/);
    await shot(page, '02-clients-filtered');
    await done(s);
  });

  test('editing a client shows the field error in place, then saves', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.anna}`);
    const form = page.getByTestId('profile-form');
    await form.getByLabel('Phone').fill('not a phone');
    await form.getByRole('button', { name: 'Save' }).click();
    const phoneError = form.locator('.field--error').filter({ has: page.getByLabel('Phone') });
    await phoneError.getByText('Not a valid phone number.').waitFor();
    assert.equal(await form.getByLabel('Phone').getAttribute('aria-invalid'), 'true');
    await shot(page, '03-client-field-error');
    await form.getByLabel('Phone').fill('+39 333 444 5566');
    await form.getByLabel('City').fill('Torino Centro');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const data = await gql(service.base, owner, `{ client(id: "${ids.anna}") { phone city } }`);
    assert.deepEqual(data.client, { phone: '+393334445566', city: 'Torino Centro' });
    await done(s);
  });

  test('points are added and show in the history', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.jose}`);
    await page.getByRole('button', { name: 'Add or redeem points' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount').fill('150');
    await dialog.getByLabel('Reason').fill('welcome bonus');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByText('Done. New balance: 150 points.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.getByTestId('client-points').filter({ hasText: '150 points' }).waitFor();
    await page.getByRole('tab', { name: 'Points history' }).click();
    await page.getByTestId('list-points').getByText('welcome bonus').waitFor();
    await shot(page, '04-client-card-points');
    await done(s);
  });

  test('the TIMP fix of seed 000, by clicking, ends with the welcome mail at the new address', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.marta}`);
    const account = page.getByTestId('account-panel');
    await account.getByTestId('login-email').filter({ hasText: 'marta.old@example.com' }).waitFor();
    await account.getByText(/only they can change it/).waitFor();
    await account.getByText(/The app shows the name given at sign-up/).waitFor({ state: 'detached' }).catch(() => undefined);
    await account.getByRole('button', { name: 'Migrate email' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The app account is verified: only the person can change their login email, from the app.').waitFor();
    await dialog.getByLabel('New email').fill('marta.new@example.com');
    await dialog.getByTestId('timp-offer').waitFor();
    await shot(page, '05-timp-migrate-dialog');
    await dialog.getByRole('button', { name: 'Create the new record and unify' }).click();

    const unify = page.getByTestId('unify');
    await unify.waitFor();
    await page.getByTestId('merge-preview').getByText('300 points move to the surviving record.').waitFor();
    await shot(page, '06-timp-unify-preview');
    await page.getByRole('button', { name: 'Unify', exact: true }).click();
    await page.getByTestId('unify-done').waitFor();
    const before = mails(service.mailDir).length;
    await page.getByRole('button', { name: 'Send welcome email' }).click();
    await page.getByText('The welcome email was sent.').waitFor();
    await shot(page, '07-timp-welcome-sent');

    const welcome = await waitForMail(
      service.mailDir,
      (m) => m.to.includes('marta.new@example.com') && /benvenut/i.test(m.subject),
      'welcome to the new address',
    );
    assert.match(welcome.subject, new RegExp(ORG.name));
    assert.ok(mails(service.mailDir).length > before);

    // The survivor has the new email, the history, and the old id leads to it (R4.2).
    await page.getByRole('link', { name: 'Open the client' }).click();
    await page.getByTestId('client-card').waitFor();
    const survivorId = page.url().split('/').pop();
    const data = await gql(service.base, owner, `{ client(id: "${ids.marta}") { id email points tags { name } } }`);
    assert.deepEqual(data.client, { id: survivorId, email: 'marta.new@example.com', points: 300, tags: [{ name: 'yoga' }] });
    await page.goto(`/console/clients/${ids.marta}`);
    await page.getByText('The record you opened was unified into this one.').waitFor();
    assert.ok(page.url().endsWith(survivorId));
    await done(s);
  });

  test('a merge with a per-field choice keeps the chosen value and says what is dropped', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.lucia}`);
    await page.getByRole('button', { name: 'Unify with another client' }).click();
    await page.getByLabel(/Find the other client/).fill('347 555');
    await page.getByRole('button', { name: /Lucia Neri/ }).click();
    await page.getByTestId('unify').waitFor();
    await page.getByTestId('keep-city-absorbed').check();
    const dropped = page.getByTestId('merge-dropped');
    await dropped.getByText('Milano').waitFor();
    await page.getByTestId('merge-values').getByText('+393475550000').waitFor();
    await shot(page, '08-unify-field-choice');
    await page.getByRole('button', { name: 'Unify', exact: true }).click();
    await page.getByTestId('unify-done').waitFor();
    const data = await gql(service.base, owner, `{ client(id: "${ids.lucia}") { city phone email text1 } a: client(id: "${ids.lucia2}") { id } }`);
    assert.deepEqual(data.client, { city: 'Roma', phone: '+393475550000', email: 'lucia.neri@example.com', text1: 'A' });
    await done(s);
  });

  test('a filter saved as a segment is counted and exported as CSV', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto('/console/');
    await page.getByRole('button', { name: /Filters/ }).click();
    await page.getByLabel('Any of these tags').fill('vip');
    await page.getByTestId('client-count').filter({ hasText: /^2 clients$/ }).waitFor();
    await page.getByRole('button', { name: 'Save as segment' }).click();
    await page.getByRole('dialog').getByLabel('Segment name').fill('VIP');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('segment').waitFor();
    await page.getByTestId('segment-count').filter({ hasText: '2 clients' }).waitFor();
    await page.getByTestId('segment-filter').filter({ hasText: 'Any of these tags: vip' }).waitFor();
    await shot(page, '09-segment');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(download.suggestedFilename(), /^VIP\.csv$/);
    assert.match(csv, /giulia@example\.com/);
    assert.match(csv, /marco@example\.com/);
    assert.doesNotMatch(csv, /jose\.perez@example\.com/);

    await page.getByRole('button', { name: 'Send notification' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Serata VIP');
    await dialog.getByLabel('Message').fill('Venerdì aperitivo');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByTestId('notify-result').getByText('2 recipients, 0 messages queued.').waitFor();
    await dialog.getByTestId('notify-result').getByText(/email not verified|no app account/).first().waitFor();
    await shot(page, '10-segment-notify');
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // The segment's filter opens in the list; tags go on every client of it at once (R6.1).
    await page.getByRole('button', { name: 'Edit the filter in the client list' }).click();
    assert.equal(await page.getByLabel('Any of these tags').inputValue(), 'vip');
    await page.getByTestId('client-count').filter({ hasText: /^2 clients$/ }).waitFor();
    await page.getByRole('button', { name: 'Update “VIP”' }).waitFor();
    await page.getByRole('button', { name: 'Add tags to all' }).click();
    const bulk = page.getByRole('dialog');
    await bulk.getByText('Every client that matches the current search and filters (2 clients).').waitFor();
    await bulk.getByLabel('Tags').fill('gala');
    await bulk.getByRole('button', { name: 'Add tags to all' }).click();
    await bulk.getByText('2 clients changed.').waitFor();
    const tagged = await gql(service.base, owner, '{ clients(filter: { tags: { all: ["vip", "gala"] } }) { totalCount } }');
    assert.equal(tagged.clients.totalCount, 2);
    await done(s);
  });

  test('an agent may send a setup link but does not see Assign password or Settings', async () => {
    const s = await session(STAFF.agent);
    const { page } = s;
    await page.goto(`/console/clients/${ids.paolo}`);
    const account = page.getByTestId('account-panel');
    await account.getByRole('button', { name: 'Send password setup link' }).waitFor();
    assert.equal(await account.getByRole('button', { name: 'Assign password' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Delete permanently' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Settings' }).count(), 0);
    await shot(page, '11-agent-client-card');
    await done(s);

    const o = await session(STAFF.owner);
    await o.page.goto(`/console/clients/${ids.paolo}`);
    await o.page.getByTestId('account-panel').getByRole('button', { name: 'Assign password' }).waitFor();
    await done(o);
  });

  test('Italian and Spanish screens', async () => {
    const s = await session(STAFF.owner, { locale: 'it-IT' });
    const { page } = s;
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await page.getByRole('link', { name: 'Segmenti' }).waitFor();
    await page.goto(`/console/clients/${ids.giulia}`);
    await page.getByRole('button', { name: 'Migra email' }).waitFor();
    await page.getByRole('button', { name: 'Aggiungi o riscatta punti' }).waitFor();
    await page.getByRole('heading', { name: 'Consensi e recapito' }).waitFor();
    await page.getByRole('tab', { name: 'Storico consensi' }).waitFor();
    await shot(page, '12-client-card-it');
    await page.getByTestId('language').selectOption('es');
    await page.getByRole('button', { name: 'Migrar correo' }).waitFor();
    await page.getByRole('button', { name: 'Enviar correo de bienvenida' }).waitFor();
    await page.getByRole('button', { name: 'Unificar con otro usuario' }).waitFor();
    await shot(page, '13-client-card-es');
    const form = page.getByTestId('profile-form');
    await form.getByLabel('Correo para notificaciones').fill('jose.perez@example.com');
    await form.getByRole('button', { name: 'Guardar' }).click();
    await form.getByText('Otro cliente ya tiene este correo.').waitFor();
    await form.getByRole('link', { name: 'Unificar con ese cliente' }).waitFor();
    await page.goto('/console/');
    await page.getByRole('heading', { name: 'Clientes' }).waitFor();
    await page.getByRole('button', { name: /Filtros/ }).click();
    await page.getByTestId('consent-filter').getByText('Consentimiento de marketing').waitFor();
    await shot(page, '14-clients-es');
    await done(s);
  });

  test('settings: field labels rename generic fields on the card; a tablet-width card still works', async () => {
    const s = await session(STAFF.owner, { viewport: { width: 820, height: 1180 } });
    const { page } = s;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Text 1').fill('Shoe size');
    await page.getByRole('row', { name: /Text 1/ }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const hooks = page.getByTestId('webhooks');
    await hooks.getByLabel('Address (https)').fill('ftp://example.com/hook');
    await hooks.getByRole('button', { name: 'Add endpoint' }).click();
    await hooks.getByText('Not an absolute https address.').waitFor();
    await hooks.getByLabel('Address (https)').fill('http://127.0.0.1:9/hook');
    await hooks.getByRole('button', { name: 'Add endpoint' }).click();
    await hooks.getByTestId('webhook-secret').waitFor();
    await hooks.getByRole('button', { name: 'Send a test event' }).click();
    await hooks.getByText('A test event was queued.').waitFor();
    await shot(page, '15-settings');
    await fitsWidth(page);
    await page.goto(`/console/clients/${ids.lucia}`);
    await page.getByTestId('profile-form').getByLabel('Shoe size').waitFor();
    await fitsWidth(page);
    await shot(page, '16-client-card-tablet');
    await page.goto('/console/');
    await page.getByRole('link', { name: 'José Pérez' }).waitFor();
    await fitsWidth(page);
    await shot(page, '16b-clients-tablet');
    await done(s);
  });
  test('consent: wording in settings, recorded on the card with its proof, in the history, and as a list filter', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    const italian = 'Acconsento a ricevere novità e offerte via email dal Centro Prova.';
    await page.getByRole('link', { name: 'Settings' }).click();
    const wording = page.getByTestId('consent-wording');
    await wording.getByLabel('Italian').fill(italian);
    await wording.getByRole('button', { name: 'Save' }).click();
    await wording.getByText('Saved.').waitFor();

    await page.goto(`/console/clients/${ids.giulia}`);
    const panel = page.getByTestId('consent-panel');
    await panel.getByTestId('consent-state').getByText('Never asked').first().waitFor();
    await panel.getByRole('button', { name: 'Record consent for Marketing by email' }).click();
    const dialog = page.getByRole('dialog');
    // The organization's wording in the client's language (the organization's: Italian) is the proof.
    const proof = dialog.getByLabel(/Wording shown or other proof/);
    assert.equal(await proof.inputValue(), italian);
    await proof.fill('');
    await dialog.getByRole('button', { name: 'Record consent' }).click();
    await dialog.locator('.field--error').getByText('Required.').waitFor();
    await proof.fill(`${italian} (modulo firmato n. 12)`);
    await shot(page, '17-consent-record');
    await dialog.getByRole('button', { name: 'Record consent' }).click();
    await dialog.getByText('Recorded. The change is kept in the consent history.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    const row = panel.getByTestId('consent-state').getByRole('row', { name: /Marketing by email/ });
    await row.getByText('Given').waitFor();
    await row.getByText(/Staff/).waitFor();
    await page.getByRole('tab', { name: 'Consent history' }).click();
    const history = page.getByTestId('list-consent');
    await history.getByText('(modulo firmato n. 12)', { exact: false }).waitFor();
    await history.getByText('owner user').waitFor();
    await shot(page, '18-consent-history');
    const data = await gql(service.base, owner, `{ client(id: "${ids.giulia}") { consents { purpose granted source } } }`);
    assert.deepEqual(data.client.consents.find((c) => c.purpose === 'MARKETING_EMAIL'), { purpose: 'MARKETING_EMAIL', granted: true, source: 'STAFF' });

    await page.goto('/console/');
    await page.getByRole('button', { name: /Filters/ }).click();
    await page.getByTestId('consent-filter').getByLabel('Marketing by email').selectOption('given');
    await page.getByTestId('client-count').filter({ hasText: /^1 clients$/ }).waitFor();
    await page.getByTestId('client-table').getByRole('link', { name: 'Giulia Rossi' }).waitFor();
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/console/', 'nothing of the filter in the address');
    await page.getByTestId('consent-filter').getByLabel('Marketing by email').selectOption('notGiven');
    await page.getByTestId('client-table').getByRole('link', { name: 'José Pérez' }).waitFor();
    assert.equal(await page.getByTestId('client-table').getByRole('link', { name: 'Giulia Rossi' }).count(), 0);
    await page.getByRole('button', { name: 'Clear' }).click();
    await done(s);
  });

  test('an address the mail server refused is shown on the card and can be cleared', async () => {
    await gql(service.base, owner, 'mutation($i: ClientAccessInput!) { sendWelcomeEmail(input: $i) { userErrors { code } } }', { i: { clientId: ids.bruno } });
    const q = `{ client(id: "${ids.bruno}") { undeliverableEmail { since reply } } }`;
    await poll(async () => (await gql(service.base, owner, q)).client.undeliverableEmail, 'the bounce is recorded');
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.bruno}`);
    const panel = page.getByTestId('consent-panel');
    await panel.getByTestId('undeliverable').getByText(/refused bruno@bounce\.example for good/).waitFor();
    await panel.getByText(/^550/).waitFor();
    await shot(page, '19-undeliverable');
    await panel.getByRole('button', { name: 'The address works again: clear the mark' }).click();
    await panel.getByText('The mark was cleared: mail goes to the address again.').waitFor();
    await panel.getByTestId('undeliverable').waitFor({ state: 'detached' });
    assert.equal((await gql(service.base, owner, q)).client.undeliverableEmail, null);
    await done(s);
  });

  test('unify two records that both have an account: the account choice, the resulting status and the warnings', async () => {
    await gql(service.base, owner, 'mutation($i: ClientStatusInput!) { disableClient(input: $i) { userErrors { code } } }', { i: { clientId: ids.teo } });
    const s = await session(STAFF.owner, { viewport: { width: 820, height: 1180 } });
    const { page } = s;
    await page.goto(`/console/clients/${ids.teo}/unify?with=${ids.sara}`);
    const preview = page.getByTestId('merge-preview');
    await preview.getByTestId('merge-blockers').getByText('Both clients have an app account: choose which stays linked.').waitFor();
    await preview.getByTestId('merge-result-status').filter({ hasText: 'Disabled' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Unify', exact: true }).isDisabled(), true);
    await page.getByTestId('keep-account-absorbed').check();
    await preview.getByTestId('merge-blockers').waitFor({ state: 'detached' });
    await preview.getByTestId('merge-warnings').getByText(/No notification would reach the person/).waitFor();
    await preview.getByTestId('merge-result').getByText('sara@example.com').waitFor();
    await page.getByTestId('merge-status').selectOption('ACTIVE');
    await preview.getByTestId('merge-result-status').filter({ hasText: 'Active' }).waitFor();
    await preview.getByTestId('merge-changes').getByText(/Disabled → Active/).waitFor();
    await fitsWidth(page);
    await shot(page, '20-unify-accounts-tablet');
    await page.getByRole('button', { name: 'Unify', exact: true }).click();
    const finished = page.getByTestId('unify-done');
    await finished.getByText(/No notification would reach the person/).waitFor();
    const data = await gql(service.base, owner, `{ client(id: "${ids.sara}") { id status account { email } } }`);
    assert.deepEqual(data.client, { id: ids.teo, status: 'ACTIVE', account: { email: 'sara@example.com' } });
    await done(s);
  });

  test('account link, unlink and the verification reminder, on the card and for a whole list', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.vera}`);
    const account = page.getByTestId('account-panel');
    await account.getByTestId('login-email').filter({ hasText: 'vera@example.com' }).waitFor();
    await account.getByRole('button', { name: 'Unlink the app account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/stays valid, but it is no longer linked/).waitFor();
    await dialog.getByRole('button', { name: 'Unlink the app account' }).click();
    await account.getByText('The app account was unlinked. It stays valid for the person.').waitFor();
    await account.getByText('No app account').waitFor();
    await account.getByRole('button', { name: 'Link the app account of this email' }).click();
    await account.getByText('The app account with this email is now linked to this record.').waitFor();
    await account.getByTestId('login-email').filter({ hasText: 'vera@example.com' }).waitFor();

    await page.goto(`/console/clients/${ids.paolo}`);
    const before = mails(service.mailDir).filter((m) => m.to.includes('paolo@example.com')).length;
    await page.getByTestId('account-panel').getByRole('button', { name: 'Send "verify your email" reminder' }).click();
    await page.getByText('A "verify your email" reminder was sent.').waitFor();
    await poll(() => mails(service.mailDir).filter((m) => m.to.includes('paolo@example.com')).length > before, 'the reminder reached Paolo');
    await shot(page, '21-account-reminder');

    await page.goto('/console/');
    await page.getByLabel('Search').fill('Gialli');
    await page.getByTestId('client-count').filter({ hasText: /^1 clients$/ }).waitFor();
    await page.getByRole('button', { name: 'Remind to verify email' }).click();
    const remind = page.getByRole('dialog');
    await remind.getByRole('button', { name: 'Send reminders' }).click();
    await remind.getByTestId('remind-result').filter({ hasText: '1 clients, 1 reminders queued.' }).waitFor();
    await remind.getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await done(s);
  });

  test('staff: invite, the invitation accepted in the browser, role change, access removed', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.getByRole('link', { name: 'Settings' }).click();
    const staff = page.getByTestId('staff');
    await staff.getByLabel('Name').fill('Nuova Persona');
    await staff.getByLabel('Email').fill('nuova@prova.example');
    await staff.getByLabel('Role', { exact: true }).selectOption('MARKETING');
    await staff.getByRole('button', { name: 'Send invitation' }).click();
    await staff.getByText('An invitation was sent to nuova@prova.example.').waitFor();
    await staff.getByRole('row', { name: /Nuova Persona/ }).getByText('Invitation not accepted yet').waitFor();
    await shot(page, '22-settings-staff');

    const invite = await waitForMail(service.mailDir, (m) => m.to.includes('nuova@prova.example'), 'the staff invitation');
    const link = invite.text.match(/https?:\/\/[^\s"<>]*\/console\/accept-invite\?token=[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link, 'the invitation carries a console link');
    const guest = await openPage(browser, service.base);
    await guest.page.goto(new URL(link).pathname + new URL(link).search);
    await guest.page.getByTestId('accept-invite').waitFor();
    assert.equal(new URL(guest.page.url()).search, '', 'the token leaves the address bar');
    await shot(guest.page, '26-accept-invite');
    await guest.page.getByLabel('New password').fill('nuova persona long passphrase');
    await guest.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await guest.page.getByTestId('org-name').waitFor();
    await guest.page.getByText('Nuova Persona · Marketing').waitFor();

    await staff.getByLabel('Role of Nuova Persona').selectOption('AGENT');
    await staff.getByRole('row', { name: /Nuova Persona/ }).getByRole('button', { name: 'Change role' }).click();
    await staff.getByText('Role changed.').waitFor();
    await staff.getByRole('row', { name: /Nuova Persona/ }).getByText('Invitation not accepted yet').waitFor({ state: 'detached' });
    const roles = await gql(service.base, owner, '{ staffUsers { email role } }');
    assert.equal(roles.staffUsers.find((u) => u.email === 'nuova@prova.example').role, 'AGENT');
    await staff.getByRole('button', { name: 'Remove access of Nuova Persona' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove access' }).click();
    await staff.getByText('Access removed.').waitFor();
    await staff.getByRole('row', { name: /Nuova Persona/ }).waitFor({ state: 'detached' });
    // Their session ended at once: the next request signs them out.
    await guest.page.reload();
    await guest.page.getByRole('heading', { name: 'Sign in to Clientela' }).waitFor();
    await guest.page.getByText('Your session has ended. Please sign in again.').waitFor();
    // The browser itself logs the service's 401 (RFC 6750, the token was revoked) as a failed
    // resource: that line, and nothing else, is expected here.
    await done(guest, [/^Failed to load resource: the server responded with a status of 401/]);
    await done(s);
  });

  test('settings: levels renamed and deleted, switches shown at their value and obeyed by the card', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.getByRole('link', { name: 'Settings' }).click();
    const levels = page.getByTestId('levels');
    await levels.getByLabel('Name', { exact: true }).fill('Argento');
    await levels.getByLabel('From points', { exact: true }).fill('100');
    await levels.getByRole('button', { name: 'Add level' }).click();
    await levels.getByLabel('Name of level Argento').fill('Silver');
    await levels.getByLabel('Points from which Argento starts').fill('150');
    await levels.getByRole('button', { name: 'Save level Argento' }).click();
    await levels.getByLabel('Name of level Silver').waitFor();
    let data = await gql(service.base, owner, '{ levels { name threshold } }');
    assert.deepEqual(data.levels, [{ name: 'Silver', threshold: 150 }]);
    await levels.getByRole('button', { name: 'Delete level Silver' }).click();
    await page.getByRole('dialog').getByText(/Its clients move to the level their points give/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete level' }).click();
    await levels.getByText('The level "Silver" was deleted.').waitFor();
    data = await gql(service.base, owner, '{ levels { name } }');
    assert.deepEqual(data.levels, []);

    const passwords = page.getByLabel('Staff may assign passwords');
    assert.equal(await passwords.inputValue(), 'on');
    await passwords.selectOption('off');
    await page.getByRole('region', { name: 'Organization' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Organization' }).getByText('Saved.').waitFor();
    await page.reload();
    assert.equal(await page.getByLabel('Staff may assign passwords').inputValue(), 'off');
    await fitsWidth(page);
    await shot(page, '23-settings-switches');
    await page.goto(`/console/clients/${ids.paolo}`);
    const account = page.getByTestId('account-panel');
    await account.getByText(/does not let staff assign passwords/).waitFor();
    assert.equal(await account.getByRole('button', { name: 'Assign password' }).count(), 0);
    await gql(service.base, owner, 'mutation { updateOrganizationSettings(input: { staffPasswordAssignment: true }) { userErrors { code } } }');
    await done(s);
  });

  test('a count beyond the cap says "at least" and the exact one is asked on demand (R6.5)', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    const exact = (await gql(service.base, owner, '{ clients { count(exact: true) { value precision } } }')).clients.count;
    assert.ok(exact.value > 5, 'more clients than the cap');
    await page.getByTestId('client-count').filter({ hasText: /^5\+ clients$/ }).waitFor();
    await shot(page, '25-count-at-least');
    await page.getByRole('button', { name: 'Count them all' }).click();
    await page.getByTestId('client-count').filter({ hasText: new RegExp(`^${exact.value} clients$`) }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Count them all' }).count(), 0);
    // A new search goes back to the fast count.
    await page.getByLabel('Search').fill('example');
    await page.getByTestId('client-count').filter({ hasText: /^5\+ clients$/ }).waitFor();
    await page.getByTestId('language').selectOption('it');
    await page.getByTestId('client-count').filter({ hasText: /^almeno 5 clienti$/ }).waitFor();
    await page.getByRole('button', { name: 'Contali tutti' }).waitFor();
    await page.getByTestId('language').selectOption('en');
    await done(s);
  });

  test('what staff create they can correct: a note corrected and deleted, a tag renamed and deleted (R9.3)', async () => {
    await gql(service.base, owner, 'mutation($i: AddNoteInput!) { addNote(input: $i) { userErrors { code } } }', { i: { clientId: ids.marco, body: 'Preferisce il turno serale' } });
    await tag(ids.marco, ['serale']);
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.goto(`/console/clients/${ids.marco}`);
    const notes = page.getByTestId('list-notes');
    await notes.getByText('Preferisce il turno serale').waitFor();
    await notes.getByRole('button', { name: /^Correct the note of/ }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note').fill('Preferisce il turno del mattino');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/The note was corrected/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await notes.getByText('Preferisce il turno del mattino').waitFor();
    await notes.getByRole('button', { name: /^Delete the note of/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete note' }).click();
    await dialog.getByText(/The note was deleted/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await notes.getByText('Preferisce il turno del mattino').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Settings' }).click();
    const tags = page.getByTestId('tags-admin');
    await tags.getByLabel('Name of tag serale').fill('sera');
    await tags.getByRole('button', { name: 'Rename tag serale' }).click();
    await tags.getByLabel('Name of tag sera').waitFor();
    await tags.getByRole('button', { name: 'Delete tag sera' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete tag' }).click();
    await tags.getByText('The tag "sera" was deleted (1 clients had it).').waitFor();
    const data = await gql(service.base, owner, `{ client(id: "${ids.marco}") { tags { name } notes(first: 5) { nodes { body } } } }`);
    assert.deepEqual(data.client.tags.map((x) => x.name).sort(), ['gala', 'vip']);
    assert.deepEqual(data.client.notes.nodes, []);
    await done(s);
  });

  test('keyboard: skip link, visible focus, a dialog opened and closed without a mouse; no sideways scrolling', async () => {
    const s = await session(STAFF.owner);
    const { page } = s;
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    const box = await skip.boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0, 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await fitsWidth(page);
    await page.goto(`/console/clients/${ids.giulia}`);
    const record = page.getByRole('button', { name: 'Record consent for Marketing in the app' });
    await record.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await record.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.equal(outline, 'solid', 'the focused button shows a focus ring');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Consent: Marketing in the app' }).waitFor();
    assert.equal(await dialog.evaluate((el) => el.contains(document.activeElement)), true, 'focus moves into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await record.evaluate((el) => el === document.activeElement), true, 'focus comes back to the button');
    await fitsWidth(page);
    await shot(page, '24-client-card-consent');
    await done(s);
  });
});
