package dev.caretaker.check.supabase;

import java.util.Map;
import java.util.Optional;

/**
 * splinter's lints (by name) that the postgres check also runs on the database, with the finding it files: in a config
 * that has a postgres check, an advisor lint of these is filed at info level by the supabase check, so one problem does not
 * page twice when both checks watch it.
 * Everything else the advisors report (0012 {@code auth_allow_anonymous_sign_ins}, the pg_graphql lints, lints added to
 * splinter later) is filed at its own level: only the advisors can see it.
 */
final class DatabaseLints {
    private static final Map<String, String> POSTGRES = Map.ofEntries(
            Map.entry("unindexed_foreign_keys", "postgres.missing_fk_index"),
            Map.entry("auth_users_exposed", "postgres.auth_users_exposed"),
            Map.entry("auth_rls_initplan", "postgres.auth_rls_initplan"),
            Map.entry("no_primary_key", "postgres.no_primary_key"),
            Map.entry("unused_index", "postgres.unused_index"),
            Map.entry("multiple_permissive_policies", "postgres.multiple_permissive_policies"),
            Map.entry("policy_exists_rls_disabled", "postgres.policy_without_rls"),
            Map.entry("rls_enabled_no_policy", "postgres.rls_without_policy"),
            Map.entry("duplicate_index", "postgres.duplicate_index"),
            Map.entry("security_definer_view", "postgres.security_definer_view"),
            Map.entry("function_search_path_mutable", "postgres.function_search_path"),
            Map.entry("rls_disabled_in_public", "postgres.rls_disabled_in_public"),
            Map.entry("extension_in_public", "postgres.extension_in_public"),
            Map.entry("rls_references_user_metadata", "postgres.rls_references_user_metadata"),
            Map.entry("materialized_view_in_api", "postgres.materialized_view_in_api"),
            Map.entry("foreign_table_in_api", "postgres.foreign_table_in_api"),
            Map.entry("unsupported_reg_types", "postgres.unsupported_reg_types"),
            Map.entry("insecure_queue_exposed_in_api", "postgres.insecure_queue_exposed_in_api"),
            Map.entry("table_bloat", "postgres.table_bloat"),
            Map.entry("fkey_to_auth_unique", "postgres.fkey_to_auth_unique"),
            Map.entry("extension_versions_outdated", "postgres.extension_versions_outdated"),
            Map.entry("sensitive_columns_exposed", "postgres.sensitive_columns_exposed"),
            Map.entry("rls_policy_always_true", "postgres.rls_policy_always_true"),
            Map.entry("public_bucket_allows_listing", "postgres.public_bucket_allows_listing"),
            Map.entry("anon_security_definer_function_executable", "postgres.anon_security_definer_function_executable"),
            Map.entry("authenticated_security_definer_function_executable", "postgres.authenticated_security_definer_function_executable"));

    private DatabaseLints() {
    }

    /** Every splinter lint the postgres check runs too → the finding it files. */
    static Map<String, String> all() {
        return POSTGRES;
    }

    /** The postgres check's finding for splinter lint {@code name}, when it runs that lint too. */
    static Optional<String> postgresCode(String name) {
        return Optional.ofNullable(POSTGRES.get(name));
    }
}
