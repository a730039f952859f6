package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineSqlTest {
    private static String lit(Object v, boolean noBackslashEscapes) throws SQLException {
        SqlText text = new SqlText(0);
        InlineSql.appendLiteral(text, v, noBackslashEscapes);
        return text.toString();
    }

    private static String render(Statement st) throws SQLException {
        return InlineSql.render(st, false, new SqlText(0)).toString();
    }

    @Test
    void placeholdersInsideBackquotedIdentifiersStay() throws SQLException {
        Statement st = new Statement("INSERT INTO `d`.`t?``x`(`a?`,`b`) VALUES(?,?),(?,?)", Arrays.asList(1L, "x", null, "?"));
        assertEquals("INSERT INTO `d`.`t?``x`(`a?`,`b`) VALUES(1,'x'),(NULL,'?')", render(st));
        Statement interleaved = new Statement("UPDATE `t` SET `a?` = ?, `?``?` = ? WHERE `b?` = ?", Arrays.asList(1L, 2L, "?"));
        assertEquals("UPDATE `t` SET `a?` = 1, `?``?` = 2 WHERE `b?` = '?'", render(interleaved));
        Statement unterminated = new Statement("SELECT ? FROM `t?", List.of(7L));
        assertEquals("SELECT 7 FROM `t?", render(unterminated), "an open identifier holds no placeholder");
    }

    @Test
    void placeholderAndValueCountsMustMatch() {
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class,
                () -> render(new Statement("DELETE FROM `t` WHERE `a` IN (?,?)", List.of(1L))));
        assertEquals("statement has more than 1 placeholders: DELETE FROM `t` WHERE `a` IN (?,?)", more.getMessage());
        IllegalArgumentException fewer = assertThrows(IllegalArgumentException.class,
                () -> render(new Statement("DELETE FROM `t` WHERE `a` = ?", List.of(1L, 2L))));
        assertEquals("statement has 1 placeholders for 2 values: DELETE FROM `t` WHERE `a` = ?", fewer.getMessage());
    }

    @Test
    void onlyAStatementThatStartsWithAnUpperCaseKeywordAndASpaceIsSent() {
        // The driver counts placeholders only after a statement's first word: the loader sends "VERB ?" and the rest.
        for (String sql : List.of("select 1", "(SELECT 1)", "INSERT", " INSERT INTO t VALUES(1)", "SELECT\n1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Loader.execute(null, new Statement(sql, List.of()), false, new SqlText(0)), sql);
            assertEquals("statement does not start with a keyword and a space: " + sql, e.getMessage());
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
