package io.logagg.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

import io.logagg.aggregate.MinutesAggregate;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.parse.FormatSpec;
import io.logagg.parse.LineParser;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.read.CountedTimes;
import io.logagg.read.RejectedLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code logagg check-format}: the first lines of a file, parsed with a format, each with the
 * fields found or the first field that failed and why; what an operator runs before a cron job
 * goes live.
 */
@Command(name = "check-format", sortOptions = false,
		description = "Parse the first lines of a log file (plain or .gz) with a format and print, for each, the "
				+ "fields found or the first field that failed and where.",
		footer = { "", "Exit codes: 0 every line parsed, 1 some did not, 2 bad usage or a bad format." })
final class CheckFormatCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "FILE", description = "The log file to try")
	Path file;

	@Option(names = "--format", paramLabel = "F",
			description = "combined (default), common, vcombined, vcommon, caddy, traefik, traefikclf, awselb, awsalb, json, nginx:'<log_format>' or apache:'<LogFormat>' (logagg.format)")
	String format;

	@Option(names = "--lines", paramLabel = "N", defaultValue = "10", description = "Lines to try (default: ${DEFAULT-VALUE})")
	int lines;

	/** --data-dir, --source and the others every command takes, though reading a file needs none of them. */
	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws IOException {
		if (this.lines < 1) {
			throw new InvalidSettingException("--lines must be at least 1, not " + this.lines);
		}
		LogaggProperties properties;
		List<String> settings = new ArrayList<>(this.common.settings());
		if (this.format != null) {
			settings.add("--logagg.format=" + this.format);
		}
		try (ConfigurableApplicationContext context = this.parent.launcher.startSettingsOnly(settings)) {
			properties = context.getBean(LogaggProperties.class);
		}
		String spec = properties.format();
		LineParser parser = FormatSpec.compile(spec, properties.formatOptions());
		CountedTimes times = CountedTimes.fromNow();
		PrintWriter out = this.spec.commandLine().getOut();
		out.println("format: " + spec);
		int failed = 0;
		int tried = 0;
		ParsedLine parsed = new ParsedLine();
		for (Line line : firstLines(properties.maxLineBytes())) {
			if (!line.tooLong() && !parser.parse(line.bytes(), 0, line.bytes().length, parsed)
					&& parser.directive(line.bytes(), 0, line.bytes().length)) {
				// run takes such a line in (W3C's #Fields:) and counts it as nothing.
				out.println("line " + line.number() + ": directive  " + RejectedLine.of(0L, line.bytes(), 0, line.bytes().length).excerpt());
				continue;
			}
			tried++;
			String why;
			if (line.tooLong()) {
				why = "longer than logagg.max-line-bytes (" + properties.maxLineBytes() + ")";
			}
			else if (!parser.parse(line.bytes(), 0, line.bytes().length, parsed)) {
				String explained = parser.explain(line.bytes(), 0, line.bytes().length);
				why = (explained != null) ? explained : "does not match " + spec;
			}
			else if (!times.contains(parsed.epochMinute())) {
				why = CountedTimes.outside(parsed.epochMinute());
			}
			else {
				out.println("line " + line.number() + ": ok  " + describe(parsed));
				continue;
			}
			failed++;
			out.println("line " + line.number() + ": MALFORMED  " + why + "  | "
					+ RejectedLine.of(0L, line.bytes(), 0, line.bytes().length).excerpt());
		}
		if (tried == 0) {
			throw new InvalidSettingException(this.file + " has no complete line");
		}
		out.printf(Locale.ROOT, "%d of %d line(s) parsed%n", tried - failed, tried);
		return (failed == 0) ? ExitCodes.OK : ExitCodes.JOB_FAILED;
	}

	/**
	 * A line of the file as {@code run} reads it.
	 *
	 * @param number its line number in the file, empty lines counted
	 * @param bytes its bytes, without the terminator; only the first {@code max-line-bytes} of a
	 * longer one, so that a 400 MB line costs no memory
	 * @param tooLong whether it is longer than {@code max-line-bytes}, as {@code run} counts it malformed
	 */
	private record Line(int number, byte[] bytes, boolean tooLong) {
	}

	/** The first non-empty lines, numbered as the file's lines are, held to {@code maxLineBytes} each. */
	private List<Line> firstLines(int maxLineBytes) throws IOException {
		List<Line> found = new ArrayList<>();
		try (InputStream in = open()) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			long length = 0;
			int number = 0;
			int c;
			while (found.size() < this.lines && (c = in.read()) >= 0) {
				if (c == '\n') {
					number++;
					byte[] bytes = line.toByteArray();
					long content = (bytes.length > 0 && bytes[bytes.length - 1] == '\r' && length == bytes.length) ? length - 1 : length;
					if (content > 0) {
						found.add(new Line(number, Arrays.copyOf(bytes, (int) Math.min(content, bytes.length)), content > maxLineBytes));
					}
					line.reset();
					length = 0;
				}
				else {
					length++;
					if (line.size() <= maxLineBytes) {
						line.write(c);
					}
				}
			}
		}
		return found;
	}

	private InputStream open() throws IOException {
		try {
			InputStream in = new BufferedInputStream(Files.newInputStream(this.file), 1 << 16);
			return this.file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
		}
		catch (NoSuchFileException ex) {
			throw new InvalidSettingException(this.file + " does not exist");
		}
	}

	private static String describe(ParsedLine line) {
		StringBuilder text = new StringBuilder();
		text.append("time=").append(MinutesAggregate.minuteKey(line.epochMinute())).append(" status=").append(line.status());
		text.append(" bytes=").append(line.size());
		for (LogField field : LogField.values()) {
			if (line.has(field)) {
				text.append(' ').append(field.name().toLowerCase(Locale.ROOT).replace('_', '-')).append('=');
				text.append(new String(line.bytes(), line.from(field), line.to(field) - line.from(field), StandardCharsets.UTF_8));
			}
		}
		if (line.durationMicros() >= 0) {
			text.append(String.format(Locale.ROOT, " duration=%.3fms", line.durationMicros() / 1000.0));
		}
		return text.toString();
	}

}
