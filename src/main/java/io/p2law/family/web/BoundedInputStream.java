package io.p2law.family.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.p2law.error.TooLargeException;

/** Fails with a {@link TooLargeException} as soon as more than {@code limit} bytes have been read. */
final class BoundedInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        count += n;
        if (count > limit) {
            throw tooLarge(limit);
        }
    }

    static TooLargeException tooLarge(long limit) {
        return new TooLargeException("The request body is larger than " + limit + " bytes (p2law.upload.max-bytes).");
    }
}
