package io.logagg.job;

import java.util.function.Supplier;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.FirstChunkCheck;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.read.PrintableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A wrong {@code --format} must not consume a source: a run whose first chunk holds at least
 * {@value #UNPARSABLE_LINES} lines and not one well-formed is refused before anything is committed
 * (exit 2), unless the source has been read with this very format before (then a burst of garbage
 * is only malformed lines). Each run's first chunk stores the format in the source's checkpoint,
 * so that a run with another one is warned about (formats do change, with a server's).
 */
final class FormatCheck implements FirstChunkCheck {

	/** Lines of a first chunk, none well-formed, that make it the format's fault, not the lines'. */
	static final int UNPARSABLE_LINES = 10;

	private static final Logger logger = LoggerFactory.getLogger(FormatCheck.class);

	private final Supplier<CountedSource> source;

	private final KeyLayout keys;

	private final String format;

	FormatCheck(Supplier<CountedSource> source, KeyLayout keys, String format) {
		this.source = source;
		this.keys = keys;
		this.format = format;
	}

	@Override
	public ChunkDelta check(ChunkDelta first) {
		CountedSource source = this.source.get();
		String before = source.format();
		boolean counted = source.counted();
		boolean established = (before != null) ? before.equals(this.format) : counted;
		if (!established && first.lines() == 0 && first.malformed() >= UNPARSABLE_LINES) {
			throw new InvalidSettingException("the first " + first.malformed() + " lines read are all malformed for --format '"
					+ PrintableName.of(this.format) + "'" + first.firstMalformed().map(line -> " (the first: " + line + ")").orElse("")
					+ "; nothing was committed and the source stays where it was. Try the format on a file first: "
					+ "logagg check-format FILE --format '...'");
		}
		if (before != null && !before.equals(this.format)) {
			logger.warn("source {} was read with --format '{}' until now; this run reads it with '{}'", this.keys.source(),
					PrintableName.of(before), PrintableName.of(this.format));
		}
		if (this.format.equals(before)) {
			return first;
		}
		String format = this.format;
		return first.with(commands -> commands.hset(commands.keys().checkpoint(), CountedSource.FORMAT_FIELD, format));
	}

}
