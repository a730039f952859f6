package dev.drainer.pd.tikv;

/** A TiKV read failed after its retries; the message names the key or range, the regions, stores and every failure. */
public class TikvException extends Exception {
    public TikvException(String message) {
        super(message);
    }
}
