package dev.drainer.operator.observe;

/**
 * One PD probe.
 *
 * @param clusterId the upstream cluster id as unsigned decimal text, when reachable
 * @param error     why no endpoint answered (every endpoint's reason), when unreachable
 */
public record PdProbeResult(boolean reachable, String clusterId, String error) {
    public static PdProbeResult up(String clusterId) {
        return new PdProbeResult(true, clusterId, null);
    }

    public static PdProbeResult down(String error) {
        return new PdProbeResult(false, null, error);
    }
}
