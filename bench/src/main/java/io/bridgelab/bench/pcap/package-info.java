/**
 * Capture reading benchmarks: our streaming pcap reader and decoder against pcap4j's offline reader,
 * run by {@code bench/run-pcap.sh}, which also times tshark on the same file.
 */
package io.bridgelab.bench.pcap;
