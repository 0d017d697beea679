/**
 * The network driver: networks, endpoints and published ports as pure logic over the store, with every
 * kernel change expressed as a {@link io.bridgelab.plugin.dataplane.Plan}. The store write is each call's
 * commit point and comes after the kernel change, for additions and removals alike: a crash in between
 * leaves a kernel leak (removed by {@link io.bridgelab.plugin.driver.Reconciler}) or a store entry whose
 * kernel part is missing (recreated by it), never a state the two cannot agree on again.
 */
package io.bridgelab.plugin.driver;
