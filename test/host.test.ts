/**
 * The loopback host against the real core on a temporary SQLite file: token, Host/Origin checks,
 * static files (confinement, content types, security headers), and the API envelope over HTTP.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../electron/core/index';
import { RENDERER_CSP } from '../electron/host/csp';
import { defaultStorePath, REPO_ROOT } from '../electron/host/paths';
import { createHost, MAX_BODY_BYTES, type Host } from '../electron/host/server';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json(): unknown;
}

let dir: string;
let core: Core;
let host: Host;
let port: number;

/** Raw HTTP so tests control the path bytes and the Host header exactly (fetch normalises both). */
function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers },
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }, hostHeader?: string) =>
  send({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    host: hostHeader,
  });

const campaignCount = () => (core.store.db.prepare('SELECT COUNT(*) AS n FROM campaigns').get() as { n: number }).n;
const auditCount = () => (core.store.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-host-'));
  // A renderer folder with a secret beside it: traversal must never reach the secret.
  const rendererDir = join(dir, 'site', 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(join(rendererDir, 'pdfjs', 'cmaps'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>测试</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'worker.mjs'), 'export {}');
  writeFileSync(join(rendererDir, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(rendererDir, 'pdfjs', 'openjpeg.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(rendererDir, 'pdfjs', 'cmaps', 'UniGB-UCS2-H.bcmap'), Buffer.from([1, 2, 3]));
  writeFileSync(join(rendererDir, 'pdfjs', 'FoxitSerif.pfb'), Buffer.from([4, 5, 6]));
  writeFileSync(join(dir, 'site', 'secret.txt'), 'TOP-SECRET');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');

  core = await openCore(join(dir, 'store.sqlite'));
  host = createHost({ dispatch: core.dispatch, rendererDir, token: TOKEN, actor: 'host-test' });
  ({ port } = await host.listen(0));
});

afterAll(async () => {
  await host?.close();
  core?.close();
});

describe('loopback host: API', () => {
  it('refuses calls without a token or with a wrong one (401) and writes nothing', async () => {
    const input = { name: '未授权', year: 2026 };
    const cases: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong-token' },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { Authorization: TOKEN },
      { Authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of cases) {
      const r = await api('campaigns.create', input, headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(campaignCount()).toBe(0);
    expect(auditCount()).toBe(0);
  });

  it('runs calls with the token and returns the envelope', async () => {
    const created = await api('campaigns.create', { name: '2026 年度执法案卷评查', year: 2026, organiser: '某市司法局' });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(created.headers['cache-control']).toBe('no-store');
    const env = created.json() as { ok: true; value: { id: string; name: string; phase: string } };
    expect(env.ok).toBe(true);
    expect(env.value).toMatchObject({ name: '2026 年度执法案卷评查', phase: 'planned' });

    const list = await api('campaigns.list', {});
    expect((list.json() as { value: { id: string }[] }).value.map((c) => c.id)).toEqual([env.value.id]);
    // Recorded with the host's actor.
    const row = core.store.db.prepare(`SELECT actor FROM audit_log WHERE entity_id = ?`).get(env.value.id) as { actor: string };
    expect(row.actor).toBe('host-test');
    // An empty body means "no argument".
    const info = await send({ method: 'POST', path: '/api/system.info', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(info.json()).toMatchObject({ ok: true, value: { schemaVersion: core.store.schemaVersion } });
  });

  it('returns invalid_argument envelopes (HTTP 200) for arguments the contract rejects', async () => {
    const before = campaignCount();
    const r = await api('campaigns.create', { name: '   ', year: 1999 });
    expect(r.status).toBe(200);
    const env = r.json() as { ok: false; error: { code: string; message: string } };
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('invalid_argument');
    expect(env.error.message).toContain('活动名称不能为空');
    expect(env.error.message).toContain('年度不能早于 2000');
    expect(campaignCount()).toBe(before);

    const unknown = await api('campaigns.explode', {});
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('answers malformed JSON with 400 and a readable message', async () => {
    const r = await api('campaigns.create', '{"name": "x", year: }');
    expect(r.status).toBe(400);
    const env = r.json() as { ok: false; error: { code: string; message: string } };
    expect(env.error.code).toBe('bad_input');
    expect(env.error.message).toMatch(/^请求内容不是有效的 JSON：/);
  });

  it('refuses bodies over 50 MB with 413', async () => {
    // Declared too large: refused before the body is read.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/campaigns.list',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(MAX_BODY_BYTES + 1) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
      req.write('{');
    });
    expect(declared).toBe(413);

    // Chunked (no length declared): refused once the limit is passed.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/campaigns.list', headers: { Authorization: `Bearer ${TOKEN}`, 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') || ['ECONNRESET', 'EPIPE'].includes((e as NodeJS.ErrnoException).code ?? '') ? undefined : reject(e)));
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent <= MAX_BODY_BYTES + chunk.length && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    expect(chunked).toBe(413);
  });

  it('accepts only POST on /api', async () => {
    const r = await send({ method: 'GET', path: '/api/system.info', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(405);
  });
});

describe('loopback host: Host and Origin checks', () => {
  it('refuses requests whose Host header is not this loopback port (DNS rebinding)', async () => {
    const before = campaignCount();
    for (const h of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `192.168.1.10:${port}`, `127.0.0.1`, '']) {
      const r = await api('campaigns.create', { name: '重绑定', year: 2026 }, { Authorization: `Bearer ${TOKEN}` }, h);
      expect(r.status, h).toBe(403);
      const page = await send({ path: '/', host: h });
      expect(page.status, h).toBe(403);
      expect(page.text).not.toContain('<title>');
    }
    expect(campaignCount()).toBe(before);
    expect((await send({ path: '/', host: `localhost:${port}` })).status).toBe(200);
    expect((await send({ path: '/', host: `LOCALHOST:${port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin and accepts its own', async () => {
    const before = campaignCount();
    for (const origin of ['http://evil.example', `http://localhost:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const r = await api('campaigns.create', { name: '跨站', year: 2026 }, { Authorization: `Bearer ${TOKEN}`, Origin: origin });
      expect(r.status, origin).toBe(403);
    }
    expect(campaignCount()).toBe(before);
    const own = await api('campaigns.list', {}, { Authorization: `Bearer ${TOKEN}`, Origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBe(200);
  });
});

describe('loopback host: static files', () => {
  it('serves index.html at / with the security headers', async () => {
    const r = await send({ path: '/' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>测试</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await send({ path: '/index.html?x=1' })).text).toContain('<title>测试</title>');
  });

  it('sends the right content types', async () => {
    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/worker.mjs': 'text/javascript; charset=utf-8',
      '/assets/style.css': 'text/css; charset=utf-8',
      '/pdfjs/openjpeg.wasm': 'application/wasm',
      '/pdfjs/cmaps/UniGB-UCS2-H.bcmap': 'application/octet-stream',
      '/pdfjs/FoxitSerif.pfb': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(types)) {
      const r = await send({ path });
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('answers 404 for unknown paths and directories', async () => {
    for (const path of ['/nope.html', '/assets', '/assets/', '/api']) {
      const r = await send({ path, method: path === '/api' ? 'POST' : 'GET', headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(r.status, path).toBe(404);
    }
  });

  it('never serves files outside the renderer folder (path traversal)', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%2f..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/secret.txt%00.html',
      '/../package.json',
      '/%2e%2e/%2e%2e/%2e%2e/package.json',
      `/${'..%2f'.repeat(12)}etc/passwd`,
    ];
    for (const path of attempts) {
      const r = await send({ path });
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.text, path).not.toContain('TOP-SECRET');
      expect(r.text, path).not.toContain('"name"');
      expect(r.text, path).not.toContain('root:');
    }
  });
});

describe('loopback host: refusals (issue #16)', () => {
  it('answers 未知的接口方法 for names that exist only on Object.prototype or Function', async () => {
    for (const method of ['constructor.name', 'campaigns.constructor', 'toString.length', 'campaigns.hasOwnProperty', 'hasOwnProperty.call']) {
      const env = (await api(method, {})).json() as { ok: boolean; error?: { code: string; message: string } };
      expect(env, method).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: `未知的接口方法：${method}` } });
    }
  });

  it('refuses local paths in files.attach, alike for paths that exist and paths that do not', async () => {
    const campaign = (await api('campaigns.create', { name: '路径测试', year: 2026 })).json() as { value: { id: string } };
    const campaignId = campaign.value.id;
    const replies = [];
    for (const input of [
      { campaignId, dir: '/etc' },
      { campaignId, dir: join(dir, 'no-such-folder') },
      { campaignId, files: [{ name: 'passwd.pdf', path: '/etc/passwd' }] },
      { campaignId, files: [{ name: 'x.pdf', path: join(dir, 'no-such.pdf') }] },
    ]) {
      const env = (await api('files.attach', input)).json() as { ok: boolean; error?: { code: string; message: string } };
      expect(env, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      replies.push(env);
    }
    // Nothing in the reply tells an existing path from a missing one.
    expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(replies[0]!.error!.message).toContain('请选择文件上传');
    // Uploads (bytes from the browser) still start a job.
    const upload = (await api('files.attach', { campaignId, uploads: [{ name: 'A.pdf', dataBase64: Buffer.from('%PDF-1.4').toString('base64') }] })).json();
    expect(upload).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
  });
});

describe('loopback host: lifecycle and configuration', () => {
  it('requires a real token', () => {
    expect(() => createHost({ dispatch: core.dispatch, rendererDir: dir, token: '', actor: 'x' })).toThrow(/token/);
  });

  it('listens on 127.0.0.1 only and frees the port on close', async () => {
    const h = createHost({ dispatch: core.dispatch, rendererDir: dir, token: TOKEN, actor: 'x' });
    const { url, port: p } = await h.listen(0);
    expect(url).toBe(`http://127.0.0.1:${p}/`);
    await h.close();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('gives each browser tab its own "who am I" session by the X-Dossier-Session header', async () => {
    const h = createHost({ dispatch: core.dispatch, rendererDir: dir, token: TOKEN, actor: 'x' });
    const { port: p } = await h.listen(0);
    const call = async (method: string, body: unknown, session?: string) => {
      const res = await fetch(`http://127.0.0.1:${p}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...(session ? { 'X-Dossier-Session': session } : {}) },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; value: { id: string; reviewer: { name: string } | null; available: boolean } };
    };
    try {
      const campaign = await call('campaigns.create', { name: '会话测试', year: 2026 });
      const member = await call('reviewers.add', { campaignId: campaign.value.id, name: '甲评查' });
      const tabA = 'tab-a-0123456789abcdef';
      expect((await call('session.choose', { reviewerId: member.value.id }, tabA)).value.reviewer?.name).toBe('甲评查');
      expect((await call('session.current', {}, tabA)).value.reviewer?.name).toBe('甲评查');
      expect((await call('session.current', {}, 'tab-b-0123456789abcdef')).value).toEqual({ reviewer: null, available: true });
      // No header (or a malformed one) = no session at all.
      expect((await call('session.current', {})).value).toEqual({ reviewer: null, available: false });
      expect((await call('session.current', {}, 'short')).value.available).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('keeps the renderer meta CSP identical to the header', () => {
    const html = readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it('puts the default database in the per-user data folder named "Dossier Review"', () => {
    // Electron's userData on Linux ($XDG_CONFIG_HOME or ~/.config), so serve and the app share one store.
    expect(defaultStorePath('linux', { XDG_CONFIG_HOME: '/cfg/u' }, '/home/u')).toBe('/cfg/u/Dossier Review/store.sqlite');
    expect(defaultStorePath('linux', {}, '/home/u')).toBe('/home/u/.config/Dossier Review/store.sqlite');
    expect(defaultStorePath('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Dossier Review/store.sqlite');
    expect(defaultStorePath('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Dossier Review\\store.sqlite',
    );
  });
});
