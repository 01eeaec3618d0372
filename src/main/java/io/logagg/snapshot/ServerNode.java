package io.logagg.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisClusterServerCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisServerCommands;

/**
 * One Redis server whose persistence the snapshot step manages: the server itself, or, in a
 * Redis Cluster, each master in turn (each persists its own slots, so each must save).
 */
interface ServerNode {

	String name();

	void bgSave();

	void bgReWriteAof();

	long lastSave();

	long timeSeconds();

	Properties info(String section);

	String getConfig(String name);

	void setConfig(String name, String value);

	/** The servers behind a connection: one, or the masters of a cluster. */
	static List<ServerNode> of(RedisConnection connection) {
		if (connection instanceof RedisClusterConnection cluster) {
			List<ServerNode> masters = new ArrayList<>();
			RedisClusterServerCommands commands = cluster.serverCommands();
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster()) {
					masters.add(new ClusterMaster(commands, node));
				}
			}
			return masters;
		}
		return List.of(new Standalone(connection.serverCommands()));
	}

	/** A standalone server, or the master Sentinel points to. */
	record Standalone(RedisServerCommands server) implements ServerNode {

		@Override
		public String name() {
			return "redis";
		}

		@Override
		public void bgSave() {
			this.server.bgSave();
		}

		@Override
		public void bgReWriteAof() {
			this.server.bgReWriteAof();
		}

		@Override
		public long lastSave() {
			return this.server.lastSave();
		}

		@Override
		public long timeSeconds() {
			return this.server.time(TimeUnit.SECONDS);
		}

		@Override
		public Properties info(String section) {
			return this.server.info(section);
		}

		@Override
		public String getConfig(String name) {
			return this.server.getConfig(name).getProperty(name, "");
		}

		@Override
		public void setConfig(String name, String value) {
			this.server.setConfig(name, value);
		}

	}

	/** One master of a Redis Cluster. */
	record ClusterMaster(RedisClusterServerCommands server, RedisClusterNode node) implements ServerNode {

		@Override
		public String name() {
			return "cluster master " + this.node.getHost() + ":" + this.node.getPort();
		}

		@Override
		public void bgSave() {
			this.server.bgSave(this.node);
		}

		@Override
		public void bgReWriteAof() {
			this.server.bgReWriteAof(this.node);
		}

		@Override
		public long lastSave() {
			return this.server.lastSave(this.node);
		}

		@Override
		public long timeSeconds() {
			return this.server.time(this.node, TimeUnit.SECONDS);
		}

		@Override
		public Properties info(String section) {
			return this.server.info(this.node, section);
		}

		@Override
		public String getConfig(String name) {
			return this.server.getConfig(this.node, name).getProperty(name, "");
		}

		@Override
		public void setConfig(String name, String value) {
			this.server.setConfig(this.node, name, value);
		}

	}

}
