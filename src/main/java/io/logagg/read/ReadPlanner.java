package io.logagg.read;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.function.Predicate;

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
 * <li>A renamed file (a rotation) is the same file: read on from its record's offset. A file is
 * matched first to a record of its own log ({@link RotatedName#family()}); then, under a name of
 * another log (a hand rotation, a name no rule knows), to a record no file of its own log claimed
 * (or of its inode) whose content it holds up to the record's offset: the head, and the bytes
 * before the offset ({@link FileRecord#tail()}). Two logs whose first lines are alike stay two.</li>
 * <li>Several files on one record are one file read once: the one holding most, then plain before
 * gzip. A new file whose head begins another's of its log (a compression in progress), or whose
 * whole content another file holds (a backup copy), is a copy of it: counted once.</li>
 * <li>A known plain file is read on only where it still holds the bytes read before its offset;
 * under the record's own name, a file now shorter than its offset, or not holding them, was
 * truncated or replaced: the {@link RewrittenFilePolicy} decides.</li>
 * <li>A gzip file is skipped without decompressing when its trailer's length equals its record's
 * offset: it was read to its end under its earlier, uncompressed name.</li>
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

	/** The listing's pattern, for what a warning advises. */
	private Predicate<String> pattern = name -> true;

	/** Per log, a compression logagg cannot read that its rotations were found in. */
	private final Map<String, String> unreadableCompressions = new HashMap<>();

	/** The surveyed files, open while a plan is made (up to {@link #SURVEY_OPEN_LIMIT}). */
	private Map<String, FileChannel> channels = Map.of();

	/** Surveyed files kept open at once: a directory of many thousand files stays within any descriptor limit. */
	private static final int SURVEY_OPEN_LIMIT = 1024;

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
		try (OpenFiles none = new OpenFiles(0)) {
			return plan(listing, state, none);
		}
	}

	/**
	 * @param listing the files of the input directory matching the pattern, and those left out
	 * @param state where the source stands
	 * @param open receives the planned files, open, for the reader: each is then read as the file
	 * it was planned as, whatever is renamed meanwhile
	 * @return what to read
	 * @throws ItemStreamException if a truncated file fails the run
	 */
	public ReadPlan plan(InputFiles.Listing listing, ReadState state, OpenFiles open) {
		List<String> names = listing.names();
		this.warnings.clear();
		this.warnings.addAll(listing.warnings());
		this.pattern = listing.pattern();
		this.unreadableCompressions.clear();
		List<Candidate> candidates = new ArrayList<>(names.size());
		Map<String, FileChannel> channels = new HashMap<>();
		try {
			for (String name : names) {
				Candidate candidate = survey(name, channels);
				if (candidate != null) {
					candidates.add(candidate);
				}
			}
			candidates.sort(Comparator.comparing(Candidate::rotated, RotatedName.READING_ORDER));
			this.channels = channels;
			ReadPlan plan = state.recorded() ? fromRecords(candidates, state) : fromOldCheckpoint(candidates, state);
			for (PlannedFile file : plan.files()) {
				FileChannel channel = channels.remove(file.name());
				if (channel != null) {
					open.keep(file.name(), channel);
				}
			}
			return plan;
		}
		finally {
			channels.values().forEach(ReadPlanner::closeQuietly);
			this.channels = Map.of();
		}
	}

	/**
	 * A listed file with content, identified, and left open in {@code channels}; null for an empty
	 * file or one that cannot be read.
	 */
	private Candidate survey(String name, Map<String, FileChannel> channels) {
		RotatedName rotated = RotatedName.of(name);
		Path file = this.directory.resolve(name);
		if (rotated.unreadableCompression()) {
			this.unreadableCompressions.put(rotated.log(), rotated.compression());
			warn("skipping " + PrintableName.of(file.toString()) + ": logagg reads gzip only, not " + rotated.compression()
					+ " (leave logrotate's compresscmd at its gzip default, or narrow --pattern)");
			return null;
		}
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
			FileHead head = FileHead.read(channel, rotated.gzip());
			if (head.length() == 0) {
				closeQuietly(channel);
				return null;
			}
			long size = channel.size();
			long trailer = rotated.gzip() ? LineInput.gzipTrailerLength(channel) : -1;
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			Object key = attributes.fileKey();
			if (channels.size() < SURVEY_OPEN_LIMIT) {
				channels.put(name, channel);
			}
			else {
				closeQuietly(channel);
			}
			return new Candidate(name, rotated, size, head, (key != null) ? key.toString() : null, trailer,
					attributes.lastModifiedTime().toMillis(), null);
		}
		catch (FileHead.NotGzipException ex) {
			closeQuietly(channel);
			warn("skipping " + PrintableName.of(file.toString()) + ": it is named .gz but is not gzip data (" + ex.getMessage()
					+ "); its lines are not counted. Leave logrotate's compresscmd at its gzip default, or narrow --pattern");
			return null;
		}
		catch (NoSuchFileException ex) {
			closeQuietly(channel);
			// Gone since it was listed: logrotate deletes a file once its compressed copy is written,
			// and that copy, listed too, holds its content.
			logger.debug("{} went away while the directory was surveyed", file);
			return null;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			// Not thrown here: the files before it in reading order are read first, as they would be
			// if it could be opened; the run fails when it comes to this one.
			return new Candidate(name, rotated, 0, FileHead.of(new byte[0]), null, -1, 0,
					"Could not open " + file + ": " + LogFileItemReader.reason(ex));
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.debug("could not close a surveyed file", ex);
			}
		}
	}

	/** The record of a file's own log ({@link RotatedName#family()}) with the longest head it starts with, or null. */
	private static FileRecord recordOfItsLog(Candidate candidate, Map<String, FileRecord> records) {
		String family = candidate.rotated().family();
		return records.values()
			.stream()
			.filter(r -> candidate.head().startsWith(r.identity()))
			.filter(r -> RotatedName.of(r.name()).family().equals(family))
			.max(Comparator.comparingInt(r -> r.identity().headLength()))
			.orElse(null);
	}

	/**
	 * The record a file renamed to a name of another log is (a hand rotation, a name no rule
	 * knows): one it starts with whose content it holds up to the record's offset (the bytes before
	 * it, or for gzip the same length); null for a new file.
	 */
	private FileRecord recordUnderAnotherName(Candidate candidate, List<FileRecord> records) {
		return records.stream()
			.filter(r -> candidate.head().startsWith(r.identity()))
			.filter(r -> holdsContentOf(candidate, r))
			.max(Comparator.comparingInt((FileRecord r) -> r.identity().headLength()).thenComparing(FileRecord::key))
			.orElse(null);
	}

	/** True if a file under another log's name holds what was read of a record's file. */
	private boolean holdsContentOf(Candidate file, FileRecord record) {
		if (file.rotated().gzip()) {
			return file.trailerLength() == (record.offset() & 0xffffffffL);
		}
		if (file.size() < record.offset()) {
			return false;
		}
		return (record.tail() != FileRecord.NO_TAIL) ? holdsAt(file, record) : file.size() == record.offset();
	}

	private ReadPlan fromRecords(List<Candidate> candidates, ReadState state) {
		Map<String, FileRecord> records = state.records();
		Map<FileRecord, List<Candidate>> byRecord = new LinkedHashMap<>();
		List<Candidate> otherLogs = new ArrayList<>();
		for (Candidate candidate : candidates) {
			if (candidate.unreadable() != null) {
				continue;
			}
			FileRecord record = recordOfItsLog(candidate, records);
			if (record == null) {
				otherLogs.add(candidate);
			}
			else {
				byRecord.computeIfAbsent(record, r -> new ArrayList<>()).add(candidate);
			}
		}
		// Then under any name, for records no file of their own log claimed, or whose file it still is
		// (its inode, the renamed original beside a backup copy): a log whose first lines are another's
		// (a monitor probing two virtual hosts) never takes over a record its own file has.
		List<Candidate> unknown = new ArrayList<>();
		for (Candidate candidate : otherLogs) {
			List<FileRecord> claimable = records.values()
				.stream()
				.filter(r -> !byRecord.containsKey(r) || r.fileKey() != null && r.fileKey().equals(candidate.fileKey()))
				.toList();
			FileRecord record = recordUnderAnotherName(candidate, claimable);
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
		Map<Candidate, FileRecord> known = new LinkedHashMap<>();
		byRecord.forEach((record, copies) -> {
			Candidate chosen = preferred(copies, record);
			known.put(chosen, record);
			copies.stream().filter(c -> c != chosen).forEach(copy -> copyOf(copy, chosen, record.updated()));
			long start = startOf(chosen, record, record.key().equals(state.checkpointRecord()));
			if (start >= 0) {
				starts.put(chosen, start);
				recordKeys.put(chosen, record.key());
			}
		});
		List<Candidate> fresh = new ArrayList<>();
		// Longest head first; of equal heads the longest file, then a backup copy after its original.
		unknown.sort(Comparator.comparingInt((Candidate c) -> c.head().length())
			.thenComparingLong(Candidate::contentLength)
			.reversed()
			.thenComparing(c -> c.rotated().kind() == RotatedName.Kind.RENAMED));
		for (Candidate candidate : unknown) {
			// A copy of a file read now or before (a partial one while it is being compressed): one file.
			Candidate original = fresh.stream().filter(other -> isCopy(candidate, other)).findFirst().orElse(null);
			FileRecord originalRecord = null;
			if (original == null) {
				for (Map.Entry<Candidate, FileRecord> file : known.entrySet()) {
					if (isCopy(candidate, file.getKey())) {
						original = file.getKey();
						originalRecord = file.getValue();
						break;
					}
				}
			}
			if (original != null) {
				copyOf(candidate, original, (originalRecord != null) ? originalRecord.updated() : 0);
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
			// Under its own name: truncated in place, or replaced by a file too short to tell by its head
			// (unless a rotation is as likely: the pattern hides rotated names, or one was compressed
			// with what logagg cannot read; the warning then says so).
			boolean rotatedAway = patternMissesRotationsOf(record)
					|| this.unreadableCompressions.containsKey(RotatedName.of(record.name()).log());
			Candidate rewritten = fresh.stream()
				.filter(c -> c.name().equals(record.name()) && (c.fileKey() != null && c.fileKey().equals(record.fileKey())
						|| c.head().length() < record.identity().headLength() && !rotatedAway))
				.findFirst()
				.orElse(null);
			if (rewritten != null) {
				rewritten(rewritten.name(), record.offset());
			}
			else if (record.key().equals(state.checkpointRecord())) {
				warn(gone(record));
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
	 * file whose trailer says it is as long as what was read (never decompressed to find out). A
	 * plain file is read from 0 (the {@link RewrittenFilePolicy} permitting) when it was rewritten:
	 * shorter than the offset under the record's own name, or with no line ending at the offset.
	 */
	private long startOf(Candidate file, FileRecord record, boolean checkpointed) {
		long offset = record.offset();
		if (file.rotated().gzip()) {
			boolean readToEnd = offset > 0 && file.trailerLength() == (offset & 0xffffffffL);
			return readToEnd ? -1 : offset;
		}
		if (file.size() < offset) {
			if (file.name().equals(record.name())) {
				// Truncated in place, or replaced by a shorter file (head -n, sed -i): whatever its inode.
				rewritten(file.name(), offset);
				return 0;
			}
			// A copy made before the last lines read reached the original (copytruncate's window).
			logger.debug("{} holds less than the {} bytes read from its file under another name", file.name(), offset);
			return -1;
		}
		if (file.size() > offset && offset > 0 && !holdsAt(file, record)) {
			// Replaced and grown past the offset between two runs: resuming would start mid-line.
			rewritten(file.name(), offset);
			return 0;
		}
		return (file.size() == offset && !checkpointed) ? -1 : offset;
	}

	/**
	 * True if a plain file still holds at its record's offset what was read there: the bytes of the
	 * record's tail, or for a record without one, a newline before the offset. A file that cannot be
	 * read here is given the benefit of the doubt; reading it says what is wrong.
	 */
	private boolean holdsAt(Candidate file, FileRecord record) {
		try {
			if (record.tail() != FileRecord.NO_TAIL) {
				return tailOf(file, record.offset()) == record.tail();
			}
			return byteBefore(file, record.offset()) == '\n';
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** The {@link FileRecord#tail} of a surveyed plain file at {@code offset}. */
	private long tailOf(Candidate file, long offset) throws IOException {
		return read(file, channel -> FileRecord.tailOf(channel, offset));
	}

	/** The byte before {@code offset} of a surveyed plain file, or -1 if there is none. */
	private int byteBefore(Candidate file, long offset) throws IOException {
		return (int) read(file, channel -> {
			ByteBuffer before = ByteBuffer.allocate(1);
			return (channel.read(before, offset - 1) == 1) ? before.get(0) : -1;
		});
	}

	/** A positional read of a surveyed file: through its channel if it is still open, else by name. */
	private long read(Candidate file, ChannelRead read) throws IOException {
		FileChannel held = this.channels.get(file.name());
		if (held != null) {
			return read.from(held);
		}
		try (FileChannel channel = FileChannel.open(this.directory.resolve(file.name()), StandardOpenOption.READ)) {
			return read.from(channel);
		}
	}

	/** A read that leaves the channel's position alone. */
	@FunctionalInterface
	private interface ChannelRead {

		long from(FileChannel channel) throws IOException;

	}

	/**
	 * True if {@code copy} is a copy of {@code original}: within one log, a file whose head begins
	 * the other's (a compression or a copytruncate copy in progress); under another log's name, a
	 * plain file with the same whole head that the other holds up to its end (a backup copy).
	 */
	private boolean isCopy(Candidate copy, Candidate original) {
		if (copy == original || !original.head().startsWith(copy.identity())) {
			return false;
		}
		if (copy.rotated().family().equals(original.rotated().family())) {
			return true;
		}
		if (copy.head().length() < FileIdentity.HEAD_BYTES || original.head().length() < FileIdentity.HEAD_BYTES
				|| copy.rotated().gzip() || original.rotated().gzip() || copy.size() > original.size()) {
			return false;
		}
		try {
			return tailOf(copy, copy.size()) == tailOf(original, copy.size());
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Says, once, that a file is a copy of another and counted once: when it appeared or changed
	 * since {@code since} (a record's last write). A compression in progress, or copytruncate's
	 * copy, is routine and said only in the debug log.
	 */
	private void copyOf(Candidate copy, Candidate original, long since) {
		boolean routine = copy.rotated().gzip() != original.rotated().gzip() || copy.size() < original.size()
				&& copy.rotated().family().equals(original.rotated().family()) && copy.rotated().kind() != RotatedName.Kind.RENAMED;
		String message = PrintableName.of(this.directory.resolve(copy.name()).toString()) + " starts with the same "
				+ copy.head().length() + " bytes as " + PrintableName.of(this.directory.resolve(original.name()).toString())
				+ ": a copy of it, counted once";
		if (routine || copy.modified() <= since) {
			logger.debug(message);
		}
		else {
			warn(message);
		}
	}

	/** True if the pattern matches neither a numbered nor a dated rotation of the record's log. */
	private boolean patternMissesRotationsOf(FileRecord record) {
		String log = RotatedName.of(record.name()).log();
		return !this.pattern.test(log + ".1") && !this.pattern.test(log + "-20261129");
	}

	/** What the operator hears when the checkpointed file is nowhere among the matching files. */
	private String gone(FileRecord record) {
		String described = PrintableName.of(this.directory.resolve(record.name()).toString()) + " (read to offset "
				+ record.offset() + ")";
		if (emptiedInPlace(record)) {
			return described + " was emptied in place, with no copy of it among the matching files: lines written to it "
					+ "after that offset and before it was emptied are not counted";
		}
		String log = RotatedName.of(record.name()).log();
		String compression = this.unreadableCompressions.get(log);
		if (compression != null) {
			return described + " was rotated and compressed with " + compression + ", which logagg cannot read: lines written to "
					+ "it after that offset are not counted (leave logrotate's compresscmd at its gzip default)";
		}
		if (patternMissesRotationsOf(record)) {
			return described + " is no longer among the files matching the pattern under any name: lines written to it after "
					+ "that cannot be counted. If it was rotated, make --pattern match the rotated names too (e.g. '"
					+ log.substring(log.lastIndexOf('/') + 1) + "*')";
		}
		return described + " is gone, and no matching file starts with its first bytes (deleted by rotate or maxage, or "
				+ "moved by olddir outside --input): lines written to it after that offset and before it went are not "
				+ "counted";
	}

	/** True if the record's file is still there under its name and inode, empty. */
	private boolean emptiedInPlace(FileRecord record) {
		try {
			Path file = this.directory.resolve(record.name());
			Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
			return Files.size(file) == 0 && key != null && key.toString().equals(record.fileKey());
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Several files with one head: the one holding most, then plain before gzip, then the recorded inode. */
	private static Candidate preferred(List<Candidate> copies, FileRecord record) {
		return copies.stream()
			.max(Comparator.comparingLong(Candidate::contentLength)
				.thenComparing((Candidate c) -> !c.rotated().gzip())
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
		Map<String, Candidate> newestPlainRotation = new HashMap<>();
		for (Candidate candidate : candidates) {
			RotatedName name = candidate.rotated();
			if (name.mayBeReopenedLater()) {
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
			// Every live file may be mid-write, not only the last one read (two vhosts' logs).
			boolean holdsTail = candidate == last || newestPlainRotation.get(name.log()) == candidate
					|| name.kind() == RotatedName.Kind.LIVE;
			files.add(new PlannedFile(candidate.name(), start, candidate.size(), name.gzip(), candidate.identity(),
					recordKeys.get(candidate), candidate.fileKey(), holdsTail, null));
		}
		return new ReadPlan(checkpoint, files, imported, forgotten, this.warnings);
	}

	/**
	 * A listed file, identified.
	 *
	 * @param trailerLength for gzip, the length its trailer states (modulo 2^32), or -1
	 * @param modified when it was last modified, epoch milliseconds
	 * @param unreadable why it could not be opened, or null
	 */
	private record Candidate(String name, RotatedName rotated, long size, FileHead head, String fileKey,
			long trailerLength, long modified, String unreadable) {

		FileIdentity identity() {
			return this.head.identity(this.size);
		}

		/** Bytes of content: decompressed for gzip, as its trailer states (modulo 2^32). */
		long contentLength() {
			return this.rotated.gzip() ? Math.max(0, this.trailerLength) : this.size;
		}

	}

}
