package io.logagg.dashboard;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.Clock;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.report.AggregateReport;
import io.logagg.report.DerivedPanels;
import io.logagg.report.GeoDatabases;
import io.logagg.report.RangeMinute;
import io.logagg.report.SourceSelection;
import io.logagg.report.SourceSummary;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's data: {@code /api/report} is the object {@code report --json} prints for the
 * same {@code source}, {@code since}, {@code until} and {@code top}, written by the same mapper;
 * {@code last=N} asks for the last N minutes of the source's clock instead of {@code since}.
 * {@code /api/sources} is {@code sources --json}. A bad parameter is a 400 saying which.
 */
@RestController
final class ReportController {

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final LogaggProperties properties;

	private final DerivedPanels derived;

	private final Clock clock;

	ReportController(StringRedisTemplate redis, JsonMapper json, LogaggProperties properties, GeoDatabases geo, Clock clock) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
		// One for every report of this process: each distinct agent is parsed once.
		this.derived = new DerivedPanels(geo);
		this.clock = clock;
	}

	@GetMapping(path = "/api/report", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> report(@RequestParam(required = false) String source, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(defaultValue = "10") int top,
			@RequestParam(required = false) Integer last) {
		String given = (source == null || source.isBlank()) ? this.properties.source() : source.strip();
		try {
			requireMinute("since", since);
			requireMinute("until", until);
			if (top < 0 || top > 100_000) {
				throw new InvalidSettingException("top takes 0 to 100000, not " + top);
			}
			SourceSelection sources = SourceSelection.isSelection(given) ? SourceSelection.resolve(this.redis, given)
					: SourceSelection.of(requireName(given));
			if (last != null) {
				if (last < 1) {
					throw new InvalidSettingException("last takes a number of minutes, 1 or more, not " + last);
				}
				since = LocalDateTime.now(this.clock.withZone(zoneOf(sources))).minusMinutes(last - 1L).format(RangeMinute.FORMAT);
			}
			if (since != null && until != null && since.compareTo(until) > 0) {
				throw new InvalidSettingException("since " + since + " is later than until " + until + ": the range is empty");
			}
			AggregateReport report = AggregateReport.read(this.redis, sources, top, since, until, this.derived);
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(report));
		}
		catch (InvalidSettingException ex) {
			return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN).body(ex.getMessage());
		}
	}

	@GetMapping(path = "/api/sources", produces = MediaType.APPLICATION_JSON_VALUE)
	String sources() {
		return this.json.writeValueAsString(SourceSummary.readAll(this.redis, this.clock.instant()));
	}

	private static String requireName(String source) {
		if (!LogaggProperties.SOURCE_NAME.matcher(source).matches()) {
			throw new InvalidSettingException("invalid source name '" + source + "': use 1 to 64 of the characters A-Z a-z 0-9 . _ -, "
					+ "globs * ? [] and commas");
		}
		return source;
	}

	/** The zone of the first selected source's clock, as its checkpoint keeps it. */
	private ZoneId zoneOf(SourceSelection sources) {
		String zone = this.redis.<String, String>opsForHash().get(new KeyLayout(sources.sources().get(0)).checkpoint(), "zone");
		try {
			return ZoneId.of((zone != null) ? zone : AggregateReport.UTC);
		}
		catch (RuntimeException ex) {
			return ZoneId.of(AggregateReport.UTC);
		}
	}

	private static void requireMinute(String name, String value) {
		try {
			RangeMinute.require(name, value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(ex.getMessage(), ex);
		}
	}

}
