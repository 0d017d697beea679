/**
 * JMH benchmarks, one sub-package per module measured ({@code netfilter}, {@code pcap}, {@code sim}).
 * The scripts beside this module ({@code bench/run-*.sh}) run them and print our figures next to the
 * anchors measured in the same run (the kernel, tshark, Docker's bridge driver).
 */
package io.bridgelab.bench;
