package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ItemStreamException;

/**
 * Works out what a run reads: identifies each listed file by its head ({@link FileHead}), finds
 * the record of what was read from it under whatever name, and keeps the files with something new,
 * in {@link RotatedName#READING_ORDER}. Reads a few kilobytes per file (the head, and a gzip file's
 * last four bytes), never a whole file, so a directory of large rotated files costs an idle run
 * next to nothing.
 *
 * <ul>
 * <li>A renamed file (a rotation) is the same file: read on from its record's offset. Only the
 * names of one log's rotations ({@link RotatedName#family()}) are taken for one another: two
 * logs that happen to start with the same bytes stay two files.</li>
 * <li>Several files of one family with the same head are one file read once: a plain file is
 * preferred to its gzip copy, a longer one to a shorter (the copy of {@code copytruncate}, a
 * compression in progress).</li>
 * <li>A gzip file is skipped without decompressing when its trailer's length equals its record's
 * offset: it was read to its end under its earlier, uncompressed name.</li>
 * <li>A file now shorter than its record's offset, on the same inode and under the same name, or a
 * record whose file was rewritten in place, was truncated: the {@link RewrittenFilePolicy}
 * decides.</li>
 * <li>Records of files gone from the directory for longer than {@code forgetAfter} are dropped.</li>
 * </ul>
 *
 * <p>Not thread-safe: one planner per reader.
 */
public class ReadPlanner {

	private static final Logger logger = LoggerFactory.getLogger(ReadPlanner.class);

	private final Path directory;

	private final RewrittenFilePolicy rewrittenFilePolicy;

	private final Duration forgetAfter;

	private final LongSupplier clock;

	/** What the plan being made has to say to the operator; see {@link ReadPlan#warnings()}. */
	private final List<String> warnings = new ArrayList<>();

	/**
	 * @param directory the input directory
	 * @param rewrittenFilePolicy what to do with a file truncated in place
	 * @param forgetAfter how long the record of a file gone from the directory is kept
	 * @param clock epoch milliseconds now
	 */
	public ReadPlanner(Path directory, RewrittenFilePolicy rewrittenFilePolicy, Duration forgetAfter, LongSupplier clock) {
		this.directory = directory;
		this.rewrittenFilePolicy = rewrittenFilePolicy;
		this.forgetAfter = forgetAfter;
		this.clock = clock;
	}

	private void warn(String warning) {
		logger.debug(warning);
		this.warnings.add(warning);
	}

	/**
	 * @param names the files of the input directory matching the pattern
	 * @param state where the source stands
	 * @return what to read
	 * @throws ItemStreamException if a file cannot be opened, or a truncated file fails the run
	 */
	public ReadPlan plan(List<String> names, ReadState state) {
		return plan(new InputFiles.Listing(names, List.of()), state);
	}

	/**
	 * @param listing the files of the input directory matching the pattern, and those left out,
	 * whose warnings come first in the plan's
	 * @param state where the source stands
	 * @return what to read
	 * @throws ItemStreamException if a truncated file fails the run
	 */
	public ReadPlan plan(InputFiles.Listing listing, ReadState state) {
		List<String> names = listing.names();
		this.warnings.clear();
		this.warnings.addAll(listing.warnings());
		List<Candidate> candidates = new ArrayList<>(names.size());
		for (String name : names) {
			Candidate candidate = survey(name);
			if (candidate != null) {
				candidates.add(candidate);
			}
		}
		candidates.sort(Comparator.comparing(Candidate::rotated, RotatedName.READING_ORDER));
		return state.recorded() ? fromRecords(candidates, state) : fromOldCheckpoint(candidates, state);
	}

	/** A listed file with content, identified; null for an empty file or one that cannot be read. */
	private Candidate survey(String name) {
		RotatedName rotated = RotatedName.of(name);
		Path file = this.directory.resolve(name);
		if (rotated.unreadableCompression()) {
			warn("skipping " + PrintableName.of(file.toString()) + ": logagg reads gzip only, not " + rotated.compression()
					+ " (leave logrotate's compresscmd at its gzip default, or narrow --pattern)");
			return null;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			FileHead head = FileHead.read(channel, rotated.gzip());
			if (head.length() == 0) {
				return null;
			}
			long size = channel.size();
			long trailer = rotated.gzip() ? LineInput.gzipTrailerLength(channel) : -1;
			Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
			return new Candidate(name, rotated, size, head, (key != null) ? key.toString() : null, trailer, null);
		}
		catch (NoSuchFileException ex) {
			// Gone since it was listed: logrotate deletes a file once its compressed copy is written,
			// and that copy, listed too, holds its content.
			logger.debug("{} went away while the directory was surveyed", file);
			return null;
		}
		catch (IOException ex) {
			// Not thrown here: the files before it in reading order are read first, as they would be
			// if it could be opened; the run fails when it comes to this one.
			return new Candidate(name, rotated, 0, FileHead.of(new byte[0]), null, -1,
					"Could not open " + file + ": " + LogFileItemReader.reason(ex));
		}
	}

