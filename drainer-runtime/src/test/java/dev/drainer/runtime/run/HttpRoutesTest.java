package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code /status} and {@code /commit_ts} bodies byte for byte as the Go drainer's (spec §9.2). */
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
        };
    }

    @Test
    void statusBeforeTheFirstRoundIsGosZeroValue() {
        assertEquals("{\"PumpPos\":null,\"Synced\":false,\"LastTS\":0,\"TsMap\":\"\"}", HttpRoutes.status(view(null, false), 0));
    }

    @Test
    void statusSortsPumpIdsAsGoEncodesAMap() {
        Map<String, Long> pos = new LinkedHashMap<>();
        pos.put("pump-b:8250", 434000000000000002L);
        pos.put("pump-a:8250", 434000000000000001L);
        assertEquals("{\"PumpPos\":{\"pump-a:8250\":434000000000000001,\"pump-b:8250\":434000000000000002},"
                + "\"Synced\":true,\"LastTS\":434000000000000000,\"TsMap\":\"\"}",
                HttpRoutes.status(view(pos, true), 434000000000000000L));
    }

    @Test
    void commitTsBody() {
        assertEquals("{\"message\":\"get drainer's latest ts success!\",\"code\":200,\"data\":{\"ts\":434000000000000000}}",
                HttpRoutes.commitTs(434000000000000000L));
    }
}
