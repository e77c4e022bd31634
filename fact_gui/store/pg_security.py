"""What a team (PostgreSQL) database enforces itself: group roles, grants, row security, triggers.

The rules mirror ``domain/workflow.py`` (the spec) so that a script holding an analyst's
password can do no more than the window; tests check that both agree. The script is
idempotent and versioned: ``fact-gui team init|upgrade`` apply it in the transaction that
migrates the schema (roles are cluster-wide and PostgreSQL-only, so alembic's per-database
migrations are not the place), and clients refuse a database whose rules are older.

Every table needs a decision here (``TABLES``); a test fails when one is missing.
"""

from __future__ import annotations

# Bump whenever SCRIPT changes: clients refuse a database whose applied rules are older.
SECURITY_VERSION = 2  # 2: links, versions, row versions, live changes, bulk chain appends

GROUPS = ("factgui_analyst", "factgui_reviewer", "factgui_admin")

# Who may write what, besides reading everything (row rules and triggers narrow it further).
TABLES: dict[str, str] = {
    "article": "insert: analyst, admin; update: everyone, by the state/property triggers; "
    "lineage and version set once, in the import transaction; updated_by is the login",
    "claim": "insert: analyst, admin (carried claims too); update: everyone, by the claim "
    "trigger; never deleted; analyst and updated_by are the login",
    "article_link": "insert: analyst, admin, with their article in its import transaction; "
    "never changed or deleted",
    "comment": "insert in one's own name, by the comment trigger; never changed or deleted",
    "signoff": "insert: reviewers in their own name with their key; update: invalidation only",
    "audit_event": "insert in one's own name, following the chain head; never changed",
    "audit_head": "update: one step forward per appended event",
    "reviewer_key": "insert: admins, or a reviewer's own first key; update: admins revoke",
    "desk_setting": "admins (not the security version)",
    "work_session": "one's own sessions",
    "session_article": "rows of one's own sessions",
    "alembic_version": "read only (team init/upgrade migrate, as the owner)",
    "change_log": "read only: PostgreSQL announces changes with NOTIFY, this SQLite log stays "
    "empty",
    "presence": "everyone: insert, update and delete their own windows' rows (in their name)",
}