	private ReadPlan fromRecords(List<Candidate> candidates, ReadState state) {
		Map<String, FileRecord> records = state.records();
		Map<FileRecord, List<Candidate>> byRecord = new LinkedHashMap<>();
		List<Candidate> unknown = new ArrayList<>();
		for (Candidate candidate : candidates) {
			if (candidate.unreadable() != null) {
				continue;
			}
			String family = candidate.rotated().family();
			FileRecord record = records.values()
				.stream()
				.filter(r -> candidate.head().startsWith(r.identity()))
				.filter(r -> RotatedName.of(r.name()).family().equals(family))
				.max(Comparator.comparingInt(r -> r.identity().headLength()))
				.orElse(null);
			if (record == null) {
				unknown.add(candidate);
			}
			else {
				byRecord.computeIfAbsent(record, r -> new ArrayList<>()).add(candidate);
			}
		}
		Set<String> keys = new HashSet<>(records.keySet());
		Map<Candidate, Long> starts = new HashMap<>();
		Map<Candidate, String> recordKeys = new HashMap<>();
		byRecord.forEach((record, copies) -> {
			Candidate chosen = preferred(copies, record);
			long start = startOf(chosen, record, record.key().equals(state.checkpointRecord()));
			if (start >= 0) {
				starts.put(chosen, start);
				recordKeys.put(chosen, record.key());
			}
		});
		List<Candidate> fresh = new ArrayList<>();
		unknown.sort(Comparator.comparingInt((Candidate c) -> c.head().length()).reversed());
		for (Candidate candidate : unknown) {
			// A shorter head that begins another new file's is a partial copy of it: one file.
			boolean copy = fresh.stream()
				.anyMatch(longer -> longer.head().startsWith(candidate.identity())
						&& longer.rotated().family().equals(candidate.rotated().family()));
			if (copy) {
				logger.debug("{} holds the start of a file read under another name; not read again", candidate.name());
				continue;
			}
			fresh.add(candidate);
			String key = FileRecord.newKey(candidate.identity(), keys);
			keys.add(key);
			starts.put(candidate, 0L);
			recordKeys.put(candidate, key);
		}
		List<String> forgotten = new ArrayList<>();
		long now = this.clock.getAsLong();
		for (FileRecord record : records.values()) {
			if (byRecord.containsKey(record)) {
				continue;
			}
			Candidate rewritten = fresh.stream()
				.filter(c -> c.name().equals(record.name()) && c.fileKey() != null && c.fileKey().equals(record.fileKey()))
				.findFirst()
				.orElse(null);
			if (rewritten != null) {
				rewritten(rewritten.name(), record.offset());
			}
			else if (record.key().equals(state.checkpointRecord())) {
				warn(PrintableName.of(this.directory.resolve(record.name()).toString()) + " (read to offset " + record.offset()
						+ ") is no longer among the files matching the pattern under any name: lines written to it after "
						+ "that cannot be counted. If it was rotated, make --pattern match the rotated names too "
						+ "(e.g. 'access.log*')");
			}
			boolean stale = now - record.updated() > this.forgetAfter.toMillis();
			if (stale && rewritten == null && !record.key().equals(state.checkpointRecord())) {
				forgotten.add(record.key());
			}
		}
		return plan(state.checkpoint(), candidates, starts, recordKeys, List.of(), forgotten);
	}

	/**
	 * Where to read a known file from, or -1 if it has nothing new: a plain file at its record's
	 * offset (unless it is the checkpointed one, which costs nothing to open and look at), or a gzip
	 * file whose trailer says it is as long as what was read (never decompressed to find out).
	 */
	private long startOf(Candidate file, FileRecord record, boolean checkpointed) {
		long offset = record.offset();
		if (file.rotated().gzip()) {
			boolean readToEnd = offset > 0 && file.trailerLength() == (offset & 0xffffffffL);
			return readToEnd ? -1 : offset;
		}
		if (file.size() < offset) {
			if (Objects.equals(file.fileKey(), record.fileKey()) && file.name().equals(record.name())) {
				rewritten(file.name(), offset);
				return 0;
			}
			// A copy made before the last lines read reached the original (copytruncate's window).
			logger.debug("{} holds less than the {} bytes read from its file under another name", file.name(), offset);
			return -1;
		}
		return (file.size() == offset && !checkpointed) ? -1 : offset;
	}

	/** Several files with one head: a plain one before gzip, then the longest, then the recorded inode. */
	private static Candidate preferred(List<Candidate> copies, FileRecord record) {
		return copies.stream()
			.max(Comparator.comparing((Candidate c) -> !c.rotated().gzip())
				.thenComparingLong(Candidate::size)
				.thenComparing(c -> Objects.equals(c.fileKey(), record.fileKey())))
			.orElseThrow();
	}

