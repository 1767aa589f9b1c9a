package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.FrameworkSchemas;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** discover: true on schemas made the way Django, Rails, Prisma, Laravel and Supabase make them. */
@ExtendWith(TestDatabases.class)
class DiscoveryTest {
    private static final String CONFIG = "discover: true";

    private static CheckResult discover(TestDatabase db) {
        return db.run(db.config(IntegrityCheckTest.config(CONFIG)), "integrity");
    }

    private static Map<String, Long> orphans(CheckResult r) {
        Map<String, Long> found = new LinkedHashMap<>();
        of(r, "postgres.orphan_rows").forEach(f -> found.put(f.subject(), (Long) f.evidence().get("count")));
        return found;
    }

    private void findsEveryOrphan(TestDatabase db, FrameworkSchemas s) {
        db.exec(s.withOrphans());
        CheckResult r = discover(db);
        assertThat(r.error()).isNull();
        assertThat(orphans(r)).as(s.name()).isEqualTo(s.expected());
    }

    @Test
    void django_app_model_tables_are_discovered_by_their_app_prefix(TestDatabase db) {
        findsEveryOrphan(db, FrameworkSchemas.DJANGO);
        Finding f = of(discover(db), "postgres.orphan_rows").stream().filter(x -> x.subject().equals("django_flatpage_sites.flatpage_id"))
                .findFirst().orElseThrow();
        assertThat(f.evidence()).containsEntry("references", "django_flatpage.id");
        assertThat(f.evidence().get("source").toString()).contains("Django naming");
    }

    @Test
    void rails_plural_tables_are_discovered_and_polymorphic_columns_are_not(TestDatabase db) {
        findsEveryOrphan(db, FrameworkSchemas.RAILS);
        Finding f = of(discover(db), "postgres.orphan_rows").stream().filter(x -> x.subject().equals("posts.category_id"))
                .findFirst().orElseThrow();
        assertThat(f.evidence()).containsEntry("references", "categories.id");
        assertThat(f.evidence().get("source").toString()).contains("Rails/Laravel naming: category_id -> categories");
    }

    @Test
    void prisma_camel_case_columns_are_discovered_and_author_id_only_from_a_declared_key(TestDatabase db) {
        findsEveryOrphan(db, FrameworkSchemas.PRISMA);
        List<Finding> found = of(discover(db), "postgres.orphan_rows");
        Finding author = found.stream().filter(x -> x.subject().equals("Post.authorId")).findFirst().orElseThrow();
        assertThat(author.evidence().get("source").toString()).contains("Comment_authorId_fkey");
        Finding user = found.stream().filter(x -> x.subject().equals("Post.userId")).findFirst().orElseThrow();
        assertThat(user.evidence().get("source").toString()).contains("Prisma naming: userId -> User");
    }

    @Test
    void supabase_user_ids_and_profiles_refer_to_auth_users(TestDatabase db) {
        findsEveryOrphan(db, FrameworkSchemas.SUPABASE);
        Finding f = of(discover(db), "postgres.orphan_rows").stream().filter(x -> x.subject().equals("profiles.id")).findFirst().orElseThrow();
        assertThat(f.evidence()).containsEntry("references", "auth.users.id");
    }

    @Test
    void clean_twins_are_silent(TestDatabase db) {
        for (FrameworkSchemas s : List.of(FrameworkSchemas.DJANGO, FrameworkSchemas.RAILS, FrameworkSchemas.PRISMA, FrameworkSchemas.SUPABASE)) {
            db.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public", "DROP SCHEMA IF EXISTS auth CASCADE");
            db.exec(s.clean());
            CheckResult r = discover(db);
            assertThat(r.findings()).as(s.name()).isEmpty();
            assertThat(r.status()).as(s.name()).isEqualTo(Status.OK);
            assertThat(r.measurements()).as(s.name() + " checked what it found").hasSizeGreaterThanOrEqualTo(s.expected().size())
                    .allSatisfy(m -> assertThat(m.value()).isZero());
        }
    }

    @Test
    void laravel_pivot_tables_and_schema_qualified_names(TestDatabase db) {
        db.exec("CREATE SCHEMA shop",
                "CREATE TABLE users (id bigserial PRIMARY KEY, name varchar(255))",
                "CREATE TABLE roles (id bigserial PRIMARY KEY, name varchar(255))",
                "CREATE TABLE role_user (role_id bigint NOT NULL, user_id bigint NOT NULL, PRIMARY KEY (role_id, user_id))",
                "CREATE TABLE shop.orders (id bigserial PRIMARY KEY, total numeric)",
                "CREATE TABLE shop.order_items (id bigserial PRIMARY KEY, order_id bigint, sku text)",
                "INSERT INTO users (name) VALUES ('a'), ('b')", "INSERT INTO roles (name) VALUES ('admin')",
                "INSERT INTO role_user VALUES (1, 1), (1, 2), (1, 3), (2, 1)",
                "INSERT INTO shop.orders (total) VALUES (1)", "INSERT INTO shop.order_items (order_id, sku) VALUES (1, 'a'), (9, 'b')");
        assertThat(orphans(discover(db))).isEqualTo(Map.of("role_user.user_id", 1L, "role_user.role_id", 1L, "shop.order_items.order_id", 1L));
    }

    @Test
    void a_name_that_could_mean_two_tables_is_left_out(TestDatabase db) {
        db.exec("CREATE TABLE auth_user (id bigint PRIMARY KEY)", "CREATE TABLE users (id bigint PRIMARY KEY)",
                "CREATE TABLE auth_user_tokens (id bigint PRIMARY KEY, user_id bigint)",
                "INSERT INTO auth_user_tokens VALUES (1, 42)");
        CheckResult r = discover(db);
        assertThat(of(r, "postgres.orphan_rows")).isEmpty();
        Finding nothing = of(r, "integrity.nothing_to_check").get(0);
        assertThat(nothing.evidence().get("ambiguous_columns").toString()).contains("auth_user_tokens.user_id (auth_user.id or users.id)");
    }

    @Test
    void a_discovery_that_finds_nothing_says_so_rather_than_ok(TestDatabase db) {
        db.exec(FrameworkSchemas.RAILS.schema().get(0));
        CheckResult r = discover(db);
        Finding f = of(r, "integrity.nothing_to_check").get(0);
        assertThat(f.severity()).isEqualTo(dev.caretaker.config.Severity.WARNING);
        assertThat(f.message()).contains("its 4 foreign keys are enforced by PostgreSQL");
        assertThat(r.status()).isEqualTo(Status.WARNING);
    }
}
