package dev.drainer.pd;

import java.util.List;

/**
 * What PD's GetMembers told: the cluster id (an unsigned 64-bit value held in a long) and the
 * leader, which serves TSO.
 *
 * @param clusterId        PD cluster id, the checkpoint row's key; print with {@link Long#toUnsignedString(long)}
 * @param leaderName       the leader member's name
 * @param leaderClientUrls the leader's client URLs, first one used for TSO
 * @param answeredBy       the configured endpoint that answered
 */
public record PdMembers(long clusterId, String leaderName, List<String> leaderClientUrls, PdEndpoint answeredBy) {
    public PdMembers {
        leaderClientUrls = List.copyOf(leaderClientUrls);
        if (leaderClientUrls.isEmpty()) {
            throw new IllegalArgumentException("PD leader " + leaderName + " has no client URL");
        }
    }
}
