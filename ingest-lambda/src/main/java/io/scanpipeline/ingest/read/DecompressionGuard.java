package io.scanpipeline.ingest.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts what a gzip decoder hands out and stops it past {@link ReadLimits#maxDecompressedBytes()} bytes, or past
 * {@link ReadLimits#maxDecompressionRatio()} times the compressed bytes read once {@link ReadLimits#RATIO_GRACE_BYTES}
 * are out: a few MiB of gzip can expand to many GiB, and reading them all would only burn the invocation.
 */
final class DecompressionGuard extends FilterInputStream {

    /** The decompressed stream passed a bound; reading stops here. Content, not a failure of the source. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    private final ReadLimits limits;
    private final LongSupplier compressedRead;
    private long decompressed;

    DecompressionGuard(InputStream gunzip, ReadLimits limits, LongSupplier compressedRead) {
        super(gunzip);
        this.limits = limits;
        this.compressedRead = compressedRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            decompressed += n;
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        decompressed += Math.max(0, skipped);
        check();
        return skipped;
    }

    private void check() throws LimitExceeded {
        if (decompressed > limits.maxDecompressedBytes()) {
            throw new LimitExceeded("gzip data decompressed past " + limits.maxDecompressedBytes()
                    + " bytes (MAX_DECOMPRESSED_BYTES); reading stopped there");
        }
        long compressed = Math.max(1, compressedRead.getAsLong());
        if (decompressed > ReadLimits.RATIO_GRACE_BYTES && decompressed > compressed * limits.maxDecompressionRatio()) {
            throw new LimitExceeded("gzip data expanded " + decompressed / compressed + " times (" + compressed
                    + " bytes to " + decompressed + "), past the ratio of " + limits.maxDecompressionRatio()
                    + " (MAX_DECOMPRESSION_RATIO); reading stopped there");
        }
    }
}
