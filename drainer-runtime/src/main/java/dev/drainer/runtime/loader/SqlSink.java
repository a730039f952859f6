package dev.drainer.runtime.loader;

/**
 * Where {@link SqlBuilder} writes a statement: its SQL text as it is, and its values, which one sink turns into
 * {@code ?} placeholders with arguments ({@link Statement.Template}: messages, tests) and the other into
 * literals in the bytes the server gets ({@link InlineSql}: the loader), so that each form is spelt once and the
 * loader's text needs no second pass over a template.
 *
 * @param <E> what writing a value may throw
 */
interface SqlSink<E extends Exception> {
    /** SQL text (keywords, identifiers, punctuation), written as it is. */
    SqlSink<E> sql(String text);

    /** One ASCII character of SQL text. */
    SqlSink<E> sql(char c);

    /** A value: a placeholder with its argument, or the value as a literal. */
    SqlSink<E> value(Object v) throws E;
}
