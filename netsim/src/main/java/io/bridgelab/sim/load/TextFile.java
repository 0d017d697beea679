package io.bridgelab.sim.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files a world is loaded from (scenario files, the iptables-save files they name, a
 * snapshot's files). These come from other people (a snapshot attached to a bug report), so a file that
 * is a device or a pipe ({@code iptables_file: /dev/zero}), absurdly large, or not UTF-8 is refused with
 * a message saying which, instead of hanging or running out of memory.
 */
public final class TextFile {
    /** Far above any real input: Docker's rules for 10,000 published ports are about 1.5 MB. */
    public static final int MAX_BYTES = 64 << 20;

    private TextFile() {
    }

    /**
     * The file's text.
     *
     * @throws NoSuchFileException when it does not exist (callers often say more about a missing file)
     * @throws IOException         with a one-line reason otherwise
     */
    public static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file (a folder, device or pipe)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded read, not size() then read: the file may grow between the two.
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return utf8(bytes);
    }

    /** What to print after "cannot read FILE: ": a missing file's exception message is only its path. */
    public static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    }

    private static String utf8(byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new IOException("not UTF-8 text (byte offset " + in.position() + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
