/**
 * Kernel changes as plans of steps (links through {@code ip -batch}, rules through
 * {@code iptables-restore --noflush -w}, sysctls), applied in order and rolled back in reverse on the
 * first failure. {@link io.bridgelab.plugin.dataplane.LinuxDataplane} runs the host tools (optionally
 * inside a network namespace); {@link io.bridgelab.plugin.dataplane.SimulatedDataplane} keeps the same
 * state in memory for unit tests.
 */
package io.bridgelab.plugin.dataplane;
