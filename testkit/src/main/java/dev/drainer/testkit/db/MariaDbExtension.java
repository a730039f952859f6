package dev.drainer.testkit.db;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** JUnit 5 extension that injects the shared {@link MariaDb} into test constructors and methods. */
public final class MariaDbExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == MariaDb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return MariaDb.shared();
    }
}
