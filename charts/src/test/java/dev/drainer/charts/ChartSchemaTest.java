package dev.drainer.charts;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json rejects a wrong type, an unknown key and a bad enum, naming the field. */
class ChartSchemaTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad-type.yaml        | at '/replicas': got string, want integer",
        "bad-unknown-key.yaml | at '/image': additional properties 'registry' not allowed",
        "bad-enum.yaml        | at '/logLevel': value must be one of 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'",
        "bad-nested.yaml      | at '/serviceMonitor/enabled': got string, want boolean",
    })
    void valuesThatBreakTheSchemaFailNamingTheField(String values, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChartUnderTest.template(values));
        assertTrue(e.getMessage().startsWith("values don't meet the specifications of the schema"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected `" + expected + "` in: " + e.getMessage());
    }
}
