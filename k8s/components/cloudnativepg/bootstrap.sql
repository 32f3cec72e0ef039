-- Lifelong's PostgreSQL layout: one role, one schema owned by it, and a
-- search_path per service, in one database. Run ONCE per database, and again
-- after adding a service, as a superuser (it creates an extension and roles):
--
--   psql "postgresql://postgres@db.example:5432/lifelong" -v ON_ERROR_STOP=1 \
--        -f deploy/postgres/bootstrap.sql
--   psql ... -c "ALTER ROLE identity PASSWORD '...'"   # one per service
--
-- Idempotent: running it again changes nothing. Passwords are NOT set here
-- (set them as above, or let CloudNativePG's managed roles do it); roles are
-- created with LOGIN and no password (they cannot log in until one is set).
--
-- Why each line matters:
--  * schema <svc> AUTHORIZATION <svc>: a service's tables (outbox, inbox,
--    idempotency_keys, its own) live in its own schema; a service refuses to
--    start when current_schema() is not its name or not owned by its role.
--  * ALTER ROLE ... SET search_path = <svc>, public: unqualified names in the
--    migrations resolve to the service's schema; public only lends btree_gist.
--  * btree_gist (consulting's exclusion constraint over tstzrange) needs a
--    superuser or a trusted-extension grant: created here, once, in public.
--  * nobody creates objects in public or new schemas in the database.
SET client_min_messages = warning;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO PUBLIC;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;

DO $$
DECLARE
  svc text;
BEGIN
  EXECUTE format('REVOKE CREATE ON DATABASE %I FROM PUBLIC', current_database());
  FOREACH svc IN ARRAY ARRAY['identity', 'catalogue', 'enrolment', 'consulting', 'community']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', svc);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), svc);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, svc);
    -- A schema created earlier by someone else is handed to its service.
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, svc);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path = %I, public',
                   svc, current_database(), svc);
  END LOOP;
END
$$;
