-- splinter 0023 sensitive_columns_exposed: a table in an API schema (PostgREST's pgrst.db_schemas, else public) that
-- anon or authenticated may select, without row-level security, with a column named like a secret or personal data
-- (password, token, ssn, credit_card, …; splinter's list, '-' read as '_'). Supabase only.
WITH api AS (
    SELECT trim(s) AS nspname FROM unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', true), ''), 'public'), ',')) s
),
api_roles AS (
    SELECT oid, rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')
),
sensitive(name) AS (
    SELECT unnest(ARRAY[
        'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secret_key', 'private_key', 'api_key', 'apikey', 'auth_key', 'token', 'jwt',
        'access_token', 'refresh_token', 'oauth_token', 'session_token', 'bearer_token', 'auth_code', 'session_id', 'session_key',
        'session_secret', 'recovery_code', 'backup_code', 'verification_code', 'otp', 'two_factor', '2fa_secret', '2fa_code',
        'ssn', 'social_security', 'social_security_number', 'driver_license', 'drivers_license', 'license_number', 'passport_number',
        'passport_id', 'national_id', 'tax_id', 'credit_card', 'card_number', 'cvv', 'cvc', 'cvn', 'bank_account', 'account_number',
        'routing_number', 'iban', 'swift_code', 'bic', 'health_record', 'medical_record', 'patient_id', 'insurance_number',
        'health_insurance', 'medical_insurance', 'treatment', 'mac_address', 'macaddr', 'imei', 'device_uuid', 'pgp_key', 'gpg_key',
        'ssh_key', 'certificate', 'license_key', 'activation_key', 'facial_recognition'])
),
exposed AS (
    SELECT c.oid, n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity AND n.nspname IN (SELECT nspname FROM api)
      AND EXISTS (SELECT 1 FROM api_roles r WHERE has_table_privilege(r.oid, c.oid, 'SELECT'))
      AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
)
SELECT format('%I.%I', e.nspname, e.relname) AS subject,
       string_agg(quote_ident(a.attname), ', ' ORDER BY a.attname) AS columns,
       (SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM api_roles r WHERE has_table_privilege(r.oid, e.oid, 'SELECT')) AS readable_by
FROM exposed e
JOIN pg_attribute a ON a.attrelid = e.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE replace(lower(a.attname), '-', '_') IN (SELECT name FROM sensitive)
GROUP BY e.oid, e.nspname, e.relname
ORDER BY 1
