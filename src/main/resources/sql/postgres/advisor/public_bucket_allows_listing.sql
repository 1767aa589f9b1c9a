-- splinter 0025 public_bucket_allows_listing: a public bucket of Supabase Storage that a broad permissive SELECT policy on
-- storage.objects (for PUBLIC, anon or authenticated; no condition, true, or only bucket_id = 'that bucket') opens to
-- listing: anyone lists every file, where a public bucket needs no policy for its files' URLs. Supabase only, and run only
-- when storage.buckets exists.
WITH broad AS (
    SELECT p.policyname, p.qual,
           (regexp_match(coalesce(p.qual, ''),
                         '^\s*\(*\s*bucket_id\s*=\s*''((?:[^'']|'''')*)''(\s*::\s*[[:alnum:]_.]+)?\s*\)*\s*$', 'i'))[1] AS only_bucket
    FROM pg_policies p
    WHERE p.schemaname = 'storage' AND p.tablename = 'objects' AND p.cmd IN ('SELECT', 'ALL') AND p.permissive = 'PERMISSIVE'
      AND p.roles && ARRAY['public', 'anon', 'authenticated']::name[]
)
SELECT b.id::text AS subject, b.name::text AS bucket, string_agg(quote_ident(p.policyname), ', ' ORDER BY p.policyname) AS policies
FROM storage.buckets b
JOIN broad p ON p.qual IS NULL
             OR regexp_replace(lower(p.qual), '\s', '', 'g') IN ('true', '(true)', '1=1', '(1=1)')
             OR replace(p.only_bucket, '''''', '''') = b.id::text
WHERE b.public
GROUP BY b.id, b.name
ORDER BY 1
