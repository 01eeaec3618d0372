package io.logagg.snapshot;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Applies a {@code save} policy (pairs of seconds and changes) with CONFIG SET and reads it back
 * with CONFIG GET (on every master of a cluster), so that Redis snapshots by itself from now on. Managed Redis services often
 * rename or forbid CONFIG; the step then fails and says what to do instead.
 */
public class SavePolicyTasklet extends SnapshotTasklet {

	private final RedisConnectionFactory connectionFactory;

	private final String policy;

	public SavePolicyTasklet(RedisConnectionFactory connectionFactory, String policy) {
		this.connectionFactory = connectionFactory;
		this.policy = normalize(policy);
	}

	@Override
	public String persist() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			for (ServerNode node : ServerNode.of(connection)) {
				String applied;
				try {
					node.setConfig("save", this.policy);
					applied = normalize(node.getConfig("save"));
				}
				catch (DataAccessException ex) {
					throw new IllegalStateException("Redis refused CONFIG (" + ex.getMostSpecificCause().getMessage()
							+ "); managed services often rename or disable it: set 'save " + this.policy
							+ "' in the server's own configuration and run with logagg.snapshot.mode=none", ex);
				}
				if (!applied.equals(this.policy)) {
					throw new IllegalStateException("CONFIG GET save on " + node.name() + " returned '" + applied
							+ "' after CONFIG SET save '" + this.policy + "'");
				}
			}
			return "save policy set: " + this.policy;
		}
	}

	private static String normalize(String policy) {
		return String.join(" ", policy.trim().split("\\s+"));
	}

}
