package dev.drainer.pd.tikv;

import dev.drainer.pd.proto.metapb.Peer;
import dev.drainer.pd.proto.metapb.RegionEpoch;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A region as the cache knows it: raw (decoded) bounds {@code [start, end)} with an empty end meaning
 * the end of the key space, the epoch to send, and the peer believed to lead it.
 */
record CachedRegion(long id, byte[] start, byte[] end, RegionEpoch epoch, Peer leader) {

    boolean contains(byte[] key) {
        return Arrays.compareUnsigned(key, start) >= 0 && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
    }

    CachedRegion withLeader(Peer p) {
        return new CachedRegion(id, start, end, epoch, p);
    }

    @Override
    public String toString() {
        return "region " + id + " [" + HexFormat.of().formatHex(start) + ", " + HexFormat.of().formatHex(end) + ") epoch "
                + epoch.getConfVer() + "/" + epoch.getVersion() + " leader store " + leader.getStoreId();
    }
}
