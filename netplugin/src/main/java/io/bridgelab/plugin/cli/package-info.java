/** The {@code netplugin} command: {@code serve} (foreground) and {@code status}. */
package io.bridgelab.plugin.cli;
