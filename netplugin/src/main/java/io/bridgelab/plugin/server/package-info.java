/**
 * HTTP/1.1 over a unix domain socket with Netty: {@link io.bridgelab.plugin.server.PluginServer} binds,
 * {@link io.bridgelab.plugin.server.PluginChannelInitializer} builds the pipeline,
 * {@link io.bridgelab.plugin.server.PluginHttpHandler} dispatches {@code POST /Interface.Method} through
 * {@link io.bridgelab.plugin.server.Routes}.
 */
package io.bridgelab.plugin.server;
