package io.logagg.read;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a file's name says of its place among a log's rotations, as logrotate names them:
 * {@code access.log} is the live log; {@code access.log.3} (or {@code access.log.3.gz}) its third
 * newest numbered rotation; {@code access.log-20261129}, {@code access.log-20261129.gz} or, with
 * logrotate's {@code extension .log}, {@code access-20261129.log} a rotation dated with
 * {@code dateext}; {@code access.1.log} or {@code access.2.log.gz} a numbered rotation with logrotate's
 * {@code extension .log}; {@code access.log-1796579396} or {@code access.log-202612} a rotation
 * dated with a {@code dateformat} of {@code -%s} or {@code -%Y%m}; {@code access.log.old},
 * {@code access.log.bak} or {@code access.log~} a file renamed or copied by hand. All of these
 * belong to the {@link #log} {@code access.log}.
 *
 * <p>{@link #READING_ORDER} puts a log's oldest content first: dated rotations by date, then
 * numbered ones from the highest number down, then the live file. Logs follow each other in the
 * byte order of their names, so names that are neither numbered nor dated keep plain byte order.
 *
 * @param name the file's name (a relative path under {@code --recursive})
 * @param log the name of the live log this file is, or is a rotation of (same directory)
 * @param kind which kind of name it is
 * @param generation for {@link Kind#NUMBERED}, the rotation's number; otherwise 0
 * @param date for {@link Kind#DATED}, the date's digits (and any sequence after it); otherwise empty
 * @param compression the compression suffix ({@code .gz}, {@code .bz2}...), or empty
 */
public record RotatedName(String name, String log, Kind kind, long generation, String date, String compression) {

	/** The kinds of name, in the order they are read within one log. */
	public enum Kind {

		/** {@code access.log-20261129}: a rotation named by its date. */
		DATED,
		/** {@code access.log.3}: a numbered rotation; higher is older. */
		NUMBERED,
		/** {@code access.log.gz}: compressed, but neither numbered nor dated. */
		COMPRESSED,
		/**
		 * {@code access.log.old}, {@code access.log.bak}, {@code access.log~}: renamed or copied by
		 * hand, older than the live file.
		 */
		RENAMED,
		/** {@code access.log}: the file the server writes to. */
		LIVE

	}

	private static final String[] COMPRESSIONS = { ".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".Z", ".zip" };

	private static final Pattern NUMBERED_NAME = Pattern.compile("(.+)\\.(\\d{1,6})");

	/** logrotate's {@code extension .log}: the number goes before the log's own extension. */
	private static final Pattern NUMBERED_BEFORE_EXTENSION = Pattern.compile("(.+)\\.(\\d{1,6})(\\.[A-Za-z][A-Za-z0-9_]{0,15})");

	/** {@code dateformat -%s}: seconds since the epoch, ten digits from 2001 to 2286. */
	private static final Pattern EPOCH_DATED_NAME = Pattern.compile("(.+?)[-._]([1-9]\\d{9})(\\.[A-Za-z][A-Za-z0-9_]{0,15})?");

	/** Suffixes of a hand rotation or a backup copy. */
	private static final Pattern RENAMED_NAME = Pattern.compile("(.+?)(?:\\.old|\\.bak|\\.orig|\\.save|\\.backup|-backup|~)");

	/**
	 * A base, a separator, a date as {@code dateformat} writes it ({@code %Y%m%d}, optionally
	 * {@code %H}, {@code %M}, {@code %S}, or with dashes), an optional sequence ({@code -%s}), and
	 * the log's own extension when logrotate's {@code extension} moved the date before it.
	 */
	private static final Pattern DATED_NAME = Pattern.compile(
			"(.+?)[-._]((?:19|20|21)\\d{2}-?[01]\\d(?:-?[0-3]\\d(?:[-_T]?[0-2]\\d(?:[-:]?[0-5]\\d(?:[-:]?[0-5]\\d)?)?)?)?)"
					+ "(?:[-_.](\\d{1,20}))?(\\.[A-Za-z][A-Za-z0-9_]{0,15})?");

	/** An epoch-seconds date as the digits of a {@code dateformat -%Y%m%d%H%M%S}, so that both sort alike. */
	private static final DateTimeFormatter EPOCH_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

	/** Oldest content first; see the class comment. */
	public static final Comparator<RotatedName> READING_ORDER = Comparator
		.comparing(RotatedName::log, InputFiles.NAME_ORDER)
		.thenComparing(RotatedName::kind)
		.thenComparing(RotatedName::date)
		.thenComparing(Comparator.comparingLong(RotatedName::generation).reversed())
		.thenComparing(RotatedName::name, InputFiles.NAME_ORDER);

	/** Reads what a file's name says. */
	public static RotatedName of(String name) {
		int slash = name.lastIndexOf('/');
		String directory = name.substring(0, slash + 1);
		String file = name.substring(slash + 1);
		String compression = "";
		for (String suffix : COMPRESSIONS) {
			if (file.length() > suffix.length() && file.endsWith(suffix)) {
				compression = suffix;
				file = file.substring(0, file.length() - suffix.length());
				break;
			}
		}
		Matcher dated = DATED_NAME.matcher(file);
		if (dated.matches() && isDate(dated.group(2))) {
			String extension = (dated.group(4) != null) ? dated.group(4) : "";
			String sequence = (dated.group(3) != null) ? "." + dated.group(3) : "";
			return new RotatedName(name, directory + dated.group(1) + extension, Kind.DATED, 0,
					dated.group(2).replaceAll("[^0-9]", "") + sequence, compression);
		}
		Matcher epoch = EPOCH_DATED_NAME.matcher(file);
		if (epoch.matches()) {
			String extension = (epoch.group(3) != null) ? epoch.group(3) : "";
			String date = EPOCH_DATE.format(Instant.ofEpochSecond(Long.parseLong(epoch.group(2))));
			return new RotatedName(name, directory + epoch.group(1) + extension, Kind.DATED, 0, date, compression);
		}
		Matcher numbered = NUMBERED_NAME.matcher(file);
		if (numbered.matches()) {
			return new RotatedName(name, directory + numbered.group(1), Kind.NUMBERED, Long.parseLong(numbered.group(2)), "",
					compression);
		}
		Matcher beforeExtension = NUMBERED_BEFORE_EXTENSION.matcher(file);
		if (beforeExtension.matches()) {
			return new RotatedName(name, directory + beforeExtension.group(1) + beforeExtension.group(3), Kind.NUMBERED,
					Long.parseLong(beforeExtension.group(2)), "", compression);
		}
		Matcher renamed = RENAMED_NAME.matcher(file);
		if (renamed.matches()) {
			return new RotatedName(name, directory + renamed.group(1), Kind.RENAMED, 0, "", compression);
		}
		return new RotatedName(name, directory + file, compression.isEmpty() ? Kind.LIVE : Kind.COMPRESSED, 0, "",
				compression);
	}

	private static boolean isDate(String date) {
		String digits = date.replaceAll("[^0-9]", "");
		int month = Integer.parseInt(digits.substring(4, 6));
		int day = (digits.length() >= 8) ? Integer.parseInt(digits.substring(6, 8)) : 1;
		return month >= 1 && month <= 12 && day >= 1 && day <= 31;
	}

	/**
	 * The live log's file name without its directory: the names a rotation may give one file
	 * ({@code olddir} moves it to another directory) share it. Files of different families are
	 * never taken for one another, whatever their first bytes.
	 */
	public String family() {
		return this.log.substring(this.log.lastIndexOf('/') + 1);
	}

	/** True for a gzip file, which logagg decompresses as it reads. */
	public boolean gzip() {
		return this.compression.equals(".gz");
	}

	/** True for a compression logagg cannot read (bzip2, xz, zstd...). */
	public boolean unreadableCompression() {
		return !this.compression.isEmpty() && !gzip();
	}

	/**
	 * True for a rotated file the server may still write until it reopens its log: one neither
	 * compressed nor live.
	 */
	public boolean mayBeReopenedLater() {
		return this.compression.isEmpty() && this.kind != Kind.LIVE && this.kind != Kind.COMPRESSED;
	}

	/** True for a rotated file: numbered, dated, compressed or renamed. */
	public boolean rotated() {
		return this.kind != Kind.LIVE;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s (%s of %s)", this.name, this.kind, this.log);
	}

}
