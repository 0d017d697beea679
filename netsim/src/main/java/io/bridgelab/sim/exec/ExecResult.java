package io.bridgelab.sim.exec;

/**
 * What a command printed and its exit status, as the real tool would have left them.
 *
 * @param stderrFirst what the tool writes to stderr before its output (tcpdump's "listening on ..."), so that a
 *                    terminal shows the lines in the tool's order; {@code stderr} is what it writes after
 */
public record ExecResult(String stderrFirst, String stdout, String stderr, int exitCode) {
    public ExecResult(String stdout, String stderr, int exitCode) {
        this("", stdout, stderr, exitCode);
    }

    public static ExecResult ok(String stdout) {
        return new ExecResult(stdout, "", 0);
    }

    public static ExecResult error(String stderr) {
        return new ExecResult("", stderr, 1);
    }
}
