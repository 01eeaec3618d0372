package io.logagg.filter;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Each filter on lines as the parsers leave them: fields as ranges of a bigger buffer. */
class LineFiltersTest {

	private static ParsedLine line(LogField field, String value, int status) {
		byte[] bytes = ("<<" + value + ">>").getBytes(StandardCharsets.ISO_8859_1);
		ParsedLine line = new ParsedLine().reset(bytes);
		line.range(field, 2, bytes.length - 2);
		line.status(status);
		return line;
	}

	@ParameterizedTest
	@ValueSource(strings = { "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot",
			"CCBot/2.0 (https://commoncrawl.org/faq/)", "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
			"meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
			"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Mozilla/5.0 (compatible; PerplexityBot/1.0)",
			"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)", "ia_archiver" })
	void crawlersAreToldByTheirAgent(String agent) {
		assertThat(new CrawlerFilter(false).drops(line(LogField.USER_AGENT, agent, 200))).isTrue();
		assertThat(new CrawlerFilter(true).drops(line(LogField.USER_AGENT, agent, 200))).as("only crawlers kept").isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
			"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148",
			"curl/8.5.0", "-" })
	void peopleAndToolsAreNoCrawlers(String agent) {
		assertThat(new CrawlerFilter(false).drops(line(LogField.USER_AGENT, agent, 200))).isFalse();
		assertThat(new CrawlerFilter(true).drops(line(LogField.USER_AGENT, agent, 200))).isTrue();
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|Googlebot",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)|GPTBot",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)|ClaudeBot",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot|ChatGPT-User",
			"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)|facebookexternalhit",
			"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)|Baiduspider" })
	void aCrawlerIsNamedByTheWordAroundItsMark(String agent, String name) {
		assertThat(CrawlerFilter.crawlerName(agent)).isEqualTo(name);
		assertThat(CrawlerFilter.crawlerName("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).isNull();
	}

	@Test
	void referringSitesAreMatchedByHostGlobsCaseAside() {
		ReferrerFilter filter = new ReferrerFilter(List.of("*.example.com", "ww?.Example.*"));
		assertThat(drops(filter, "https://shop.example.com/cart?x=1")).isTrue();
		assertThat(drops(filter, "http://WWW.example.org:8080/")).isTrue();
		assertThat(drops(filter, "https://example.com/")).as("*. needs a subdomain").isFalse();
		assertThat(drops(filter, "https://www.example-shop.test/")).isFalse();
		assertThat(drops(filter, "https://evil.test/?r=https://shop.example.com/")).as("the host only").isFalse();
		assertThat(drops(filter, "-")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new ReferrerFilter(List.of(" ")));
	}

	private static boolean drops(ReferrerFilter filter, String referer) {
		byte[] bytes = referer.getBytes(StandardCharsets.UTF_8);
		ParsedLine line = new ParsedLine().reset(bytes);
		line.range(LogField.REFERER, 0, bytes.length);
		return filter.drops(line);
	}

	@Test
	void clientsAreMatchedByAddressOrBlockIpv4AndIpv6() {
		ClientFilter filter = new ClientFilter(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "172.16.0.0/12"));
		for (String left : List.of("10.1.2.3", "192.0.2.7", "2001:db8:1::5", "::ffff:10.9.9.9", "172.31.255.255")) {
			assertThat(filter.drops(line(LogField.CLIENT, left, 200))).as(left).isTrue();
		}
		for (String kept : List.of("11.1.2.3", "192.0.2.8", "2001:db9::1", "172.32.0.1", "example.com", "-")) {
			assertThat(filter.drops(line(LogField.CLIENT, kept, 200))).as(kept).isFalse();
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientFilter(List.of("10.0.0.0/33"))).withMessageContaining("prefix");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientFilter(List.of("office.example.com")))
			.withMessageContaining("no address or CIDR block");
	}

	@Test
	void statusCodesAndStaticFilesAreLeftOutAndTheFirstFilterThatDropsALineCountsIt() {
		LineFilters filters = new LineFilters(List.of(new StatusFilter(List.of(404, 444)), new StaticFilesFilter()));
		assertThat(filters.drop(line(LogField.PATH, "/missing.png", 404))).isZero();
		assertThat(filters.drop(line(LogField.PATH, "/logo.PNG", 200))).isEqualTo(1);
		assertThat(filters.drop(line(LogField.PATH, "/index.html", 200))).isEqualTo(-1);
		assertThat(filters.name(1)).isEqualTo("statics");
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusFilter(List.of(42)));
		assertThatIllegalArgumentException().isThrownBy(() -> new LineFilters(List.of(new CrawlerFilter(false)))
			.requireFields(java.util.Set.of(LogField.TIME, LogField.STATUS))).withMessageContaining("user_agent");
	}

}