SCRIPT = r"""
DO $do$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'factgui_analyst') THEN
    CREATE ROLE factgui_analyst NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'factgui_reviewer') THEN
    CREATE ROLE factgui_reviewer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'factgui_admin') THEN
    CREATE ROLE factgui_admin NOLOGIN;
  END IF;
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO factgui_analyst, '
                 'factgui_reviewer, factgui_admin', current_database());
END
$do$;

-- Start from nothing on every run, so the grants below are the whole truth.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM factgui_analyst, factgui_reviewer, factgui_admin;
GRANT USAGE ON SCHEMA public TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public
  TO factgui_analyst, factgui_reviewer, factgui_admin;

GRANT INSERT ON article, claim, article_link TO factgui_analyst, factgui_admin;
GRANT UPDATE ON article, claim TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT INSERT ON comment, audit_event, work_session, session_article
  TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT UPDATE ON work_session, session_article TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT UPDATE (seq, hash) ON audit_head TO factgui_analyst, factgui_reviewer, factgui_admin;
GRANT INSERT ON signoff TO factgui_reviewer;
GRANT UPDATE (invalidated_at, invalidated_by, invalidated_reason) ON signoff
  TO factgui_reviewer, factgui_admin;
GRANT INSERT ON reviewer_key TO factgui_reviewer, factgui_admin;
GRANT UPDATE (revoked_at, revoked_by) ON reviewer_key TO factgui_admin;
GRANT INSERT, UPDATE ON desk_setting TO factgui_admin;
GRANT INSERT, UPDATE, DELETE ON presence TO factgui_analyst, factgui_reviewer, factgui_admin;

-- ------------------------------------------------------------------ helpers
CREATE OR REPLACE FUNCTION factgui_has(group_name text) RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factgui_' || group_name
                 AND pg_has_role(current_user, oid, 'MEMBER'))
$f$;

CREATE OR REPLACE FUNCTION factgui_refuse(msg text) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = 'insufficient_privilege';
END
$f$;

CREATE OR REPLACE FUNCTION factgui_append_only() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM factgui_refuse(format('%s rows are never %sd: the table is append-only',
                                TG_TABLE_NAME, lower(TG_OP)));
  RETURN NULL;
END
$f$;

-- ------------------------------------------------------------------ articles
CREATE OR REPLACE FUNCTION factgui_article_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  editor boolean := factgui_has('analyst') OR factgui_has('admin');
  ok boolean;
BEGIN
  NEW.updated_by := current_user;
  IF TG_OP = 'INSERT' THEN
    IF NEW.state IN ('submitted', 'signed_off') THEN
      PERFORM factgui_refuse('a new article starts new or annotating');
    END IF;
    NEW.imported_by := current_user;
    -- Its place among the versions is set once, by the import that inserts it (below).
    NEW.lineage_id := NULL;
    NEW.version := 1;
    RETURN NEW;
  END IF;
  IF OLD.lineage_id IS NULL THEN
    -- The import transaction places the new article: a first version is its own lineage,
    -- a new one follows the newest version of an existing lineage.
    IF NEW.lineage_id IS NOT NULL AND NOT (
         (NEW.lineage_id = NEW.id AND NEW.version = 1)
         OR NEW.version = 1 + (SELECT max(version) FROM article
                               WHERE lineage_id = NEW.lineage_id AND id <> NEW.id)) THEN
      PERFORM factgui_refuse(format('article %s: a new version follows the newest version of '
                                    'its lineage', NEW.id));
    END IF;
    IF NEW.lineage_id IS NULL AND NEW.version IS DISTINCT FROM OLD.version THEN
      PERFORM factgui_refuse(format('article %s: its version number comes with its lineage',
                                    NEW.id));
    END IF;
  ELSIF (NEW.lineage_id, NEW.version) IS DISTINCT FROM (OLD.lineage_id, OLD.version) THEN
    PERFORM factgui_refuse('an article''s place among its versions never changes');
  END IF;
  IF (NEW.id, NEW.text, NEW.text_sha256, NEW.original, NEW.original_sha256, NEW.source,
      NEW.source_format, NEW.encoding, NEW.imported_at, NEW.imported_by, NEW.source_kind,
      NEW.fetched_at, NEW.kept_start, NEW.kept_end, NEW.extracted_chars)
     IS DISTINCT FROM
     (OLD.id, OLD.text, OLD.text_sha256, OLD.original, OLD.original_sha256, OLD.source,
      OLD.source_format, OLD.encoding, OLD.imported_at, OLD.imported_by, OLD.source_kind,
      OLD.fetched_at, OLD.kept_start, OLD.kept_end, OLD.extracted_chars) THEN
    PERFORM factgui_refuse('an article''s text, original bytes and provenance never change');
  END IF;
  IF (NEW.title, NEW.outlet, NEW.author, NEW.url, NEW.published)
     IS DISTINCT FROM (OLD.title, OLD.outlet, OLD.author, OLD.url, OLD.published) THEN
    IF NOT editor THEN
      PERFORM factgui_refuse(format('%s may not edit an article''s properties (role)',
                                    current_user));
    END IF;
    IF OLD.state IN ('submitted', 'signed_off') THEN
      PERFORM factgui_refuse(format('article %s is %s: its properties cannot change',
                                    OLD.id, OLD.state));
    END IF;
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    CASE OLD.state || '>' || NEW.state
      WHEN 'new>annotating', 'annotating>submitted' THEN ok := editor;
      WHEN 'submitted>annotating', 'submitted>signed_off' THEN ok := factgui_has('reviewer');
      WHEN 'signed_off>annotating' THEN ok := factgui_has('reviewer') OR factgui_has('admin');
      ELSE
        PERFORM factgui_refuse(format('article %s cannot go from %s to %s',
                                      OLD.id, OLD.state, NEW.state));
    END CASE;
    IF NOT ok THEN
      PERFORM factgui_refuse(format('%s may not move article %s from %s to %s (role)',
                                    current_user, OLD.id, OLD.state, NEW.state));
    END IF;
    IF NEW.state = 'submitted' AND NOT EXISTS
       (SELECT 1 FROM claim WHERE article_id = NEW.id AND deleted_at IS NULL) THEN
      PERFORM factgui_refuse(format('article %s has no claims to submit', NEW.id));
    END IF;
    IF NEW.state = 'signed_off' AND EXISTS
       (SELECT 1 FROM claim WHERE article_id = NEW.id AND deleted_at IS NULL
        AND review <> 'accepted') THEN
      PERFORM factgui_refuse(format('article %s: not every claim is accepted', NEW.id));
    END IF;
  END IF;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT OR UPDATE ON article
  FOR EACH ROW EXECUTE FUNCTION factgui_article_guard();

-- At commit: signed off <=> exactly one valid sign-off.
CREATE OR REPLACE FUNCTION factgui_article_signed() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  st text;
  valid int;
BEGIN
  SELECT state INTO st FROM article WHERE id = NEW.id;
  SELECT count(*) INTO valid FROM signoff WHERE article_id = NEW.id AND invalidated_at IS NULL;
  IF st = 'signed_off' AND valid <> 1 THEN
    PERFORM factgui_refuse(format('article %s would be signed off without a sign-off', NEW.id));
  END IF;
  IF st <> 'signed_off' AND valid > 0 THEN
    PERFORM factgui_refuse(format('article %s is %s but its sign-off is still valid',
                                  NEW.id, st));
  END IF;
  RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS factgui_signed ON article;
CREATE CONSTRAINT TRIGGER factgui_signed AFTER UPDATE OF state ON article
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION factgui_article_signed();

-- ------------------------------------------------------------------ claims
CREATE OR REPLACE FUNCTION factgui_claim_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  st text;
  editor boolean := factgui_has('analyst') OR factgui_has('admin');
BEGIN
  NEW.updated_by := current_user;
  SELECT state INTO st FROM article WHERE id = NEW.article_id;
  IF TG_OP = 'INSERT' THEN
    IF NOT editor THEN
      PERFORM factgui_refuse(format('%s may not change claims (role)', current_user));
    END IF;
    IF st NOT IN ('new', 'annotating') THEN
      PERFORM factgui_refuse(format('article %s is %s: its claims cannot change',
                                    NEW.article_id, st));
    END IF;
    NEW.analyst := current_user;
    NEW.review := 'pending';
    NEW.reviewed_by := NULL;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.article_id, NEW.created_at) IS DISTINCT FROM
     (OLD.id, OLD.article_id, OLD.created_at) THEN
    PERFORM factgui_refuse('a claim''s id, article and creation time never change');
  END IF;
  NEW.analyst := OLD.analyst;  -- who made it is nobody's to rewrite
  IF (NEW.start_offset, NEW.end_offset, NEW.tag, NEW.quote, NEW.note, NEW.deleted_at)
     IS DISTINCT FROM
     (OLD.start_offset, OLD.end_offset, OLD.tag, OLD.quote, OLD.note, OLD.deleted_at) THEN
    IF NOT editor THEN
      PERFORM factgui_refuse(format('%s may not change claims (role)', current_user));
    END IF;
    IF st NOT IN ('new', 'annotating') THEN
      PERFORM factgui_refuse(format('article %s is %s: its claims cannot change',
                                    NEW.article_id, st));
    END IF;
  END IF;
  IF (NEW.review, NEW.reviewed_by) IS DISTINCT FROM (OLD.review, OLD.reviewed_by) THEN
    IF NEW.review = 'pending' THEN
      IF st NOT IN ('new', 'annotating') THEN
        PERFORM factgui_refuse(format('article %s is %s: its reviews cannot be reset',
                                      NEW.article_id, st));
      END IF;
      NEW.reviewed_by := NULL;
    ELSE
      IF NOT factgui_has('reviewer') THEN
        PERFORM factgui_refuse(format('%s may not accept or query claims (role)',
                                      current_user));
      END IF;
      IF st <> 'submitted' THEN
        PERFORM factgui_refuse(format('article %s is %s: claims are reviewed only while '
                                      'submitted', NEW.article_id, st));
      END IF;
      NEW.reviewed_by := current_user;
    END IF;
  END IF;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT OR UPDATE ON claim
  FOR EACH ROW EXECUTE FUNCTION factgui_claim_guard();

-- ------------------------------------------------------------------ links
CREATE OR REPLACE FUNCTION factgui_link_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM article WHERE id = NEW.article_id AND lineage_id IS NULL) THEN
    PERFORM factgui_refuse(format('article %s: links are stored with the article when it is '
                                  'imported', NEW.article_id));
  END IF;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT ON article_link
  FOR EACH ROW EXECUTE FUNCTION factgui_link_guard();

-- ------------------------------------------------------------------ comments
CREATE OR REPLACE FUNCTION factgui_comment_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  st text;
  ok boolean := true;
BEGIN
  SELECT state INTO st FROM article WHERE id = NEW.article_id;
  NEW.author := current_user;
  IF st = 'signed_off' THEN
    PERFORM factgui_refuse(format('article %s is signed off: no comments until reopened',
                                  NEW.article_id));
  END IF;
  CASE NEW.kind
    WHEN 'query' THEN ok := factgui_has('reviewer') AND st = 'submitted';
    WHEN 'return' THEN ok := factgui_has('reviewer');
    WHEN 'reply' THEN
      ok := (factgui_has('analyst') OR factgui_has('admin')) AND st IN ('annotating', 'submitted');
    WHEN 'reopen' THEN ok := factgui_has('reviewer') OR factgui_has('admin');
    ELSE ok := true;
  END CASE;
  IF NOT ok THEN
    PERFORM factgui_refuse(format('%s may not write a %s comment on article %s now (%s)',
                                  current_user, NEW.kind, NEW.article_id, st));
  END IF;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT ON comment
  FOR EACH ROW EXECUTE FUNCTION factgui_comment_guard();

-- ------------------------------------------------------------------ sign-offs
CREATE OR REPLACE FUNCTION factgui_signoff_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  st text;
  allowed text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT factgui_has('reviewer') THEN
      PERFORM factgui_refuse(format('%s may not sign off (role)', current_user));
    END IF;
    NEW.reviewer := current_user;
    NEW.identity := 'server';
    NEW.invalidated_at := NULL;
    NEW.invalidated_by := NULL;
    NEW.invalidated_reason := NULL;
    SELECT state INTO st FROM article WHERE id = NEW.article_id;
    IF st IS DISTINCT FROM 'signed_off' THEN
      PERFORM factgui_refuse(format('article %s must be signed off in the transaction that '
                                    'records its sign-off', NEW.article_id));
    END IF;
    IF EXISTS (SELECT 1 FROM signoff WHERE article_id = NEW.article_id
               AND invalidated_at IS NULL) THEN
      PERFORM factgui_refuse(format('article %s already has a valid sign-off', NEW.article_id));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM reviewer_key WHERE fingerprint = NEW.key_fingerprint
                   AND reviewer = current_user AND revoked_at IS NULL) THEN
      PERFORM factgui_refuse(format('%s''s sign-off must be signed with %s''s registered key',
                                    current_user, current_user));
    END IF;
    IF EXISTS (SELECT 1 FROM audit_event WHERE article_id = NEW.article_id
               AND actor = current_user
               AND action ~ '^claim\.(create|retag|note|delete|restore|carry)')
       OR EXISTS (SELECT 1 FROM claim WHERE article_id = NEW.article_id
                  AND analyst = current_user) THEN
      SELECT value INTO allowed FROM desk_setting WHERE name = 'allow_self_review';
      IF NOT NEW.self_review OR allowed IS DISTINCT FROM 'on' THEN
        PERFORM factgui_refuse(format('separation of duties: %s made or changed claims of '
                                      'article %s; another reviewer must sign it off',
                                      current_user, NEW.article_id));
      END IF;
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.article_id, NEW.reviewer, NEW.at, NEW.comment, NEW.digest,
      NEW.digest_version, NEW.self_review, NEW.signature, NEW.key_fingerprint, NEW.chain_seq,
      NEW.chain_hash, NEW.history, NEW.identity)
     IS DISTINCT FROM
     (OLD.id, OLD.article_id, OLD.reviewer, OLD.at, OLD.comment, OLD.digest,
      OLD.digest_version, OLD.self_review, OLD.signature, OLD.key_fingerprint, OLD.chain_seq,
      OLD.chain_hash, OLD.history, OLD.identity)
     OR OLD.invalidated_at IS NOT NULL OR NEW.invalidated_at IS NULL THEN
    PERFORM factgui_refuse('a sign-off never changes; it can only be invalidated, once');
  END IF;
  SELECT state INTO st FROM article WHERE id = NEW.article_id;
  IF st = 'signed_off' THEN
    PERFORM factgui_refuse(format('reopen article %s to invalidate its sign-off',
                                  NEW.article_id));
  END IF;
  NEW.invalidated_by := current_user;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT OR UPDATE ON signoff
  FOR EACH ROW EXECUTE FUNCTION factgui_signoff_guard();

-- ------------------------------------------------------------------ the audit chain
-- A writer reserves the next places by moving the head's seq on (its hash kept), fills them
-- in order, each event following the one before it, then moves the head's hash onto the
-- last (services/audit.py append: one reservation for a whole batch).
CREATE OR REPLACE FUNCTION factgui_audit_append() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  reserved int;
  prev text;
BEGIN
  SELECT seq INTO reserved FROM audit_head WHERE id = 1;
  IF NEW.seq = 1 THEN
    prev := repeat('0', 64);
  ELSE
    SELECT hash INTO prev FROM audit_event WHERE seq = NEW.seq - 1;
  END IF;
  IF NEW.seq IS NULL OR NEW.seq > reserved OR prev IS NULL
     OR NEW.prev_hash IS DISTINCT FROM prev THEN
    PERFORM factgui_refuse('audit events are appended at the chain head');
  END IF;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_append BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION factgui_audit_append();
DROP TRIGGER IF EXISTS factgui_no_truncate ON audit_event;
CREATE TRIGGER factgui_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION factgui_append_only();

CREATE OR REPLACE FUNCTION factgui_head_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.id = OLD.id AND NEW.seq > OLD.seq AND NEW.hash = OLD.hash THEN
    RETURN NEW;  -- a writer reserves the next places
  END IF;
  IF NEW.id = OLD.id AND NEW.seq = OLD.seq
     AND NEW.hash = (SELECT hash FROM audit_event WHERE seq = NEW.seq) THEN
    RETURN NEW;  -- ...and moves the head onto the event it appended
  END IF;
  PERFORM factgui_refuse('the audit chain head only moves forward, one event at a time');
  RETURN NULL;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION factgui_head_guard();

-- At commit: the head rests on the last event, so every place reserved was filled (a head
-- moved on alone would make the chain look cut off).
CREATE OR REPLACE FUNCTION factgui_head_settled() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_head h WHERE h.id = 1 AND (h.seq = 0 OR EXISTS
                 (SELECT 1 FROM audit_event e WHERE e.seq = h.seq AND e.hash = h.hash))) THEN
    PERFORM factgui_refuse('the audit chain head must rest on the last event appended');
  END IF;
  RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS factgui_settled ON audit_head;
CREATE CONSTRAINT TRIGGER factgui_settled AFTER UPDATE OF seq ON audit_head
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION factgui_head_settled();

-- ------------------------------------------------------------------ keys
CREATE OR REPLACE FUNCTION factgui_key_guard() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.registered_by := current_user;
    NEW.revoked_at := NULL;
    NEW.revoked_by := NULL;
    IF NOT factgui_has('admin') AND (NEW.reviewer <> current_user OR EXISTS
        (SELECT 1 FROM reviewer_key WHERE reviewer = current_user AND revoked_at IS NULL)) THEN
      PERFORM factgui_refuse('only an admin registers a key for someone else, or a second key');
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.reviewer, NEW.public_key, NEW.fingerprint, NEW.registered_at,
      NEW.registered_by) IS DISTINCT FROM
     (OLD.id, OLD.reviewer, OLD.public_key, OLD.fingerprint, OLD.registered_at,
      OLD.registered_by) OR OLD.revoked_at IS NOT NULL THEN
    PERFORM factgui_refuse('a registered key never changes; an admin can revoke it, once');
  END IF;
  NEW.revoked_by := current_user;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_guard BEFORE INSERT OR UPDATE ON reviewer_key
  FOR EACH ROW EXECUTE FUNCTION factgui_key_guard();

-- ------------------------------------------------------------------ sessions
CREATE OR REPLACE FUNCTION factgui_session_owner() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  NEW."user" := current_user;
  RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER factgui_owner BEFORE INSERT ON work_session
  FOR EACH ROW EXECUTE FUNCTION factgui_session_owner();
CREATE OR REPLACE TRIGGER factgui_owner BEFORE INSERT OR UPDATE ON presence
  FOR EACH ROW EXECUTE FUNCTION factgui_session_owner();

-- ------------------------------------------------------------------ rows in one's own name
DROP POLICY IF EXISTS factgui_own ON audit_event;
CREATE POLICY factgui_own ON audit_event FOR INSERT WITH CHECK (actor = current_user);

DROP POLICY IF EXISTS factgui_own ON comment;
CREATE POLICY factgui_own ON comment FOR INSERT WITH CHECK (author = current_user);

DROP POLICY IF EXISTS factgui_own ON signoff;
CREATE POLICY factgui_own ON signoff FOR INSERT WITH CHECK (reviewer = current_user);
DROP POLICY IF EXISTS factgui_invalidate ON signoff;
CREATE POLICY factgui_invalidate ON signoff FOR UPDATE USING (true)
  WITH CHECK (invalidated_by = current_user);

DROP POLICY IF EXISTS factgui_own ON reviewer_key;
CREATE POLICY factgui_own ON reviewer_key FOR INSERT
  WITH CHECK (reviewer = current_user OR factgui_has('admin'));
DROP POLICY IF EXISTS factgui_revoke ON reviewer_key;
CREATE POLICY factgui_revoke ON reviewer_key FOR UPDATE USING (factgui_has('admin'));

DROP POLICY IF EXISTS factgui_admin ON desk_setting;
CREATE POLICY factgui_admin ON desk_setting FOR ALL TO factgui_admin
  USING (name <> 'security_version') WITH CHECK (name <> 'security_version');

DROP POLICY IF EXISTS factgui_own ON work_session;
CREATE POLICY factgui_own ON work_session FOR INSERT WITH CHECK ("user" = current_user);
DROP POLICY IF EXISTS factgui_own_update ON work_session;
CREATE POLICY factgui_own_update ON work_session FOR UPDATE USING ("user" = current_user);

DROP POLICY IF EXISTS factgui_own ON presence;
CREATE POLICY factgui_own ON presence FOR INSERT WITH CHECK ("user" = current_user);
DROP POLICY IF EXISTS factgui_own_update ON presence;
CREATE POLICY factgui_own_update ON presence FOR UPDATE USING ("user" = current_user);
DROP POLICY IF EXISTS factgui_own_delete ON presence;
CREATE POLICY factgui_own_delete ON presence FOR DELETE USING ("user" = current_user);

DROP POLICY IF EXISTS factgui_own ON session_article;
CREATE POLICY factgui_own ON session_article FOR INSERT WITH CHECK (EXISTS
  (SELECT 1 FROM work_session w WHERE w.id = session_id AND w."user" = current_user));
DROP POLICY IF EXISTS factgui_own_update ON session_article;
CREATE POLICY factgui_own_update ON session_article FOR UPDATE USING (EXISTS
  (SELECT 1 FROM work_session w WHERE w.id = session_id AND w."user" = current_user));

{generated}
INSERT INTO desk_setting (name, value) VALUES ('allow_self_review', 'off')
  ON CONFLICT (name) DO NOTHING;
INSERT INTO desk_setting (name, value) VALUES ('security_version', '{version}')
  ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
"""


