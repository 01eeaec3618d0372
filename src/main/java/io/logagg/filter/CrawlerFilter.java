package io.logagg.filter;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Crawlers, told by their user agent: {@code logagg.crawlers} {@code ignore} leaves them out
 * (GoAccess's {@code --ignore-crawlers}), {@code only} keeps nothing else ({@code --crawlers-only}).
 * A crawler's agent names itself: {@code bot}, {@code crawl}, {@code spider} or {@code slurp} anywhere
 * in it (Googlebot, bingbot, GPTBot, ClaudeBot, CCBot, PerplexityBot, Applebot, Amazonbot,
 * Bytespider, Baiduspider...), or one of the agents of AI and link-preview fetchers that do not
 * ({@link #NAMED}). Case does not matter.
 */
public final class CrawlerFilter implements LineFilter {

	/** Words that mark a crawler wherever they stand in its agent. */
	private static final byte[][] WORDS = lower("bot", "crawl", "spider", "slurp");

	/** Crawlers and fetchers whose agent has none of {@link #WORDS}. */
	static final byte[][] NAMED = lower("chatgpt-user", "anthropic-ai", "claude-web", "claude-user", "cohere-ai", "perplexity-user",
			"meta-externalagent", "meta-externalfetcher", "facebookexternalhit", "ia_archiver", "mediapartners-google",
			"google-inspectiontool", "google-extended", "duckassistbot", "mistralai-user", "youbot", "timpibot", "webzio");

	private final boolean keepCrawlers;

	/** @param keepCrawlers true to keep only crawlers ({@code only}), false to leave them out ({@code ignore}) */
	public CrawlerFilter(boolean keepCrawlers) {
		this.keepCrawlers = keepCrawlers;
	}

	@Override
	public String name() {
		return this.keepCrawlers ? "non-crawlers" : "crawlers";
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.USER_AGENT);
	}

	@Override
	public boolean drops(ParsedLine line) {
		boolean crawler = line.has(LogField.USER_AGENT)
				&& isCrawler(line.bytes(), line.from(LogField.USER_AGENT), line.to(LogField.USER_AGENT));
		return crawler != this.keepCrawlers;
	}

	/** True if the agent in {@code b[from, to)} is a crawler's. */
	public static boolean isCrawler(byte[] b, int from, int to) {
		for (byte[] word : WORDS) {
			if (contains(b, from, to, word)) {
				return true;
			}
		}
		for (byte[] name : NAMED) {
			if (contains(b, from, to, name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The crawler's name in its agent, or null if the agent is no crawler's: the word around the
	 * first mark, to the characters that end a product token ({@code Googlebot} of
	 * {@code Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)}).
	 */
	public static String crawlerName(String agent) {
		byte[] b = agent.getBytes(StandardCharsets.UTF_8);
		int at = -1;
		for (byte[][] marks : new byte[][][] { WORDS, NAMED }) {
			for (byte[] mark : marks) {
				int found = indexOf(b, 0, b.length, mark);
				if (found >= 0 && (at < 0 || found < at)) {
					at = found;
				}
			}
		}
		if (at < 0) {
			return null;
		}
		int from = at;
		while (from > 0 && !endsToken(b[from - 1])) {
			from--;
		}
		int to = at;
		while (to < b.length && !endsToken(b[to])) {
			to++;
		}
		return new String(b, from, to - from, StandardCharsets.UTF_8);
	}

	private static boolean endsToken(byte c) {
		return c == ' ' || c == ';' || c == '(' || c == ')' || c == '/' || c == ',' || c == '+' || c == '"';
	}

	private static boolean contains(byte[] b, int from, int to, byte[] lowerCase) {
		return indexOf(b, from, to, lowerCase) >= 0;
	}

	private static int indexOf(byte[] b, int from, int to, byte[] lowerCase) {
		byte first = lowerCase[0];
		for (int i = from, last = to - lowerCase.length; i <= last; i++) {
			if ((b[i] | 0x20) != first) {
				continue;
			}
			int k = 1;
			while (k < lowerCase.length && lower(b[i + k]) == lowerCase[k]) {
				k++;
			}
			if (k == lowerCase.length) {
				return i;
			}
		}
		return -1;
	}

	private static int lower(byte c) {
		return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}

	private static byte[][] lower(String... words) {
		byte[][] bytes = new byte[words.length][];
		for (int i = 0; i < words.length; i++) {
			bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
