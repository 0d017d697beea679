/**
 * The netfilter rules of a network and of its published ports, built as {@code io.bridgelab.netfilter.rule}
 * objects in chains the plugin owns ({@link io.bridgelab.plugin.firewall.OwnedChains}). The same list is
 * installed with {@code enable=true} and removed with {@code enable=false}, so a delete always matches its
 * add.
 */
package io.bridgelab.plugin.firewall;
