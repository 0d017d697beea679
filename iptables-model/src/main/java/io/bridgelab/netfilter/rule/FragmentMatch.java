package io.bridgelab.netfilter.rule;

/** The {@code -f} option: absent, {@code -f} (second and later fragments), or {@code ! -f}. */
public enum FragmentMatch {
    ANY,
    LATER_FRAGMENTS,
    NOT_LATER_FRAGMENTS
}
