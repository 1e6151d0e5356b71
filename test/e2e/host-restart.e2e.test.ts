/**
 * The loopback host restarted with a new token while a tab was open: the tab first says 访问令牌无效,
 * then pasting the new address into it (only the #token fragment changes, so the page does not
 * load again) must bring the app back with the new token.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/host/paths';
import { createHost, type Host } from '../../electron/host/server';
import { startApp, tempDir, type RunningApp } from './support';

const NEW_TOKEN = 'token-of-the-restarted-host-0123456789';

let app: RunningApp | null = null;
let restarted: Host | null = null;

afterEach(async () => {
  await restarted?.close();
  restarted = null;
  await app?.close();
  app = null;
});

describe('host restart', () => {
  it('takes the new token when its address is pasted into the open tab', async () => {
    app = await startApp({ dbPath: join(tempDir(), 'store.sqlite') });
    const { page, core, port, baseUrl } = app;
    await core.dispatch('campaigns.create', { name: '重启后仍可打开', year: 2026 }, { actor: 'e2e', transport: 'test' });

    // The host restarts on the same port with a new token; the tab's next call is refused.
    await app.host.close();
    restarted = createHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIST, token: NEW_TOKEN, actor: 'e2e' });
    await restarted.listen(port);
    await page.reload();
    await page.getByRole('heading', { name: '访问令牌无效' }).waitFor();

    // The user pastes the new address: same page, new fragment.
    await page.goto(`${baseUrl}#token=${NEW_TOKEN}`);
    await page.locator('.app-header').waitFor();
    await page.getByText('重启后仍可打开').first().waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('dossier-review.token'))).toBe(NEW_TOKEN);
    // The token does not stay in the address bar.
    expect(page.url()).not.toContain('token=');
  });
});
