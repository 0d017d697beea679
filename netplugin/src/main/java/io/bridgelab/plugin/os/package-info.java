/**
 * What the plugin asks of the operating system for itself, not for the networks it manages: the
 * scheduler's treatment of its threads ({@link io.bridgelab.plugin.os.RealTimePriority}).
 */
package io.bridgelab.plugin.os;
