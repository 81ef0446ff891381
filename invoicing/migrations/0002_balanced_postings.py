"""The database, not only Python, refuses an unbalanced posting.

A constraint trigger on the legs table, DEFERRABLE INITIALLY DEFERRED, runs at commit for
every posting whose legs were written in the transaction and aborts the commit unless that
posting's legs sum to zero and share one currency. (Deferred, because a posting's legs are
inserted one statement at a time; only the committed whole must balance.) PostgreSQL only:
on SQLite (`make run` without a server) this is a no-op and the Python check in
`invoicing.actions.journal.post` stands alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION invoicing_posting_must_balance() RETURNS trigger AS $$
DECLARE
    pid bigint;
    total numeric;
    currencies integer;
BEGIN
    IF TG_OP = 'DELETE' THEN pid := OLD.posting_id; ELSE pid := NEW.posting_id; END IF;
    SELECT COALESCE(SUM(l.amount), 0), COUNT(DISTINCT a.currency)
      INTO total, currencies
      FROM invoicing_leg l JOIN invoicing_account a ON a.id = l.account_id
     WHERE l.posting_id = pid;
    IF total <> 0 THEN
        RAISE EXCEPTION 'posting % is unbalanced: its legs sum to %', pid, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'leg_posting_balanced';
    END IF;
    IF currencies > 1 THEN
        RAISE EXCEPTION 'posting % mixes currencies', pid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'leg_posting_one_currency';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER invoicing_leg_posting_balanced
    AFTER INSERT OR UPDATE OR DELETE ON invoicing_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION invoicing_posting_must_balance();
"""

DROP = """
DROP TRIGGER IF EXISTS invoicing_leg_posting_balanced ON invoicing_leg;
DROP FUNCTION IF EXISTS invoicing_posting_must_balance();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
