package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.p2law.error.TimedOutException;
import io.p2law.error.TooLargeException;

/** How the request limit reads a body before the request takes a turn. */
class RequestBodyReadTests {

    private static final byte[] BODY = "{\"paramsBefore\":3210000000,\"pruningRate\":0.25}".getBytes(StandardCharsets.UTF_8);
    private static final long LATER = System.nanoTime() + 60_000_000_000L;

    @Test
    void aBodyWithItsLengthDeclaredIsReadWholeEvenInSmallPieces() throws IOException {
        byte[] read = RequestLimitFilter.readBody(new Trickle(BODY, 3), BODY.length, 1024, LATER);

        assertThat(read).isEqualTo(BODY);
    }

    @Test
    void aClientThatStopsShortOfItsDeclaredLengthGetsWhatItSent() throws IOException {
        byte[] read = RequestLimitFilter.readBody(new ByteArrayInputStream(BODY, 0, 10), BODY.length, 1024, LATER);

        assertThat(read).isEqualTo(java.util.Arrays.copyOf(BODY, 10));
    }

    @Test
    void aChunkedBodyIsReadWholeWithinTheLimit() throws IOException {
        assertThat(RequestLimitFilter.readBody(new Trickle(BODY, 5), -1, 1024, LATER)).isEqualTo(BODY);
        assertThatThrownBy(() -> RequestLimitFilter.readBody(new Trickle(BODY, 5), -1, 20, LATER))
                .isInstanceOf(TooLargeException.class);
    }

    @Test
    void aBodyStillArrivingAfterTheDeadlineIsCutOff() {
        long past = System.nanoTime() - 1;

        assertThatThrownBy(() -> RequestLimitFilter.readBody(new Trickle(BODY, 1), BODY.length, 1024, past))
                .isInstanceOf(TimedOutException.class);
        assertThatThrownBy(() -> RequestLimitFilter.readBody(new Trickle(BODY, 1), -1, 1024, past))
                .isInstanceOf(TimedOutException.class);
    }

    /** A stream that hands out at most {@code piece} bytes per read, as a slow network does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int piece;
        private int next;

        Trickle(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (next >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), bytes.length - next);
            System.arraycopy(bytes, next, b, off, n);
            next += n;
            return n;
        }
    }
}
