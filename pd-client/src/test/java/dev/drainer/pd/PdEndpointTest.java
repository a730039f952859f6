package dev.drainer.pd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PdEndpointTest {
    @Test
    void parsesPdUrls() {
        assertEquals(List.of(new PdEndpoint(false, "127.0.0.1", 2379), new PdEndpoint(true, "pd-0.pd", 2379),
                        new PdEndpoint(false, "::1", 2380)),
                PdEndpoint.parseList("http://127.0.0.1:2379, https://pd-0.pd:2379,http://[::1]:2380"));
        assertEquals("http://[::1]:2380", PdEndpoint.parse("http://[::1]:2380").toString());
    }

    @Test
    void rejectsOtherFormsNamingTheValue() {
        assertRejected("127.0.0.1:2379", "invalid PD URL \"127.0.0.1:2379\": scheme must be http or https");
        assertRejected("http://pd", "expected http(s)://host:port");
        assertRejected("http://pd:2379/pd", "must be only scheme, host and port");
        assertRejected("http://u@pd:2379", "must be only scheme, host and port");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PdEndpoint.parseList("http://a:1,"));
        assertTrue(e.getMessage().contains("invalid PD URL \"\""), e.getMessage());
    }

    @Test
    void anHttpsUrlWithoutTlsSettingsIsRejectedBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PdClient.forUrls("http://pd-0:2379,https://pd:2379"));
        assertEquals("PD URL https://pd:2379: https needs TLS settings ([security] ssl-ca, and ssl-cert/ssl-key if PD"
                + " asks for a client certificate); give them or use an http:// URL", e.getMessage());
    }

    private static void assertRejected(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PdEndpoint.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
