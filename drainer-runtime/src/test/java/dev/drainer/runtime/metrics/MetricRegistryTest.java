package dev.drainer.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ADR 0003's prototype: the Go drainer's metric set rendered, then read back by an independent parser. */
class MetricRegistryTest {
    @Test
    void theGoDrainerSetReadsBackWithItsNamesTypesLabelsAndBuckets() {
        DrainerMetrics m = new DrainerMetrics(new MetricRegistry());
        m.pumpPosition.labels("pump-1:8250").set(1_700_000_000_123d);
        m.pumpPosition.labels("pump-0:8250").set(1_700_000_000_000d);
        m.ddlJobsTotal.inc();
        m.errorCount.labels("unmarshal_binlog").inc();
        m.checkpointTso.set(1_700_000_000_123d);
        m.checkpointDelaySeconds.observe(0.5);
        m.event.labels("Insert").add(3);
        m.event.labels("DDL").inc();
        m.executeDurationTime.observe(0.00005);
        m.queryDurationTime.labels("exec").observe(0.01);
        m.binlogReachDurationTime.labels("pump-0:8250").observe(100);
        m.readBinlogSize.labels("pump-0:8250").observe(300_000_000);
        m.queueSize.labels("syncer_input").set(8);

        Map<String, ExpositionParser.ParsedFamily> parsed = ExpositionParser.parse(m.registry.scrape());
        assertEquals(List.of(
                "binlog_drainer_binlog_reach_duration_time", "binlog_drainer_checkpoint_delay_seconds",
                "binlog_drainer_checkpoint_tso", "binlog_drainer_ddl_jobs_total", "binlog_drainer_error_count",
                "binlog_drainer_event", "binlog_drainer_execute_duration_time", "binlog_drainer_pump_position",
                "binlog_drainer_query_duration_time", "binlog_drainer_queue_size", "binlog_drainer_read_binlog_size"),
                List.copyOf(parsed.keySet()));
        assertEquals("counter", parsed.get("binlog_drainer_error_count").type());
        assertEquals("counter", parsed.get("binlog_drainer_event").type());
        assertEquals("gauge", parsed.get("binlog_drainer_checkpoint_tso").type());
        assertEquals("histogram", parsed.get("binlog_drainer_read_binlog_size").type());

        // Counters keep their Go names: no _total appended.
        assertEquals(List.of(
                new ExpositionParser.Sample("binlog_drainer_event", Map.of("type", "DDL"), "1"),
                new ExpositionParser.Sample("binlog_drainer_event", Map.of("type", "Insert"), "3")),
                parsed.get("binlog_drainer_event").samples());
        assertEquals("binlog_drainer_ddl_jobs_total", parsed.get("binlog_drainer_ddl_jobs_total").samples().get(0).name());
        // Children in label-value order; big gauges in Go's exponent form.
        assertEquals(List.of(
                new ExpositionParser.Sample("binlog_drainer_pump_position", Map.of("nodeID", "pump-0:8250"), "1.7e+12"),
                new ExpositionParser.Sample("binlog_drainer_pump_position", Map.of("nodeID", "pump-1:8250"), "1.700000000123e+12")),
                parsed.get("binlog_drainer_pump_position").samples());

        assertBuckets(parsed.get("binlog_drainer_checkpoint_delay_seconds"), 22, "0.001", "2097.152");
        assertBuckets(parsed.get("binlog_drainer_execute_duration_time"), 18, "5e-05", "6.5536");
        assertBuckets(parsed.get("binlog_drainer_read_binlog_size"), 25, "16", "2.68435456e+08");

        List<ExpositionParser.Sample> size = parsed.get("binlog_drainer_read_binlog_size").samples();
        // 3e8 is above the last bound (2^28): only +Inf counts it.
        assertEquals("0", size.get(24).value());
        assertEquals(new ExpositionParser.Sample("binlog_drainer_read_binlog_size_bucket",
                Map.of("nodeID", "pump-0:8250", "le", "+Inf"), "1"), size.get(25));
        assertEquals(new ExpositionParser.Sample("binlog_drainer_read_binlog_size_sum", Map.of("nodeID", "pump-0:8250"), "3e+08"),
                size.get(26));
        assertEquals(new ExpositionParser.Sample("binlog_drainer_read_binlog_size_count", Map.of("nodeID", "pump-0:8250"), "1"),
                size.get(27));
        // A value equal to a bound lands in that bucket (le is inclusive).
        assertEquals("1", parsed.get("binlog_drainer_execute_duration_time").samples().get(0).value());
    }

