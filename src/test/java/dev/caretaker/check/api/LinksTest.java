package dev.caretaker.check.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The {@code Link} header as GitHub's "Using pagination in the REST API" ("Using link headers") shows it. */
class LinksTest {
    static final String DOCUMENTED = "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
            + "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
            + "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
            + "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"";

    @Test
    void the_next_page_is_read_from_the_documented_header_and_the_last_page_has_none() {
        assertThat(Links.find(DOCUMENTED, "next")).contains(URI.create("https://api.github.com/repositories/1300192/issues?page=4"));
        assertThat(Links.find(DOCUMENTED, "last")).contains(URI.create("https://api.github.com/repositories/1300192/issues?page=515"));
        String lastPage = "<https://api.github.com/repositories/1300192/issues?page=514>; rel=\"prev\", "
                + "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"";
        assertThat(Links.find(lastPage, "next")).isEmpty();
        assertThat(Links.find(null, "next")).isEmpty();
    }

    @Test
    void a_url_with_commas_and_semicolons_in_its_query_and_several_relations_is_read_whole() {
        String header = "<https://api.example.com/runs?created=%3E%3D2026-12-06&x=a,b;c&page=2>; rel=\"next last\"";
        assertThat(Links.find(header, "next")).contains(URI.create("https://api.example.com/runs?created=%3E%3D2026-12-06&x=a,b;c&page=2"));
        assertThat(Links.find(header, "last")).isPresent();
    }

    /**
     * Sentry's "Paginating Results": a cursor for the previous and the next page is always there, even when that page is
     * empty; {@code results="false"} says there is nothing to fetch, so a {@code rel="next"} marked so is no next page.
     */
    @Test
    void a_sentry_next_link_with_results_false_is_no_next_page_and_one_with_results_true_is() {
        String more = "<https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:0:1>; rel=\"previous\"; "
                + "results=\"false\"; cursor=\"0:0:1\", <https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:100:0>; "
                + "rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
        String end = "<https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:0:1>; rel=\"previous\"; "
                + "results=\"true\"; cursor=\"0:0:1\", <https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:200:0>; "
                + "rel=\"next\"; results=\"false\"; cursor=\"0:200:0\"";
        assertThat(Links.find(more, "next")).contains(URI.create("https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:100:0"));
        assertThat(Links.find(more, "previous")).as("the previous page is marked empty").isEmpty();
        assertThat(Links.find(end, "next")).as("the last page's next link says results=\"false\"").isEmpty();
        assertThat(Links.find(end, "previous")).isPresent();
    }
}
