/**
 * `roster lockout` as a child process (#18, docs/roles.md): shows the campaign's PIN lock-out policy,
 * sets tries and/or minutes through session.setLockoutPolicy (audited), refuses values outside 3–20 /
 * 1–1440 and non-numbers with exit 1 leaving the policy as it was, and exits 3 on a damaged store.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from '../foundation/temp';
import { runCli as cli } from '../fixtures/run-cli';

const tempDir = useTempDir();

describe('roster lockout', () => {
  it('shows, sets (audited), refuses bad values with exit 1 and keeps the policy; a damaged store exits 3', { timeout: 900_000 }, async () => {
    const dir = tempDir();
    const db = join(dir, 'lockout.sqlite');
    const core = await openCore(db);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 'setup', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '暂停规则', year: 2026 });
    core.close();
    const base = ['roster', 'lockout', '--db', db, '--campaign', campaign.id];

    const shown = cli(...base, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ campaignId: campaign.id, maxFailures: 5, minutes: 5, changed: false });

    const set = cli(...base, '--tries', '8', '--minutes', '90');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('已设置 PIN 连续输错暂停规则：连续输错 8 次，暂停 1 小时 30 分钟');
    // One option alone keeps the other.
    const minutesOnly = cli(...base, '--minutes', '1440', '--json');
    expect(JSON.parse(minutesOnly.stdout)).toMatchObject({ maxFailures: 8, minutes: 1440, changed: true });

    for (const [flag, value, message] of [
      ['--tries', '2', '连续输错次数至少为 3'],
      ['--minutes', '1441', '暂停时间最多 24 小时'],
      ['--tries', '五', '--tries 应为整数'],
    ]) {
      const bad = cli(...base, flag, value, '--json');
      expect(bad.code, `${flag} ${value}`).toBe(1);
      expect(bad.stderr).toContain(message);
    }
    expect(JSON.parse(cli(...base, '--json').stdout)).toMatchObject({ maxFailures: 8, minutes: 1440 });
    expect(cli('roster', 'lockout', '--db', db, '--campaign', '00000000-0000-7000-8000-000000000000').code).toBe(1);

    // Both changes are in the audit log, before and after.
    const check = await openCore(db);
    const rows = check.store.db.prepare(`SELECT before AS b, after AS a FROM audit_log WHERE action = 'set_pin_lockout_policy' ORDER BY seq`).all() as { b: string; a: string }[];
    check.close();
    expect(rows.map((r) => [JSON.parse(r.b), JSON.parse(r.a)])).toEqual([
      [{ maxFailures: 5, minutes: 5 }, { maxFailures: 8, minutes: 90 }],
      [{ maxFailures: 8, minutes: 90 }, { maxFailures: 8, minutes: 1440 }],
    ]);

    // A damaged store: exit 3, nothing written.
    const bytes = readFileSync(db);
    randomBytes(4096).copy(bytes, 0);
    writeFileSync(db, bytes);
    const damaged = cli(...base, '--tries', '6');
    expect(damaged.code, damaged.stderr).toBe(3);
  });
});
