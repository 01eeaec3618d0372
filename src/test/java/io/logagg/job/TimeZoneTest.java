package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logagg.time-zone}: days, hours and minutes on the zone's clock, counted against java.time
 * over both of a year's clock changes (a 23-hour and a 25-hour day); a source is kept in one zone.
 */
class TimeZoneTest {

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	/** A line every 15 minutes from {@code from} for three days, stamped in UTC, clients cycling by day of year. */
	private static List<Instant> everyQuarterHour(String from) {
		List<Instant> times = new ArrayList<>();
		for (Instant at = Instant.parse(from); at.isBefore(Instant.parse(from).plusSeconds(3 * 86400)); at = at.plusSeconds(900)) {
			times.add(at);
		}
		return times;
	}

	private static String line(Instant at, int i) {
		return "10.0." + (i % 7) + ".1 - - [" + CLF.format(at.atZone(ZoneOffset.UTC)) + "] \"GET /p" + (i % 5) + " HTTP/1.1\" 200 10 \"-\" \"curl\"";
	}

	private Path write(String name, List<Instant> times) throws IOException {
		Path directory = Files.createDirectories(this.work.resolve(name));
		List<String> text = new ArrayList<>();
		for (int i = 0; i < times.size(); i++) {
			text.add(line(times.get(i), i));
		}
		Files.write(directory.resolve("access.log"), text, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
		return directory;
	}

	private CliRun run(Path input, String source, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--source", source, "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private JsonNode report(String source, String... extra) {
		List<String> args = new ArrayList<>(List.of("report", "--json", "--top", "1000", "--source", source, "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString()));
		args.addAll(List.of(extra));
		CliRun report = CliRun.of(args.toArray(String[]::new));
		assertThat(report.code()).as(report.toString()).isZero();
		return JsonMapper.builder().build().readTree(report.out());
	}

	private static Map<String, Long> panel(JsonNode report, String name) {
		Map<String, Long> rows = new TreeMap<>();
		report.get("panels").get(name).forEach(row -> rows.put(row.get("value").asString(), row.get("count").asLong()));
		return rows;
	}

	@Test
	void daysHoursAndMinutesAreTheZonesOnTheDaysItsClocksChange() throws IOException {
		List<Instant> times = new ArrayList<>(everyQuarterHour("2026-03-07T00:00:00Z"));
		times.addAll(everyQuarterHour("2026-10-31T00:00:00Z"));
		Path input = write("dst", times);

		CliRun run = run(input, "new-york", "--logagg.time-zone=America/New_York");
		assertThat(run.code()).as(run.toString()).isZero();

		Map<String, Long> minutes = new TreeMap<>();
		Map<LocalDate, Long> days = new TreeMap<>();
		Map<LocalDate, Set<String>> visitors = new HashMap<>();
		for (int i = 0; i < times.size(); i++) {
			ZonedDateTime local = times.get(i).atZone(NEW_YORK);
			minutes.merge(MINUTE.format(local), 1L, Long::sum);
			days.merge(local.toLocalDate(), 1L, Long::sum);
			visitors.computeIfAbsent(local.toLocalDate(), d -> new HashSet<>()).add("10.0." + (i % 7) + ".1");
		}
		assertThat(days).containsEntry(LocalDate.parse("2026-03-08"), 23 * 4L).containsEntry(LocalDate.parse("2026-11-01"), 25 * 4L);

		JsonNode report = report("new-york");
		assertThat(report.get("timeZone").asString()).isEqualTo("America/New_York");
		Map<String, Long> reportedMinutes = new TreeMap<>();
		report.get("minutes").properties().forEach(e -> reportedMinutes.put(e.getKey(), e.getValue().asLong()));
		// The autumn's repeated hour: its minutes count twice, as the clock shows them.
		assertThat(minutes).containsEntry("2026-11-01T01:15", 2L);
		assertThat(reportedMinutes).isEqualTo(minutes);
		Map<LocalDate, Long> reportedDays = new TreeMap<>();
		Map<LocalDate, Long> reportedVisitors = new TreeMap<>();
		report.get("days").forEach(day -> {
			reportedDays.put(LocalDate.parse(day.get("day").asString()), day.get("lines").asLong());
			reportedVisitors.put(LocalDate.parse(day.get("day").asString()), day.get("visitors").asLong());
		});
		assertThat(reportedDays).isEqualTo(days);
		Map<LocalDate, Long> expectedVisitors = new TreeMap<>();
		visitors.forEach((day, clients) -> expectedVisitors.put(day, (long) clients.size()));
		assertThat(reportedVisitors).isEqualTo(expectedVisitors);

		Map<String, Long> shortDay = panel(report("new-york", "--since", "2026-03-08T00:00", "--until", "2026-03-08T23:59"), "hours");
		assertThat(shortDay).doesNotContainKey("02").hasSize(23).containsEntry("01", 4L).containsEntry("03", 4L);
		Map<String, Long> longDay = panel(report("new-york", "--since", "2026-11-01T00:00", "--until", "2026-11-01T23:59"), "hours");
		assertThat(longDay).hasSize(24).containsEntry("01", 8L).containsEntry("02", 4L);
	}

	@Test
	void aSourceCountedInOneZoneRefusesARunInAnotherAndCommitsNothing() throws IOException {
		Path input = write("one-zone", everyQuarterHour("2026-11-20T00:00:00Z"));
		assertThat(run(input, "paris", "--logagg.time-zone=Europe/Paris").code()).isZero();
		write("one-zone", everyQuarterHour("2026-11-23T00:00:00Z"));
		String before = report("paris").get("lines").asString();

		CliRun utc = run(input, "paris");

		assertThat(utc.code()).as(utc.toString()).isEqualTo(2);
		assertThat(utc.err()).contains("source paris is counted in time zone Europe/Paris, and this run's logagg.time-zone is UTC");
		assertThat(report("paris").get("lines").asString()).isEqualTo(before);
		CliRun paris = run(input, "paris", "--logagg.time-zone=Europe/Paris");
		assertThat(paris.code()).as(paris.toString()).isZero();
		assertThat(report("paris").get("lines").asLong()).isEqualTo(2 * 3 * 96L);
	}

	@Test
	void anUnknownZoneIsRefusedNamingWhatItTakes() throws IOException {
		CliRun run = run(write("bad", everyQuarterHour("2026-11-20T00:00:00Z")), "bad", "--logagg.time-zone=Mars/Olympus");

		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("logagg.time-zone 'Mars/Olympus' is not a time zone");
	}

}
