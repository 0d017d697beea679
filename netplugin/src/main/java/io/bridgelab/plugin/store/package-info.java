/**
 * The plugin's persistent state (networks, endpoints, port mappings, IPAM pools and addresses) in a
 * crash-safe embedded store. dockerd never replays CreateNetwork after a plugin restart, so this store is
 * the only memory the plugin has of what it installed.
 */
package io.bridgelab.plugin.store;
