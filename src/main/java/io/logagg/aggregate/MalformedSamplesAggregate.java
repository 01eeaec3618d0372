package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.ClientAddresses;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.read.PrintableName;
import io.logagg.read.RejectedLine;

/**
 * The first malformed lines a source meets, with file and offset: list {@code malformed} of
 * {@code file TAB offset TAB excerpt}, and {@code TAB reason=...} when the format said which field
 * failed, trimmed to the first {@code keep}.
 */
public final class MalformedSamplesAggregate implements Aggregate {

	/** Marks the optional fourth field of a stored sample. */
	public static final String REASON = "reason=";

	/** Malformed lines a chunk offers as samples; the source keeps the first ones it sees. */
	public static final int MAX_SAMPLES = 1000;

	private final int keep;

	private final int anonymizeLevel;

	/** @param keep how many samples the source keeps; 0 keeps none */
	public MalformedSamplesAggregate(int keep) {
		this(keep, 0);
	}

	/**
	 * @param keep how many samples the source keeps; 0 keeps none
	 * @param anonymizeLevel the level the addresses in a sample are anonymised at, 0 for none
	 */
	public MalformedSamplesAggregate(int keep, int anonymizeLevel) {
		this.keep = keep;
		this.anonymizeLevel = anonymizeLevel;
	}

	/** A sample's text with its addresses anonymised, if they are. */
	private String kept(String text) {
		return (this.anonymizeLevel > 0) ? ClientAddresses.anonymizeText(text, this.anonymizeLevel) : text;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of();
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final List<String> samples = new ArrayList<>();

			private long chars;

			@Override
			public void add(ParsedLine line) {
			}

			@Override
			public boolean readsLines() {
				return false;
			}

			@Override
			public void malformed(String file, RejectedLine rejected) {
				if (rejected != null && this.samples.size() < MAX_SAMPLES) {
					// The name escaped: a TAB or newline in it must not split the stored fields.
					String sample = PrintableName.of(file) + "\t" + rejected.offset() + "\t" + kept(rejected.excerpt())
							+ ((rejected.reason() != null) ? "\t" + REASON + PrintableName.of(kept(rejected.reason())) : "");
					this.samples.add(sample);
					this.chars += sample.length();
				}
			}

			@Override
			public long retainedBytes() {
				return this.chars;
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				List<String> drained = List.copyOf(this.samples);
				this.samples.clear();
				this.chars = 0;
				return (drained.isEmpty() || MalformedSamplesAggregate.this.keep == 0) ? null
						: new Samples(drained, MalformedSamplesAggregate.this.keep);
			}

		};
	}

	/** A chunk's malformed samples. */
	record Samples(List<String> samples, int keep) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			commands.pushKeepingFirst(commands.keys().malformed(), this.samples, this.keep);
		}

	}

}
