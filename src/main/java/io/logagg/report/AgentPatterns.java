package io.logagg.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import ua_parser.OS;
import ua_parser.OSParser;
import ua_parser.UserAgent;
import ua_parser.UserAgentParser;

/**
 * ua-parser's patterns of browsers and operating systems (uap-java's own, made by its own code),
 * tried in its order as its parsers do, but each only on an agent that holds the text every match
 * of it holds ({@link RequiredText}): uap-java tries a few hundred patterns on most agents, a
 * millisecond an agent, which was most of a report's time. The answers are uap-java's. Thread-safe.
 */
final class AgentPatterns {

	private static final String REGEXES = "/ua_parser/regexes.yaml";

	private final Browsers browsers;

	private final Systems systems;

	AgentPatterns() {
		Map<String, List<Map<String, String>>> config;
		try (InputStream in = UserAgentParser.class.getResourceAsStream(REGEXES)) {
			if (in == null) {
				throw new IllegalStateException("ua-parser's " + REGEXES + " is not on the class path");
			}
			config = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read ua-parser's " + REGEXES, ex);
		}
		this.browsers = new Browsers(config.get("user_agent_parsers"));
		this.systems = new Systems(config.get("os_parsers"));
	}

	/** The browser family of {@code agent}, as {@code new Parser().parseUserAgent(agent).family}. */
	String browser(String agent) {
		return this.browsers.family(agent, agent.toLowerCase(Locale.ROOT));
	}

	/** The operating system family of {@code agent}, as {@code new Parser().parseOS(agent).family}. */
	String system(String agent) {
		return this.systems.family(agent, agent.toLowerCase(Locale.ROOT));
	}

	/** How many patterns of browsers, then of systems, have text to look for first: for the tests. */
	int[] withText() {
		return new int[] { this.browsers.withText(), this.systems.withText() };
	}

	/** The browsers' patterns: a subclass of uap-java's parser, which alone may make and hold them. */
	private static final class Browsers extends UserAgentParser {

		private final List<UAPattern> patterns;

		private final List<RequiredText> texts;

		Browsers(List<Map<String, String>> entries) {
			super(List.of());
			this.patterns = entries.stream().map(UserAgentParser::patternFromMap).toList();
			this.texts = entries.stream().map(entry -> RequiredText.of(entry.get("regex"))).toList();
		}

		String family(String agent, String lowerCase) {
			for (int i = 0; i < this.patterns.size(); i++) {
				if (this.texts.get(i).mayMatch(agent, lowerCase)) {
					UserAgent found = this.patterns.get(i).match(agent);
					if (found != null) {
						return found.family;
					}
				}
			}
			return "Other";
		}

		int withText() {
			return (int) this.texts.stream().filter(text -> !text.any().isEmpty()).count();
		}

	}

	/** The systems' patterns, likewise. */
	private static final class Systems extends OSParser {

		private final List<OSPattern> patterns;

		private final List<RequiredText> texts;

		Systems(List<Map<String, String>> entries) {
			super(List.of());
			this.patterns = entries.stream().map(OSParser::patternFromMap).toList();
			this.texts = entries.stream().map(entry -> RequiredText.of(entry.get("regex"))).toList();
		}

		String family(String agent, String lowerCase) {
			for (int i = 0; i < this.patterns.size(); i++) {
				if (this.texts.get(i).mayMatch(agent, lowerCase)) {
					OS found = this.patterns.get(i).match(agent);
					if (found != null) {
						return found.family;
					}
				}
			}
			return OS.OTHER.family;
		}

		int withText() {
			return (int) this.texts.stream().filter(text -> !text.any().isEmpty()).count();
		}

	}

}
