package dev.caretaker;

import dev.caretaker.store.Store;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a fresh {@link TestDatabase} as a parameter, and Caretaker's {@link Store} in it when asked for one, and drops
 * the database when the test ends (the pattern of db-scheduler's EmbeddedPostgresqlExtension). A test's {@code @BeforeEach},
 * the test and its {@code @AfterEach} get the same database; a test that needs another names it:
 * {@code void t(TestDatabase app, @Named("store") TestDatabase storeDb, @Named("store") Store store)}.
 */
public final class TestDatabases implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabases.class);

    /** A database of the test besides the unnamed one; parameters with the same name share it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Named {
        String value();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == Store.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String name = parameter.findAnnotation(Named.class).map(Named::value).orElse("");
        Opened opened = context.getStore(NAMESPACE).getOrComputeIfAbsent(name, n -> new Opened(new TestDatabase()), Opened.class);
        return parameter.getParameter().getType() == Store.class ? opened.store() : opened.database;
    }

    /** One database of a test and the store opened in it; JUnit closes it with the test's context, the store first. */
    private static final class Opened implements AutoCloseable {
        private final TestDatabase database;
        private Store store;

        Opened(TestDatabase database) {
            this.database = database;
        }

        synchronized Store store() {
            if (store == null) {
                store = database.store();
            }
            return store;
        }

        @Override
        public synchronized void close() {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                database.close();
            }
        }
    }
}
