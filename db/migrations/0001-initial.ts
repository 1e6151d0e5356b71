import type { Migration } from './types';

/**
 * The whole data model, designed up front so later features add columns rather than rework tables.
 * Conventions: STRICT tables; UUID text ids on every row that may travel between laptops; dates as
 * ISO text (YYYY-MM-DD), timestamps as ISO-8601 UTC text; money as integer fen (分) to avoid float
 * drift; lists and free-form structures as JSON text; booleans as 0/1 integers (NULL = not recorded).
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE checklist_templates (
        id TEXT PRIMARY KEY,
        template_key TEXT NOT NULL,           -- e.g. 'PG' (行政处罚一般程序)
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        case_type TEXT NOT NULL,
        procedure TEXT,
        source TEXT NOT NULL CHECK (source IN ('builtin','imported','edited')),
        body TEXT NOT NULL,                   -- the template as validated JSON; immutable once stored
        body_sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (template_key, version)
      ) STRICT;

      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        organiser TEXT NOT NULL DEFAULT '',
        scope_notes TEXT NOT NULL DEFAULT '',
        phase TEXT NOT NULL DEFAULT 'planned'
          CHECK (phase IN ('planned','self_check','sampling','review','recheck','feedback','published','rectification')),
        settings TEXT NOT NULL DEFAULT '{}',  -- campaign-level configuration (grade thresholds override, masking…)
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- A campaign pins exact template versions: editing a template makes a new version and never
      -- changes scores already given.
      CREATE TABLE campaign_templates (
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        template_id TEXT NOT NULL REFERENCES checklist_templates(id),
        PRIMARY KEY (campaign_id, template_id)
      ) STRICT;

      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        short_code TEXT,
        region TEXT,
        sector TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Remembered column mappings for registers whose headers differ from the template, per unit.
      CREATE TABLE import_mappings (
        id TEXT PRIMARY KEY,
        unit_name TEXT NOT NULL UNIQUE,
        mapping TEXT NOT NULL,                -- JSON {sourceHeader: templateColumn}
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE register_imports (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('csv','xlsx')),
        encoding TEXT,
        sheet TEXT,
        row_count INTEGER NOT NULL,
        imported INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;

      CREATE TABLE reviewers (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        unit_name TEXT NOT NULL DEFAULT '',   -- may be outside the reviewed units (律师事务所, 监督员…)
        unit_id TEXT REFERENCES units(id),
        role TEXT NOT NULL CHECK (role IN ('reviewer','leader','legal_office')),
        cert_no TEXT,
        phone TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (campaign_id, name, unit_name)
      ) STRICT;

      CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        case_no TEXT NOT NULL,                -- 案卷编号
        case_type TEXT NOT NULL
          CHECK (case_type IN ('行政处罚','行政许可','行政强制','行政检查','行政征收','行政确认','其他')),
        procedure TEXT,                       -- 程序类型: 一般程序 / 简易程序 / …
        field TEXT,                           -- 执法领域
        cause TEXT NOT NULL,                  -- 案由
        party TEXT NOT NULL,                  -- 当事人
        party_type TEXT CHECK (party_type IN ('个人','单位')),
        party_id_no TEXT,                     -- 证件号码 (personal data: masked in every export)
        party_phone TEXT,
        officers TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, certNo}]
        date_applied TEXT,                    -- 申请日期
        date_accepted TEXT,                   -- 受理日期
        date_discovered TEXT,                 -- 发现日期
        date_filed TEXT,                      -- 立案日期
        date_notice TEXT,                     -- 告知日期
        date_notice_served TEXT,              -- 告知送达日期
        date_hearing_requested TEXT,          -- 听证申请日期
        date_hearing_notice TEXT,             -- 听证通知日期
        date_hearing TEXT,                    -- 听证日期
        extension_approved INTEGER CHECK (extension_approved IN (0,1)),
        date_decision TEXT,                   -- 决定日期
        date_decision_served TEXT,            -- 决定送达日期
        date_paid TEXT,                       -- 缴款日期
        date_seized TEXT,                     -- 查封扣押日期
        date_seizure_extended TEXT,           -- 查封扣押延长日期
        date_released TEXT,                   -- 解除日期
        date_reminder TEXT,                   -- 催告日期
        date_enforced TEXT,                   -- 强制执行日期
        date_closed TEXT NOT NULL,            -- 结案日期
        penalty_kinds TEXT NOT NULL DEFAULT '[]',
        fine_fen INTEGER CHECK (fine_fen >= 0),
        confiscation_fen INTEGER CHECK (confiscation_fen >= 0),
        violation_code TEXT,
        circumstance TEXT CHECK (circumstance IN ('轻微','一般','较重','严重')),
        legal_review INTEGER CHECK (legal_review IN (0,1)),
        collective_discussion INTEGER CHECK (collective_discussion IN (0,1)),
        file_ref TEXT,                        -- 卷宗文件: relative path of the dossier PDF in the register
        facts_override TEXT NOT NULL DEFAULT '{}', -- reviewer-corrected facts (JSON); the register row stays as imported
        raw TEXT NOT NULL DEFAULT '{}',       -- the register row as imported, unknown columns included
        content_hash TEXT NOT NULL,           -- of the normalised row: makes re-import idempotent
        import_id TEXT REFERENCES register_imports(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (campaign_id, case_no)
      ) STRICT;
      CREATE INDEX dossiers_list ON dossiers (campaign_id, unit_id, case_type, date_closed);

      CREATE TABLE dossier_files (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,                 -- the file lives in the store folder under this name
        original_name TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        attached_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id);

      CREATE TABLE dossier_pages (
        file_id TEXT NOT NULL REFERENCES dossier_files(id) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        text_source TEXT NOT NULL CHECK (text_source IN ('text','ocr','none')),
        text TEXT NOT NULL DEFAULT '',
        lines TEXT,                           -- JSON line boxes (OCR)
        confidence REAL,
        image_sha256 TEXT,                    -- OCR results are keyed by the page image's hash
        PRIMARY KEY (file_id, page_no)
      ) STRICT;

      -- Where a standard document (立案审批表, 行政处罚决定书 …) starts: suggested, then corrected by a reviewer.
      CREATE TABLE document_tags (
        id TEXT PRIMARY KEY,
        file_id TEXT NOT NULL REFERENCES dossier_files(id) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        doc_type TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('auto','ocr','manual')),
        confidence REAL,
        created_at TEXT NOT NULL,
        UNIQUE (file_id, page_no, doc_type)
      ) STRICT;

      CREATE TABLE sample_draws (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        seed TEXT NOT NULL,
        settings TEXT NOT NULL,               -- JSON: per-unit count or ratio, minimum, strata, date range
        population TEXT NOT NULL,             -- JSON: population size per stratum
        algorithm TEXT NOT NULL,              -- named PRNG + ordering, so anyone can re-run the draw
        is_current INTEGER NOT NULL CHECK (is_current IN (0,1)),
        drawn_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX sample_draws_one_current ON sample_draws (campaign_id) WHERE is_current = 1;

      CREATE TABLE samples (
        id TEXT PRIMARY KEY,
        draw_id TEXT NOT NULL REFERENCES sample_draws(id) ON DELETE CASCADE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        draw_order INTEGER NOT NULL,
        stratum TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('random','manual_add','manual_replace')),
        reason TEXT,
        replaces_dossier_id TEXT REFERENCES dossiers(id),
        withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0,1)),
        withdrawn_reason TEXT,
        UNIQUE (draw_id, dossier_id)
      ) STRICT;

      CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        reviewer_id TEXT NOT NULL REFERENCES reviewers(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('primary','cross')),
        seed TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn')),
        withdrawn_reason TEXT,
        assigned_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX assignments_dossier ON assignments (dossier_id);
      CREATE INDEX assignments_reviewer ON assignments (reviewer_id, status);

      -- Declared conflicts of interest (回避): on one dossier, a whole unit, or a party.
      CREATE TABLE reviewer_conflicts (
        id TEXT PRIMARY KEY,
        reviewer_id TEXT NOT NULL REFERENCES reviewers(id) ON DELETE CASCADE,
        dossier_id TEXT REFERENCES dossiers(id) ON DELETE CASCADE,
        unit_id TEXT REFERENCES units(id),
        party TEXT,
        reason TEXT NOT NULL,
        declared_at TEXT NOT NULL,
        CHECK (dossier_id IS NOT NULL OR unit_id IS NOT NULL OR party IS NOT NULL)
      ) STRICT;

      CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        assignment_id TEXT NOT NULL UNIQUE REFERENCES assignments(id) ON DELETE CASCADE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        reviewer_id TEXT NOT NULL REFERENCES reviewers(id),
        template_id TEXT NOT NULL REFERENCES checklist_templates(id),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','locked')),
        total REAL,
        grade TEXT,
        veto INTEGER NOT NULL DEFAULT 0 CHECK (veto IN (0,1)),
        dimension_scores TEXT NOT NULL DEFAULT '{}',
        strengths TEXT NOT NULL DEFAULT '',
        problems TEXT NOT NULL DEFAULT '',
        suggestions TEXT NOT NULL DEFAULT '',
        submitted_at TEXT,
        locked_at TEXT,
        locked_by TEXT,
        revision INTEGER NOT NULL DEFAULT 0,  -- bumps on every write: optimistic concurrency and merge
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_dossier ON reviews (dossier_id);

      CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        item_code TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('conform','deduct','na','veto')),
        deduction REAL NOT NULL DEFAULT 0 CHECK (deduction >= 0),
        occurrences INTEGER NOT NULL DEFAULT 0 CHECK (occurrences >= 0),
        note TEXT NOT NULL DEFAULT '',
        page_refs TEXT NOT NULL DEFAULT '[]', -- JSON [{page, text?}]
        updated_at TEXT NOT NULL,
        UNIQUE (review_id, item_code)
      ) STRICT;
      -- Covering index for campaign-wide aggregates (bulletin over 600k answers).
      CREATE INDEX answers_aggregate ON answers (item_code, verdict, deduction, review_id);

      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        review_id TEXT REFERENCES reviews(id) ON DELETE CASCADE,
        origin TEXT NOT NULL CHECK (origin IN ('auto','manual')),
        rule_id TEXT,
        law TEXT,
        article INTEGER,
        severity TEXT NOT NULL CHECK (severity IN ('veto','deduction','advisory')),
        item_code TEXT,
        message TEXT NOT NULL,
        computation TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','dismissed')),
        decision_reason TEXT,
        decided_at TEXT,
        decided_by TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX findings_dossier ON findings (dossier_id, status);

      -- Discretion benchmarks (裁量基准), after the brief's §5 model.
      CREATE TABLE benchmark_docs (
        id TEXT PRIMARY KEY,
        issuer TEXT NOT NULL,
        doc_no TEXT,
        title TEXT NOT NULL,
        region TEXT,
        sector TEXT,
        effective_from TEXT,
        effective_to TEXT,
        is_example INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0,1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE benchmark_items (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES benchmark_docs(id) ON DELETE CASCADE,
        code TEXT NOT NULL,                   -- 违法行为代码
        violation_name TEXT NOT NULL,
        violated_provision TEXT,
        penalty_provision TEXT,
        range_min REAL,
        range_max REAL,
        range_unit TEXT NOT NULL DEFAULT 'yuan'
          CHECK (range_unit IN ('yuan','multiple_of_illegal_gain','multiple_of_goods_value','pct_of_investment')),
        other_penalties TEXT,
        UNIQUE (doc_id, code)
      ) STRICT;
      CREATE TABLE benchmark_tiers (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES benchmark_items(id) ON DELETE CASCADE,
        tier TEXT NOT NULL CHECK (tier IN ('NO_PENALTY','MITIGATED','LENIENT','GENERAL','SEVERE')),
        circumstance TEXT,                    -- the register's 情节 value this tier answers to
        conditions_text TEXT NOT NULL DEFAULT '',
        fine_min REAL,
        fine_max REAL,
        penalty_types TEXT NOT NULL DEFAULT '[]',
        requires_hearing INTEGER NOT NULL DEFAULT 0,
        requires_collective_discussion INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- The State Council's holiday schedule: only the exceptions to "Mon–Fri work, Sat–Sun rest".
      CREATE TABLE calendar_years (
        year INTEGER PRIMARY KEY,
        source TEXT NOT NULL,                 -- e.g. 国办发明电〔2023〕7号
        loaded_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE calendar_days (
        date TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')), -- workday = 调休上班日 on a weekend
        name TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE rectification_notices (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','replied','closed')),
        reply_deadline TEXT,
        body TEXT NOT NULL DEFAULT '{}',
        sent_at TEXT,
        replied_at TEXT,
        closed_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (campaign_id, unit_id)
      ) STRICT;

      -- Append-only and hash-chained: each row's hash covers its content and the previous row's hash,
      -- so editing or deleting a row breaks the chain from that row on.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before TEXT,
        after TEXT,
        reason TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
