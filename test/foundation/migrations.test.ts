import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SKIPPED_VERSIONS } from '../../db/migrations';

const migrationsDir = join(import.meta.dirname, '../../db/migrations');

describe('migrations: numbering', () => {
  it('numbers the migrations 1..latest without gaps other than the documented ones', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    const expected: number[] = [];
    for (let v = 1; v <= LATEST_SCHEMA_VERSION; v++) if (!SKIPPED_VERSIONS.includes(v)) expected.push(v);
    expect(versions).toEqual(expected);
  });

  it('documents only gaps that really are gaps', () => {
    for (const v of SKIPPED_VERSIONS) {
      expect(v).toBeLessThan(LATEST_SCHEMA_VERSION);
      expect(MIGRATIONS.some((m) => m.version === v)).toBe(false);
    }
  });

  it('registers every migration file under the version its file name carries', () => {
    const files = readdirSync(migrationsDir).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