	/**
	 * A checkpoint of the layout before file records: the checkpointed file, found by its identity
	 * under any name (by its name if it has none), goes on from its offset; the files before it in
	 * reading order were finished, those after it are read from 0. Where names grow with time,
	 * which that layout needed, reading order is its byte order. If the checkpointed file is gone,
	 * the files whose names sort before its name in byte order were finished.
	 */
	private ReadPlan fromOldCheckpoint(List<Candidate> candidates, ReadState state) {
		FilePosition checkpoint = state.checkpoint();
		FileIdentity identity = checkpoint.identity();
		List<Candidate> readable = candidates.stream().filter(c -> c.unreadable() == null).toList();
		Candidate current = readable.stream()
			.filter(c -> c.name().equals(checkpoint.file()))
			.filter(c -> identity == null || c.head().startsWith(identity))
			.findFirst()
			.orElse(null);
		if (current == null && identity != null) {
			String family = RotatedName.of(checkpoint.file()).family();
			current = readable.stream()
				.filter(c -> c.head().startsWith(identity) && c.rotated().family().equals(family))
				.findFirst()
				.orElse(null);
		}
		Set<String> keys = new HashSet<>();
		Map<Candidate, Long> starts = new HashMap<>();
		Map<Candidate, String> recordKeys = new HashMap<>();
		List<FileRecord> imported = new ArrayList<>();
		boolean finished = current != null;
		for (Candidate candidate : readable) {
			String key = FileRecord.newKey(candidate.identity(), keys);
			keys.add(key);
			recordKeys.put(candidate, key);
			if (candidate == current) {
				finished = false;
				long start = checkpoint.offset();
				if (!candidate.rotated().gzip() && candidate.size() < start) {
					rewritten(candidate.name(), start);
					start = 0;
				}
				starts.put(candidate, start);
				imported.add(record(candidate, key, start));
			}
			else if (current != null ? finished : InputFiles.NAME_ORDER.compare(candidate.name(), checkpoint.file()) < 0) {
				imported.add(record(candidate, key, contentLength(candidate)));
			}
			else {
				if (current == null && candidate.name().equals(checkpoint.file())) {
					rewritten(candidate.name(), checkpoint.offset());
				}
				starts.put(candidate, 0L);
			}
		}
		return plan(checkpoint, candidates, starts, recordKeys, imported, List.of());
	}

	private static FileRecord record(Candidate file, String key, long offset) {
		return new FileRecord(key, file.name(), offset, file.identity(), file.fileKey(), 0);
	}

	private long contentLength(Candidate file) {
		if (!file.rotated().gzip()) {
			return file.size();
		}
		Path path = this.directory.resolve(file.name());
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			return LineInput.gzipContentLength(channel);
		}
		catch (IOException ex) {
			throw new ItemStreamException("Could not read " + path + ": " + LogFileItemReader.reason(ex), ex);
		}
	}

	private void rewritten(String name, long offset) {
		String reason = "file " + PrintableName.of(this.directory.resolve(name).toString()) + " was truncated or replaced since the checkpoint at offset "
				+ offset;
		if (this.rewrittenFilePolicy == RewrittenFilePolicy.FAIL) {
			throw new ItemStreamException(reason + " (logagg.on-rewritten-file=fail; set it to reread to read the file again)");
		}
		warn(reason + "; reading it again from the start");
	}

	/** The files to read, in reading order, each knowing whether it may still be written. */
	private ReadPlan plan(FilePosition checkpoint, List<Candidate> candidates, Map<Candidate, Long> starts,
			Map<Candidate, String> recordKeys, List<FileRecord> imported, List<String> forgotten) {
		Set<String> rotatedLogs = new HashSet<>();
		Map<String, Candidate> newestPlainRotation = new HashMap<>();
		for (Candidate candidate : candidates) {
			RotatedName name = candidate.rotated();
			if (name.rotated()) {
				rotatedLogs.add(name.log());
			}
			if ((name.kind() == RotatedName.Kind.DATED || name.kind() == RotatedName.Kind.NUMBERED)
					&& name.compression().isEmpty()) {
				// Candidates are in reading order: the last one seen is the newest.
				newestPlainRotation.put(name.log(), candidate);
			}
		}
		Candidate last = candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
		List<PlannedFile> files = new ArrayList<>();
		for (Candidate candidate : candidates) {
			RotatedName name = candidate.rotated();
			if (candidate.unreadable() != null) {
				files.add(PlannedFile.unreadable(candidate.name(), name.gzip(), candidate.unreadable()));
				continue;
			}
			Long start = starts.get(candidate);
			if (start == null) {
				continue;
			}
			boolean holdsTail = candidate == last || newestPlainRotation.get(name.log()) == candidate
					|| (name.kind() == RotatedName.Kind.LIVE && rotatedLogs.contains(name.log()));
			files.add(new PlannedFile(candidate.name(), start, candidate.size(), name.gzip(), candidate.identity(),
					recordKeys.get(candidate), candidate.fileKey(), holdsTail, null));
		}
		return new ReadPlan(checkpoint, files, imported, forgotten, this.warnings);
	}

	/**
	 * A listed file, identified.
	 *
	 * @param trailerLength for gzip, the length its trailer states (modulo 2^32), or -1
	 * @param unreadable why it could not be opened, or null
	 */
	private record Candidate(String name, RotatedName rotated, long size, FileHead head, String fileKey,
			long trailerLength, String unreadable) {

		FileIdentity identity() {
			return this.head.identity(this.size);
		}

	}

}
