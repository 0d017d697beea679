package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which host interface dockerd moves into the sandbox ({@code SrcName}) and its new prefix ({@code eth}). */
public record InterfaceName(@JsonProperty("SrcName") String srcName, @JsonProperty("DstPrefix") String dstPrefix) {
}
