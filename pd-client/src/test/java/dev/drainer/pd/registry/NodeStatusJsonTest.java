package dev.drainer.pd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeStatusJsonTest {
    // The spec's example record (section 1.3), as the Go drainer writes it: one line, no spaces.
    private static final String SPEC_EXAMPLE = "{\"nodeId\":\"drainer-host:8249\",\"host\":\"10.0.0.5:8249\",\"state\":\"online\","
            + "\"isAlive\":false,\"score\":0,\"label\":null,\"maxCommitTS\":434000000000000000,\"updateTS\":434000000100000000}";

    @Test
    void specExampleIsByteEqual() throws Exception {
        NodeStatus s = NodeStatus.drainer("drainer-host:8249", "10.0.0.5:8249", NodeState.ONLINE,
                434000000000000000L, 434000000100000000L);
        assertEquals(SPEC_EXAMPLE, NodeStatusJson.encode(s));
        assertEquals(s, NodeStatusJson.decode("k", SPEC_EXAMPLE).orElseThrow());
    }

    @Test
    void stringsAreEscapedAsGoDoes() {
        NodeStatus s = NodeStatus.drainer("a<b>&\"c\\d\n\r\t\u0001\b\f\u2028\u2029é😀\ud800z", "h:1", NodeState.PAUSED, -1, Long.MAX_VALUE);
        String json = NodeStatusJson.encode(s);
        assertTrue(json.startsWith("{\"nodeId\":\"a\\u003cb\\u003e\\u0026\\\"c\\\\d\\n\\r\\t\\u0001\\u0008\\u000c"
                + "\\u2028\\u2029é😀\\ufffdz\",\"host\":\"h:1\",\"state\":\"paused\","), json);
        assertTrue(json.endsWith(",\"maxCommitTS\":-1,\"updateTS\":9223372036854775807}"), json);
    }

    @Test
    void labelsAreWrittenWithKeysInGoOrder() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "z1");
        labels.put("\uffff", "bmp-last");
        labels.put("😀", "astral");
        labels.put("Zone", "upper");
        NodeStatus s = new NodeStatus("pump-1", "p:8250", NodeState.ONLINE, true, 7, labels, 5, 6);
        String json = NodeStatusJson.encode(s);
        assertEquals("{\"nodeId\":\"pump-1\",\"host\":\"p:8250\",\"state\":\"online\",\"isAlive\":true,\"score\":7,"
                + "\"label\":{\"labels\":{\"Zone\":\"upper\",\"zone\":\"z1\",\"\uffff\":\"bmp-last\",\"😀\":\"astral\"}},"
                + "\"maxCommitTS\":5,\"updateTS\":6}", json);
        assertEquals(s, NodeStatusJson.decode("k", json).orElseThrow());
    }

    @Test
    void readsAsGoDecodes() throws Exception {
        NodeStatus s = NodeStatusJson.decode("k", "{\"NODEID\":\"x\",\"nodeId\":\"y\",\"unknown\":[1,{}],"
                + "\"state\":\"closing\",\"host\":null,\"label\":{\"Labels\":{\"a\":\"b\",\"c\":null}},"
                + "\"updatets\":12}").orElseThrow();
        assertEquals(new NodeStatus("y", "", NodeState.CLOSING, false, 0, Map.of("a", "b", "c", ""), 0, 12), s);
        assertTrue(NodeStatusJson.decode("k", " null ").isEmpty());
        assertNull(NodeStatusJson.decode("k", "{\"state\":\"offline\",\"label\":null}").orElseThrow().label());
    }

    @Test
    void rejectsWhatGoCannotDecodeNamingKeyAndValue() {
        assertMessage("{\"state\":\"online\",\"score\":1.5}", "registry record /r/x: key score is 1.5, expected an integer");
        assertMessage("{\"state\":\"online\",\"maxCommitTS\":18446744073709551615}", "key maxCommitTS is 18446744073709551615");
        assertMessage("{\"state\":\"online\",\"isAlive\":\"yes\"}", "key isAlive is \"yes\", expected true or false");
        assertMessage("{\"state\":\"online\",\"label\":[]}", "key label is [], expected an object");
        assertMessage("{\"state\":\"gone\"}", "state \"gone\" is not one of online, pausing, paused, closing, offline");
        assertMessage("{\"nodeId\":\"x\"}", "state \"\" is not one of");
        assertMessage("{\"state\":\"online\"} {}", "registry record /r/x is not JSON");
        assertMessage("[]", "registry record /r/x is not a JSON object: []");
        assertMessage("", "registry record /r/x is empty");
    }

    private static void assertMessage(String json, String expected) {
        RegistryFormatException e = assertThrows(RegistryFormatException.class, () -> NodeStatusJson.decode("/r/x", json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
