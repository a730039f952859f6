package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InlineSqlTest {
    private static String lit(Object v, boolean noBackslashEscapes) throws SQLException {
        SqlText text = new SqlText(0);
        InlineSql.appendLiteral(text, v, noBackslashEscapes);
        return text.toString();
    }

    /** A statement from rows of (a, b), written with placeholders and arguments, and with literals. */
    private static Statement template(String table, List<Map<String, Object>> rows) {
        return SqlBuilder.writeRows(new Statement.Template(), RowOp.Kind.INSERT, table, rows).statement();
    }

    private static InlineSql inline(String table, List<Map<String, Object>> rows) throws SQLException {
        return SqlBuilder.writeRows(new InlineSql(new SqlText(0), false), RowOp.Kind.INSERT, table, rows);
    }

    private static Map<String, Object> row(Object a, Object b) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("a?", a);
        r.put("b", b);
        return r;
    }

    @Test
    void valuesAreWrittenWhereTheTemplateHasItsPlaceholdersAndIdentifiersStayAsTheyAre() throws SQLException {
        List<Map<String, Object>> rows = List.of(row(1L, "x"), row(null, "?"));
        Statement st = template("`d`.`t?``x`", rows);
        assertEquals("INSERT INTO `d`.`t?``x`(`a?`,`b`) VALUES(?,?),(?,?)", st.sql());
        assertEquals(Arrays.asList(1L, "x", null, "?"), st.args());
        assertEquals("INSERT INTO `d`.`t?``x`(`a?`,`b`) VALUES(1,'x'),(NULL,'?')", inline("`d`.`t?``x`", rows).toString());
    }

    @Test
    void onlyATextThatStartsWithItsVerbAndASpaceIsSent() throws SQLException {
        // The driver counts placeholders only after a statement's first word: the loader sends "VERB ?" and the rest.
        InlineSql text = inline("`t`", List.of(row(1L, "x")));
        assertEquals("INTO `t`(`a?`,`b`) VALUES(1,'x')", new String(text.bytesAfter("INSERT"), StandardCharsets.UTF_8));
        for (String verb : List.of("REPLACE", "INSER", "NSERT", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text.bytesAfter(verb), verb);
            assertEquals("statement does not start with " + verb + " and a space: INSERT INTO `t`(`a?`,`b`) VALUES(1,'x')",
                    e.getMessage());
        }
    }

    @Test
    void numbersAreWrittenAsConnectorJWritesThem() throws SQLException {
        assertEquals("-9223372036854775808", lit(Long.MIN_VALUE, false));
        assertEquals("18446744073709551615", lit(new BigInteger("18446744073709551615"), false));
        assertEquals("1.5", lit(1.5, false));
        assertEquals("1.0E+20", lit(1e20, false));
        assertEquals("1.0E-5", lit(1e-5, false));
        assertEquals("-0.0", lit(-0.0, false));
        SQLException nan = assertThrows(SQLException.class, () -> lit(Double.NaN, false));
        assertEquals("S1009", nan.getSQLState());
        assertThrows(IllegalArgumentException.class, () -> lit(new Object(), false));
    }

    @Test
    void stringsAreEscapedForTheSessionsSqlMode() throws SQLException {
        String s = "a'b\\c\0d\ne\rf\032g\"h\uD83D\uDE00";
        assertEquals("'a\\'b\\\\c\\0d\\ne\\rf\\Zg\"h\uD83D\uDE00'", lit(s, false));
        assertEquals("'a''b\\c\0d\ne\rf\032g\"h\uD83D\uDE00'", lit(s, true));
        assertEquals("''", lit("", false));
        assertEquals("'\\'x\\''", lit("'x'", false), "escapes first and last, around a plain run");
        assertEquals("'''x'''", lit("'x'", true));
    }

    @Test
    void bytesAreHexBinaryStringsInEitherMode() throws SQLException {
        byte[] b = {0, 0x5c, 0x27, (byte) 0xff};
        assertEquals("_binary X'005C27FF'", lit(b, false));
        assertEquals("_binary X'005C27FF'", lit(b, true));
        assertEquals("_binary X''", lit(new byte[0], false));
        assertEquals("NULL", lit(null, true));
    }
}
