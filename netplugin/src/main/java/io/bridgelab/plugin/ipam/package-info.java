/** IPv4 address management: pools that never overlap and addresses allocated from them, persisted. */
package io.bridgelab.plugin.ipam;
