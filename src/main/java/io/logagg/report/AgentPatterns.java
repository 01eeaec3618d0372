package io.logagg.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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

	private final Ordered browsers;

	private final Ordered systems;

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
		this.browsers = Browsers.of(config.get("user_agent_parsers"));
		this.systems = Systems.of(config.get("os_parsers"));
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

	/**
	 * Patterns in uap-java's order, each as the family it finds in an agent (null where it does not
	 * match) and the text its matches hold.
	 *
	 * @param otherwise the family of an agent that none matches
	 */
	private record Ordered(List<Function<String, String>> families, List<RequiredText> texts, String otherwise) {

		String family(String agent, String lowerCase) {
			for (int i = 0; i < this.families.size(); i++) {
				if (this.texts.get(i).mayMatch(agent, lowerCase)) {
					String found = this.families.get(i).apply(agent);
					if (found != null) {
						return found;
					}
				}
			}
			return this.otherwise;
		}

		int withText() {
			return (int) this.texts.stream().filter(text -> !text.any().isEmpty()).count();
		}

		/**
		 * The patterns {@code make} makes of uap-java's entries, each giving the family
		 * {@code familyOf} finds in an agent, with the text its matches hold.
		 */
		static <P> Ordered of(List<Map<String, String>> entries, Function<Map<String, String>, P> make,
				java.util.function.BiFunction<P, String, String> familyOf, String otherwise) {
			List<Function<String, String>> families = entries.stream().map(make)
				.<Function<String, String>>map(pattern -> agent -> familyOf.apply(pattern, agent))
				.toList();
			return new Ordered(families, entries.stream().map(entry -> RequiredText.of(entry.get("regex"))).toList(), otherwise);
		}

	}

	/** The browsers' patterns, made by uap-java's parser, which alone (and its subclasses) may make them. */
	private static final class Browsers extends UserAgentParser {

		private Browsers() {
			super(List.of());
		}

		static Ordered of(List<Map<String, String>> entries) {
			return Ordered.of(entries, UserAgentParser::patternFromMap, (pattern, agent) -> {
				UserAgent found = pattern.match(agent);
				return (found != null) ? found.family : null;
			}, "Other");
		}

	}

	/** The systems' patterns, likewise. */
	private static final class Systems extends OSParser {

		private Systems() {
			super(List.of());
		}

		static Ordered of(List<Map<String, String>> entries) {
			return Ordered.of(entries, OSParser::patternFromMap, (pattern, agent) -> {
				OS found = pattern.match(agent);
				return (found != null) ? found.family : null;
			}, OS.OTHER.family);
		}

	}

}
