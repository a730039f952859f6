package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.FakeDrainerApi;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainerHttpApiTest {
    private final DrainerHttpApi api = new DrainerHttpApi(Duration.ofSeconds(2));

    @Test
    void closeSendsTheGoDrainersRequest() throws Exception {
        try (FakeDrainerApi fake = FakeDrainerApi.start("d-0:8249")) {
            api.close(fake.baseUrl(), "d-0:8249");
            assertEquals("PUT /state/d-0:8249/close", fake.requests().get(0));
        }
    }

    @Test
    void aRefusalInTheBodyIsAnError() throws Exception {
        try (FakeDrainerApi fake = FakeDrainerApi.start("someone-else:8249")) {
            IOException e = assertThrows(IOException.class, () -> api.close(fake.baseUrl(), "d-0:8249"));
            assertTrue(e.getMessage().contains("was refused: node ID d-0:8249 is not this drainer"), e.getMessage());
        }
    }

    @Test
    void nobodyListeningIsAnError() {
        assertThrows(IOException.class, () -> api.close("http://127.0.0.1:1", "d-0:8249"));
    }
}
