package io.bridgelab.sim.load;

import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.netfilter.text.ParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads an {@code iptables-save} file shipped with netsim (a real host's rules, kept as the tool printed them). */
public final class RulesetResource {
    private RulesetResource() {
    }

    public static Ruleset load(String name) {
        try (InputStream in = RulesetResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("ruleset resource " + name + " is missing from the netsim jar");
            }
            return IptablesSaveParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading ruleset resource " + name, e);
        } catch (ParseException e) {
            throw new IllegalStateException("ruleset resource " + name + ": " + e.getMessage(), e);
        }
    }
}
