package io.logagg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import ua_parser.Parser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ua-parser's patterns tried only on agents that hold their required text give uap-java's own
 * answers: every agent of the corpus, and the same agents in upper case and cut short.
 */
class AgentPatternsTest {

	private static final AgentPatterns PATTERNS = new AgentPatterns();

	@Test
	void everyAgentGetsTheFamiliesUapJavaGivesIt() throws IOException {
		Parser parser = new Parser();
		TreeSet<String> agents = new TreeSet<>();
		for (String line : Files.readAllLines(Path.of("src/test/resources/corpus/apache_logs"), StandardCharsets.UTF_8)) {
			String[] quoted = line.split("\"");
			if (quoted.length >= 6) {
				agents.add(quoted[5]);
			}
		}
		assertThat(agents).hasSizeGreaterThan(500);
		List<String> tried = new ArrayList<>();
		for (String agent : agents) {
			// uap-java takes a millisecond an agent: three variants keep this test at a second or two.
			tried.add(agent);
			tried.add(agent.toUpperCase(Locale.ROOT));
			tried.add("x " + agent.substring(agent.length() / 2));
		}
		tried.addAll(List.of("", "-", "(other)", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0",
				"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
				"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
				"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "python-requests/2.31.0"));
		for (String agent : tried) {
			assertThat(PATTERNS.browser(agent)).as("browser of %s", agent).isEqualTo(parser.parseUserAgent(agent).family);
			assertThat(PATTERNS.system(agent)).as("system of %s", agent).isEqualTo(parser.parseOS(agent).family);
		}
	}

	@Test
	void mostPatternsHaveTextToLookForFirst() {
		int[] withText = PATTERNS.withText();
		assertThat(withText[0]).as("browsers' patterns with text").isGreaterThan(200);
		assertThat(withText[1]).as("systems' patterns with text").isGreaterThan(50);
	}

	@Test
	void theRequiredTextIsWhatEveryMatchHolds() {
		assertThat(RequiredText.of("(Chrome)/(\\d+)\\.(\\d+)")).as("through a group").isEqualTo(RequiredText.of("Chrome/", false));
		assertThat(RequiredText.of("Mozilla.*Firefox/(\\d+)")).isEqualTo(RequiredText.of("Firefox/", false));
		assertThat(RequiredText.of("Opera Mini|OPiOS")).as("an alternation: either")
			.isEqualTo(new RequiredText(List.of(new RequiredText.Text("Opera Mini", false), new RequiredText.Text("OPiOS", false))));
		assertThat(RequiredText.of("(?:Opera|Ba)x")).as("a branch too short").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("Foo|\\d+")).as("a branch without text").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("[Bb]ot[Ss]/")).as("letters in either case").isEqualTo(RequiredText.of("bots/", true));
		assertThat(RequiredText.of("x(?:Opera Mini|OPiOS)?y(ab)*")).as("optional groups").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("(?:Opera Mini|OPiOS)/Version")).isEqualTo(RequiredText.of("/Version", false));
		assertThat(RequiredText.of("Windows Phones?")).as("an optional letter").isEqualTo(RequiredText.of("Windows Phone", false));
		assertThat(RequiredText.of("Silk-Acceleratedx*=true")).isEqualTo(RequiredText.of("Silk-Accelerated", false));
		assertThat(RequiredText.of("abc+def")).as("once at least").isEqualTo(RequiredText.of("abc", false));
		assertThat(RequiredText.of("Sam[s]ung Browser")).isEqualTo(RequiredText.of("ung Browser", false));
		assertThat(RequiredText.of("[]a|b]xyzw")).as("a class holding ] and |").isEqualTo(RequiredText.of("xyzw", false));
		assertThat(RequiredText.of("\\bMSIE\\s")).isEqualTo(RequiredText.of("MSIE", false));
		assertThat(RequiredText.of("(?i)PlayStation Vita")).isEqualTo(RequiredText.of("playstation vita", true));
		assertThat(RequiredText.of("a\\.b\\/c")).isEqualTo(RequiredText.of("a.b/c", false));
		assertThat(RequiredText.of("Go{0,2}gle")).isEqualTo(RequiredText.of("gle", false));
		assertThat(RequiredText.of("\\Qa|b\\E")).isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("(?si)Nokia\\d")).as("case-insensitive among other flags").isEqualTo(RequiredText.of("nokia", true));
		assertThat(RequiredText.of("(?iu)Nokia")).as("Unicode case: a long s is an s").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("ab\\x41cd")).as("a code, not followed").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("(?<v>ab)\\k<v>xyz")).as("a reference").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("\\p{L}+Browser")).isEqualTo(RequiredText.of("Browser", false));
		assertThat(RequiredText.of("ab")).as("too short to spare a pattern").isEqualTo(RequiredText.NONE);
		assertThat(RequiredText.of("firefox/", true).mayMatch("Mozilla FireFox/3", "mozilla firefox/3")).isTrue();
		assertThat(RequiredText.of("Firefox/", false).mayMatch("Mozilla FireFox/3", "mozilla firefox/3")).isFalse();
	}

}
