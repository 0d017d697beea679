package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The reader option every command shares: {@code --lenient}. */
final class ReadOption {
    @Option(names = "--lenient", description = "Skip bad records (counted) instead of stopping at the first.")
    boolean lenient;

    CaptureReader open(Path file) throws IOException {
        return CaptureReader.open(file, lenient ? ReaderOptions.LENIENT : ReaderOptions.STRICT);
    }
}