    private static void assertBuckets(ExpositionParser.ParsedFamily f, int bounds, String first, String last) {
        List<ExpositionParser.Sample> buckets = f.samples().stream().filter(s -> s.name().equals(f.name() + "_bucket")).toList();
        assertEquals(bounds + 1, buckets.size(), f.name());
        assertEquals(first, buckets.get(0).labels().get("le"));
        assertEquals(last, buckets.get(bounds - 1).labels().get("le"));
        assertEquals("+Inf", buckets.get(bounds).labels().get("le"));
        long previous = 0;
        for (ExpositionParser.Sample b : buckets) {
            long v = Long.parseLong(b.value());
            assertTrue(v >= previous, "buckets are cumulative: " + buckets);
            previous = v;
        }
        assertEquals(f.name() + "_sum", f.samples().get(bounds + 1).name());
        assertEquals(f.name() + "_count", f.samples().get(bounds + 2).name());
    }

    @Test
    void exactTextOfOneFamilyWithEscapes() {
        MetricRegistry r = new MetricRegistry();
        r.counter("c", "a \\ help\nline \"quoted\"", "k").labels("v\"\\\n").inc();
        r.gauge("g_unset", "never set, no labels");
        r.gauge("labelled_unset", "no child yet", "k");
        assertEquals("# HELP c a \\\\ help\\nline \"quoted\"\n# TYPE c counter\nc{k=\"v\\\"\\\\\\n\"} 1\n"
                + "# HELP g_unset never set, no labels\n# TYPE g_unset gauge\ng_unset 0\n", r.scrape());
        assertEquals("v\"\\\n", ExpositionParser.parse(r.scrape()).get("c").samples().get(0).labels().get("k"));
    }

    @Test
    void goFloatFormatting() {
        assertEquals("0", GoFloat.format(0));
        assertEquals("1", GoFloat.format(1));
        assertEquals("-2.5", GoFloat.format(-2.5));
        assertEquals("123456", GoFloat.format(123456));
        assertEquals("1e+06", GoFloat.format(1_000_000));
        assertEquals("0.0001", GoFloat.format(0.0001));
        assertEquals("5e-05", GoFloat.format(0.00005));
        assertEquals("0.1", GoFloat.format(0.1));
        assertEquals("0.30000000000000004", GoFloat.format(0.1 + 0.2));
        assertEquals("1.7976931348623157e+308", GoFloat.format(Double.MAX_VALUE));
        assertEquals("5e-324", GoFloat.format(Double.MIN_VALUE));
        assertEquals("+Inf", GoFloat.format(Double.POSITIVE_INFINITY));
        assertEquals("NaN", GoFloat.format(Double.NaN));
    }

    @Test
    void misuseIsRefusedNamingTheMetric() {
        MetricRegistry r = new MetricRegistry();
        Counter c = r.counter("x", "h", "type");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.labels("a", "b")).getMessage().contains("metric x has labels [type]"));
        assertThrows(IllegalArgumentException.class, () -> c.labels("a").add(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.gauge("x", "h")).getMessage().contains("already registered"));
        assertThrows(IllegalArgumentException.class, () -> r.gauge("bad-name", "h"));
        assertThrows(IllegalArgumentException.class, () -> r.histogram("h", "h", new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> r.histogram("h2", "h", new double[] {1}, "le"));
        c.labels("gone").inc();
        c.remove("gone");
        assertFalse(r.scrape().contains("gone"));
    }
}
