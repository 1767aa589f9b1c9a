-- splinter 0021 fkey_to_auth_unique: a foreign key of the app's own tables that references a unique constraint of the
-- auth schema other than a primary key (auth.users.email, phone, …): Supabase Auth may change those constraints in an
-- upgrade, which the foreign key then blocks. Supabase only.
SELECT format('%I.%I', n.nspname, t.relname) || ' ' || quote_ident(k.conname) AS subject, format('%I.%I', n.nspname, t.relname) AS "table",
       k.conname AS foreign_key, format('%I.%I', rn.nspname, r.relname) AS "references", quote_ident(ix.relname) AS unique_index
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
JOIN pg_index i ON i.indexrelid = k.conindid JOIN pg_class ix ON ix.oid = i.indexrelid
WHERE k.contype = 'f' AND rn.nspname = 'auth' AND n.nspname <> 'auth' AND i.indisunique AND NOT i.indisprimary
ORDER BY 1
