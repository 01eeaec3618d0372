package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a plan was made from, kept open from the moment they were identified until they are
 * read: an open file is read as the file it was planned as, whatever logrotate renames, compresses
 * or deletes while the run reads the files before it. Up to {@code limit} are kept; a file past it
 * is opened again by name when its turn comes, and read only if it still starts with the head it
 * was planned with.
 *
 * <p>Not thread-safe: one per reader.
 */
public final class OpenFiles implements AutoCloseable {

	/** Files kept open by default: far below any descriptor limit a JVM starts with. */
	public static final int DEFAULT_LIMIT = 256;

	private static final Logger logger = LoggerFactory.getLogger(OpenFiles.class);

	private final Map<String, FileChannel> channels = new HashMap<>();

	private final int limit;

	/** @param limit how many files are kept open at most */
	public OpenFiles(int limit) {
		this.limit = limit;
	}

	/** Keeps a file open under its planned name, or closes it when the limit is reached. */
	void keep(String name, FileChannel channel) {
		if (this.channels.size() < this.limit && !this.channels.containsKey(name)) {
			this.channels.put(name, channel);
		}
		else {
			closeQuietly(name, channel);
		}
	}

	/** The file kept open under this name, now the caller's to close; null if none was kept. */
	FileChannel take(String name) {
		return this.channels.remove(name);
	}

	/** Closes the files not named here: the plan does not read them. */
	void retain(Set<String> names) {
		for (Iterator<Map.Entry<String, FileChannel>> it = this.channels.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, FileChannel> entry = it.next();
			if (!names.contains(entry.getKey())) {
				closeQuietly(entry.getKey(), entry.getValue());
				it.remove();
			}
		}
	}

	/** Files kept open now. */
	int size() {
		return this.channels.size();
	}

	@Override
	public void close() {
		this.channels.forEach(OpenFiles::closeQuietly);
		this.channels.clear();
	}

	private static void closeQuietly(String name, FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("could not close {}", name, ex);
		}
	}

}