# Rows of these tables are never changed ("UPDATE OR DELETE") or never deleted, by anyone.
APPEND_ONLY = {
    "article": "DELETE",
    "article_link": "UPDATE OR DELETE",
    "claim": "DELETE",
    "comment": "UPDATE OR DELETE",
    "signoff": "DELETE",
    "audit_event": "UPDATE OR DELETE",
    "audit_head": "DELETE",
    "reviewer_key": "DELETE",
}
# Tables with row-level security: everyone reads every row; the policies above say who writes.
ROW_SECURITY = ("audit_event", "comment", "signoff", "reviewer_key", "desk_setting",
                "work_session", "session_article", "presence")  # fmt: skip


def _generated() -> str:
    out = []
    for table, ops in APPEND_ONLY.items():
        name = "factgui_no_change" if "UPDATE" in ops else "factgui_no_delete"
        out.append(
            f"CREATE OR REPLACE TRIGGER {name} BEFORE {ops} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION factgui_append_only();"
        )
    for table in ROW_SECURITY:
        out.append(
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; "
            f"DROP POLICY IF EXISTS factgui_read ON {table}; "
            f"CREATE POLICY factgui_read ON {table} FOR SELECT USING (true);"
        )
    return "\n".join(out)


def script() -> str:
    return SCRIPT.replace("{generated}", _generated()).replace("{version}", str(SECURITY_VERSION))
