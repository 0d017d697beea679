package io.bridgelab.sim.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What the text output is written to: a terminal (colour, wrap at its width) or a pipe or file (plain,
 * no wrapping, so scripts and goldens see one step per line).
 */
final class Terminal {
    /** When a terminal does not say how wide it is. */
    static final int FALLBACK_WIDTH = 80;

    private Terminal() {
    }

    /** Whether standard input and output are a terminal (Java 17: {@code System.console()} is then non-null). */
    static boolean isTerminal() {
        return System.console() != null;
    }

    /** The width to wrap at: 0 (never) when not a terminal, else $COLUMNS, else {@code stty size}, else 80. */
    static int width() {
        if (!isTerminal()) {
            return 0;
        }
        int columns = parse(System.getenv("COLUMNS"));
        if (columns <= 0) {
            columns = stty();
        }
        return columns > 0 ? columns : FALLBACK_WIDTH;
    }

    /** Colour for {@code --color=auto}: a terminal, and no NO_COLOR (https://no-color.org). */
    static boolean colourByDefault(boolean terminal, String noColor) {
        return terminal && (noColor == null || noColor.isEmpty());
    }

    private static int stty() {
        // bash does not export COLUMNS; the terminal's own size comes from the tty (TIOCGWINSZ).
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                    .split("\\s+");
            return rowsCols.length == 2 ? parse(rowsCols[1]) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int parse(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
