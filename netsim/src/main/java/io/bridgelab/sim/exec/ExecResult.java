package io.bridgelab.sim.exec;

/** What a command printed and its exit status, as the real tool would have left them. */
public record ExecResult(String stdout, String stderr, int exitCode) {
    public static ExecResult ok(String stdout) {
        return new ExecResult(stdout, "", 0);
    }

    public static ExecResult error(String stderr) {
        return new ExecResult("", stderr, 1);
    }
}
