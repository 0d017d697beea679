package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The reader option every command shares ({@code --lenient}), and errors that name their file. */
final class ReadOption {
    @Option(names = "--lenient", description = "Skip bad records (counted) instead of stopping at the first.")
    boolean lenient;

    /** What a command does with an open reader. */
    interface ReaderWork<T> {
        T apply(CaptureReader reader) throws IOException;
    }

    CaptureReader open(Path file) throws IOException {
        try {
            return CaptureReader.open(file, lenient ? ReaderOptions.LENIENT : ReaderOptions.STRICT);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw named(file, e);
        }
    }

    /** Opens {@code file}, runs {@code work} on it, and names the file in any error. */
    <T> T read(Path file, ReaderWork<T> work) throws IOException {
        try (CaptureReader r = open(file)) {
            return work.apply(r);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file + ": ") ? e : named(file, e);
        }
    }

    static IOException named(Path file, IOException e) {
        return new IOException(file + ": " + e.getMessage(), e);
    }
}
