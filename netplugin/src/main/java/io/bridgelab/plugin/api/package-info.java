/**
 * The libnetwork remote-driver protocol as records: one request and one response type per call, with the
 * PascalCase JSON names dockerd sends and expects ({@code NetworkID}, {@code IPv4Data}, ...). Unknown
 * fields are ignored so newer daemons work; absent fields are null or empty collections.
 */
package io.bridgelab.plugin.api;
