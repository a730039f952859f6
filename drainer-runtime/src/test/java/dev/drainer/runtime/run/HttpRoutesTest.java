package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code /status}, {@code /commit_ts} and {@code /state} bodies byte for byte as the Go drainer's (spec §9.2): {@code /status}
 * from {@code json.NewEncoder(w).Encode}, the others from unrolled/render with {@code IndentJSON}.
 */
class HttpRoutesTest {
    private static HttpRoutes.View view(Map<String, Long> positions, boolean synced) {
        return new HttpRoutes.View() {
            @Override
            public Optional<Map<String, Long>> pumpPositions() {
                return Optional.ofNullable(positions);
            }

            @Override
            public boolean synced() {
                return synced;
            }

            @Override
            public Optional<String> notReadyReason() {
                return Optional.empty();
            }

            @Override
            public NodeStateControl.Answer applyAction(String nodeId, String action) {
                throw new AssertionError("not asked here");
            }
        };
    }

    @Test
    void statusBeforeTheFirstRoundIsGosZeroValue() {
        assertEquals("{\"PumpPos\":null,\"Synced\":false,\"LastTS\":0,\"TsMap\":\"\"}\n", HttpRoutes.status(view(null, false), 0));
        assertEquals("{\"PumpPos\":{},\"Synced\":false,\"LastTS\":0,\"TsMap\":\"\"}\n",
                HttpRoutes.status(view(Map.of(), false), 0), "a round without pumps: an empty map, not null");
    }

    @Test
    void statusSortsPumpIdsAsGoEncodesAMap() {
        Map<String, Long> pos = new LinkedHashMap<>();
        pos.put("pump-b:8250", 434000000000000002L);
        pos.put("pump-a:8250", 434000000000000001L);
        assertEquals("{\"PumpPos\":{\"pump-a:8250\":434000000000000001,\"pump-b:8250\":434000000000000002},"
                + "\"Synced\":true,\"LastTS\":434000000000000000,\"TsMap\":\"\"}\n",
                HttpRoutes.status(view(pos, true), 434000000000000000L));
    }

    @Test
    void commitTsBody() {
        assertEquals("""
                {
                  "message": "get drainer's latest ts success!",
                  "code": 200,
                  "data": {
                    "ts": 434000000000000000
                  }
                }
                """, HttpRoutes.commitTs(434000000000000000L));
    }

    @Test
    void actionAnswersAreGosResponseWithNullData() {
        assertEquals("""
                {
                  "message": "apply action pause success!",
                  "code": 200,
                  "data": null
                }
                """, HttpRoutes.actionAnswer(new NodeStateControl.Answer(200, "apply action pause success!")));
        // A node id comes from the request path: Go escapes HTML characters and quotes in it (GoJson, NodeStatusJsonTest).
        assertEquals("""
                {
                  "message": "invalid nodeID a\\u003cb\\u003e\\"\\u0026, this pump's nodeID is d1",
                  "code": 3,
                  "data": null
                }
                """, HttpRoutes.actionAnswer(new NodeStateControl.Answer(3, "invalid nodeID a<b>\"&, this pump's nodeID is d1")));
    }

    @Test
    void nodeStateControlFollowsGosApplyAction() {
        java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
        NodeStateControl c = new NodeStateControl("d1:8249", stops::incrementAndGet);
        assertEquals(new NodeStateControl.Answer(3, "invalid nodeID d2:8249, this pump's nodeID is d1:8249"),
                c.apply("d2:8249", "pause"));
        assertEquals(new NodeStateControl.Answer(3, "invalid action jump"), c.apply("d1:8249", "jump"));
        assertEquals(0, stops.get());
        assertEquals(dev.drainer.pd.registry.NodeState.PAUSED, c.finalState(), "a plain stop leaves the node paused");
        assertEquals(new NodeStateControl.Answer(200, "apply action close success!"), c.apply("d1:8249", "close"));
        assertEquals(1, stops.get());
        assertEquals(dev.drainer.pd.registry.NodeState.CLOSING, c.current());
        assertEquals(new NodeStateControl.Answer(3, "this pump's state is closing, apply pause failed!"),
                c.apply("d1:8249", "pause"));
        assertEquals(dev.drainer.pd.registry.NodeState.OFFLINE, c.finalState());
    }
}
