package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code /Plugin.Activate} reply: the interfaces served, e.g. {@code ["NetworkDriver","IpamDriver"]}. */
public record ActivateResponse(@JsonProperty("Implements") List<String> implementsInterfaces) {
}
