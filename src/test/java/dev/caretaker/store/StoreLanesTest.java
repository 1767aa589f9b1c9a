package dev.caretaker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's pools kept apart: web requests that take every web connection leave the node's own work its connections. */
@ExtendWith(TestDatabases.class)
class StoreLanesTest {
    @Test
    void web_requests_that_hold_every_web_connection_leave_the_work_pool_and_the_probe_free(TestDatabase db, Store store) throws Exception {
        List<Connection> held = new ArrayList<>();
        Store.serveWeb();
        try {
            for (int i = 0; i < Lanes.WEB_POOL_SIZE; i++) {
                held.add(store.dataSource().getConnection());
            }
            assertThatThrownBy(() -> store.dataSource().getConnection()).as("the web pool is spent")
                    .isInstanceOf(SQLTransientConnectionException.class);
        } finally {
            Store.serveWork();
        }
        // a tick's thread is no web request: it gets a connection of its own pool at once
        Integer one = CompletableFuture.supplyAsync(() -> store.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()))
                .get(10, TimeUnit.SECONDS);
        assertThat(one).isEqualTo(1);
        store.probe();
        for (Connection c : held) {
            c.close();
        }
        Store.serveWeb();
        try {
            Integer two = store.jdbi().withHandle(h -> h.createQuery("SELECT 2").mapTo(Integer.class).one());
            assertThat(two).as("a connection given back serves the next request").isEqualTo(2);
        } finally {
            Store.serveWork();
        }
    }
}
