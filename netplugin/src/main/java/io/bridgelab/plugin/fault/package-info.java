/**
 * Fault injection for the kill -9 test: {@link io.bridgelab.plugin.fault.CrashPoints} halts the process at a
 * named step of a call when asked to by a system property; inert otherwise.
 */
package io.bridgelab.plugin.fault;
