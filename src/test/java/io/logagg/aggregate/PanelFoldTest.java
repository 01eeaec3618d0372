package io.logagg.aggregate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;

import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day's panel past {@code max-distinct}: the ranked fold keeps exactly what sorting the whole day
 * at every chunk kept (the script before it, kept here as the oracle), member for member, with the
 * requests and bytes of the folded ones in {@code (other)}.
 */
class PanelFoldTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	/** The fold as it was: the whole day sorted in Lua whenever it passed its bound. */
	private static final String SORTING_FOLD = """
			local step = KEYS[2] and 3 or 2
			for i = 3, #ARGV, step do
			  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			  if KEYS[2] then redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 2]) end
			end
			local max = tonumber(ARGV[1])
			local size = redis.call('HLEN', KEYS[1])
			if size > max then
			  local all = redis.call('HGETALL', KEYS[1])
			  local members = {}
			  for j = 1, #all, 2 do
			    if all[j] ~= '(other)' then members[#members + 1] = { all[j], tonumber(all[j + 1]) } end
			  end
			  table.sort(members, function(a, b) if a[2] ~= b[2] then return a[2] < b[2] end return a[1] < b[1] end)
			  local keep = math.floor(max * 0.9)
			  local folded, bytes = 0, 0
			  for j = 1, #members - keep do
			    folded = folded + members[j][2]
			    redis.call('HDEL', KEYS[1], members[j][1])
			    if KEYS[2] then
			      bytes = bytes + tonumber(redis.call('HGET', KEYS[2], members[j][1]) or '0')
			      redis.call('HDEL', KEYS[2], members[j][1])
			    end
			  end
			  redis.call('HINCRBY', KEYS[1], '(other)', folded)
			  if KEYS[2] then redis.call('HINCRBY', KEYS[2], '(other)', bytes) end
			end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			if KEYS[2] then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
			return size
			""";

	/** slowPaths' fold as it was: the whole day sorted whenever it passed its bound. */
	private static final String SORTING_SLOW_PATHS_FOLD = """
			for i = 3, #ARGV, 2 do
			  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			end
			local max = tonumber(ARGV[1])
			local size = redis.call('HLEN', KEYS[1])
			if size > max then
			  local all = redis.call('HGETALL', KEYS[1])
			  local entries = {}
			  for j = 1, #all, 2 do
			    if not string.find(all[j], ' (other)', 1, true) then entries[#entries + 1] = { all[j], tonumber(all[j + 1]) } end
			  end
			  table.sort(entries, function(a, b) if a[2] ~= b[2] then return a[2] < b[2] end return a[1] < b[1] end)
			  local remove = math.min(size - math.floor(max * 0.9), #entries)
			  for j = 1, remove do
			    local bucket = string.match(entries[j][1], '^(%-?%d+) ')
			    redis.call('HINCRBY', KEYS[1], bucket .. ' (other)', entries[j][2])
			    redis.call('HDEL', KEYS[1], entries[j][1])
			  end
			end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			return size
			""";

	@Test
	void theRankedSlowPathsFoldKeepsWhatSortingTheWholeDayKept() {
		theRankedSlowPathsFoldKeepsWhatSortingKept(150, 100, 60, "");
	}

	@Test
	void aSlowPathsFoldOfThousandsOfVictimsKeepsWhatSortingTheWholeDayKept() {
		theRankedSlowPathsFoldKeepsWhatSortingKept(2500, 6000, 5, "big-");
	}

	private void theRankedSlowPathsFoldKeepsWhatSortingKept(int max, int mostFields, int chunks, String prefix) {
		SplittableRandom random = new SplittableRandom(30);
		long requests = 0;
		String sorted = prefix + "slow-sorted";
		String ranked = prefix + "slow-ranked";
		try (Jedis jedis = redis.jedis()) {
			for (int chunk = 0; chunk < chunks; chunk++) {
				// Each field once per call, as a fold's sum sends them; every other call most requested first
				// (the day must not depend on the order fields come in).
				Map<String, Long> counts = new LinkedHashMap<>();
				int fields = random.nextInt(1, mostFields);
				for (int f = 0; f < fields; f++) {
					String path = random.nextBoolean() ? String.format("/page%02d", random.nextInt(20))
							: String.format("/scan%06d", random.nextInt(1_000_000));
					long count = random.nextInt(1, 4);
					requests += count;
					counts.merge(random.nextInt(95, 110) + " " + path, count, Long::sum);
				}
				List<String> args = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				counts.entrySet().stream()
					.sorted((chunk % 2 == 0) ? Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()).reversed()
							: (a, b) -> 0)
					.forEachOrdered((entry) -> args.addAll(List.of(entry.getKey(), Long.toString(entry.getValue()))));
				jedis.eval(SORTING_SLOW_PATHS_FOLD, List.of(sorted), args);
				jedis.eval(SlowPathsAggregate.ADD_AND_FOLD, List.of(ranked, ranked + "-rank"), args);
				assertThat(jedis.hgetAll(ranked)).as("after chunk %d", chunk).isEqualTo(jedis.hgetAll(sorted));
			}
			Map<String, String> day = jedis.hgetAll(ranked);
			assertThat(day.keySet()).as("folded").anyMatch(field -> field.endsWith(" (other)"));
			assertThat(day.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(requests);
		}
	}

	/**
	 * The field that ranks last of those kept is kept, though it is new: the day keeps nine tenths
	 * of the bound less its (other) fields, and its cut is the lowest of those, not of the rank.
	 */
	@Test
	void aNewSlowPathsFieldThatRanksLastInsideTheBoundIsKept() {
		List<String> first = new ArrayList<>(List.of("10", "3600"));
		for (int f = 1; f <= 11; f++) {
			first.addAll(List.of(String.format("100 /a%02d", f), Integer.toString(9 + f)));
		}
		// a03..a11 are kept and 100 (other) made; the next fold keeps eight: a04 (13) the lowest, /b (13) just above it.
		List<String> second = List.of("10", "3600", "100 /c1", "1", "100 /b", "13", "100 /c2", "1");
		try (Jedis jedis = redis.jedis()) {
			for (List<String> call : List.of(first, second)) {
				jedis.eval(SORTING_SLOW_PATHS_FOLD, List.of("last-slow-sorted"), call);
				jedis.eval(SlowPathsAggregate.ADD_AND_FOLD, List.of("last-slow-ranked", "last-slow-ranked-rank"), call);
			}
			assertThat(jedis.hgetAll("last-slow-ranked")).containsKey("100 /b").doesNotContainKeys("100 /a04", "100 /c1")
				.isEqualTo(jedis.hgetAll("last-slow-sorted"));
		}
	}

	/** A scanner's random paths, a request each, in a few buckets: most fields go straight to their bucket's (other). */
	@Test
	void aSlowPathsDayOfRandomPathsKeepsWhatSortingTheWholeDayKept() {
		theRankedSlowPathsFoldKeepsWhatSortingKept(300, 900, 40, "rnd-");
	}

	/**
	 * The all-time paths past the bound keep what sorting every path after each fold kept (a model
	 * here), the rest summed in (other); small folds that do not trim add the paths below the cut
	 * after all, and a set grown before the bound is trimmed by its first fold, in batches.
	 */
	@Test
	void theAllTimePathsKeepWhatSortingKept() {
		SplittableRandom random = new SplittableRandom(32);
		int max = 300;
		Map<String, Long> model = new HashMap<>();
		try (Jedis jedis = redis.jedis()) {
			// Grown before the bound: 25,000 paths, trimmed by the first fold ten thousand at a time.
			for (int p = 0; p < 25_000; p++) {
				jedis.zadd("all-paths", 1 + p % 7, "/old/" + p);
				model.put("/old/" + p, 1L + p % 7);
			}
			for (int call = 0; call < 80; call++) {
				Map<String, Long> counts = new LinkedHashMap<>();
				int paths = (call % 3 == 0) ? random.nextInt(200, 700) : random.nextInt(1, 25);
				for (int p = 0; p < paths; p++) {
					String path = (random.nextInt(40) == 0) ? "(other)"
							: (random.nextInt(4) == 0) ? "/page/" + random.nextInt(30) : "/scan/" + random.nextInt(1_000_000);
					counts.merge(path, (random.nextInt(8) == 0) ? 3L : 1L, Long::sum);
				}
				List<String> args = new ArrayList<>(List.of(Integer.toString(max)));
				counts.forEach((path, count) -> args.addAll(List.of(path, Long.toString(count))));
				jedis.eval(PathsAggregate.ADD_AND_FOLD, List.of("all-paths"), args);
				counts.forEach((path, count) -> model.merge(path, count, Long::sum));
				keepTheMostRequested(model, max);
				Map<String, Long> held = new HashMap<>();
				jedis.zrangeWithScores("all-paths", 0, -1).forEach(tuple -> held.put(tuple.getElement(), (long) tuple.getScore()));
				assertThat(held).as("after call %d", call).isEqualTo(model);
			}
			assertThat(model).containsKey("(other)").hasSizeLessThanOrEqualTo(max + 1);
		}
	}

	/** The bound as sorting applies it: past {@code max} paths besides (other), the least requested (ties by name) go to (other). */
	private static void keepTheMostRequested(Map<String, Long> paths, int max) {
		long other = paths.getOrDefault("(other)", 0L);
		paths.remove("(other)");
		if (paths.size() > max) {
			List<Map.Entry<String, Long>> ranked = new ArrayList<>(paths.entrySet());
			ranked.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
			for (Map.Entry<String, Long> folded : ranked.subList(0, paths.size() - (int) (max * 0.9))) {
				other += folded.getValue();
				paths.remove(folded.getKey());
			}
		}
		if (other > 0) {
			paths.put("(other)", other);
		}
	}

	@Test
	void theRankedFoldKeepsWhatSortingTheWholeDayKept() {
		theRankedFoldKeepsWhatSortingKept(200, 120, 60, "");
	}

	/** Folds of thousands of members at once (the rank and the hash trimmed by thousands). */
	@Test
	void aFoldOfThousandsOfVictimsKeepsWhatSortingTheWholeDayKept() {
		theRankedFoldKeepsWhatSortingKept(2500, 6000, 5, "big-");
	}

	/** The script's order is the rank's: by requests, then by bytes (prefixes first, upper case, UTF-8), whatever the locale. */
	@Test
	void aFieldRanksBelowAnotherAsTheSortedSetOrdersThem() {
		List<String> fields = List.of("a", "ab", "abc", "B", "b", "b.", "b0", "(other)", "é", "e", "z9", "Z9", "10.0.0.1", "10.0.0.10", "9.9.9.9");
		try (Jedis jedis = redis.jedis()) {
			for (String field : fields) {
				jedis.zadd("order", 1, field);
			}
			jedis.zadd("order", 2, "a-twice");
			List<String> ranked = jedis.zrange("order", 0, -1);
			String script = DayRank.FUNCTIONS + "return ranks_below(tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), ARGV[4]) and 1 or 0";
			for (int i = 0; i < ranked.size(); i++) {
				for (int j = 0; j < ranked.size(); j++) {
					String score = (ranked.get(i).equals("a-twice")) ? "2" : "1";
					String lowestScore = (ranked.get(j).equals("a-twice")) ? "2" : "1";
					Object below = jedis.eval(script, List.of(), List.of(score, ranked.get(i), lowestScore, ranked.get(j)));
					assertThat(below).as("%s below %s", ranked.get(i), ranked.get(j)).isEqualTo((i < j) ? 1L : 0L);
				}
			}
		}
	}

	/** The member that ranks last of those kept is kept, though it is new and ties with the day's lowest. */
	@Test
	void aNewMemberThatRanksLastInsideTheBoundIsKept() {
		List<String> first = new ArrayList<>(List.of("10", "3600"));
		for (int m = 1; m <= 11; m++) {
			first.addAll(List.of(String.format("a%02d", m), Integer.toString(9 + m), "1"));
		}
		// a03..a11 are kept, a03 (12 requests) the lowest; b (12) ranks just above it, the c's below.
		List<String> second = List.of("10", "3600", "c1", "1", "1", "b", "12", "1", "c2", "1", "1");
		try (Jedis jedis = redis.jedis()) {
			for (List<String> call : List.of(first, second)) {
				jedis.eval(SORTING_FOLD, List.of("last-sorted", "last-sorted-bytes"), call);
				jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of("last-ranked", "last-ranked-rank", "last-ranked-bytes"), call);
			}
			assertThat(jedis.hgetAll("last-ranked")).containsKey("b").doesNotContainKeys("a03", "c1", "c2")
				.isEqualTo(jedis.hgetAll("last-sorted"));
			assertThat(jedis.hgetAll("last-ranked-bytes")).isEqualTo(jedis.hgetAll("last-sorted-bytes"));
		}
	}

	/**
	 * A client per request, as a scan or a botnet brings: nearly every member is new, requested once,
	 * and ranks below the day's lowest kept, so most go straight to {@code (other)}; small calls do
	 * not trim, and add them after all. Names of different lengths tie on requests, ordered by their bytes.
	 */
	@Test
	void aDayOfRandomClientsKeepsWhatSortingTheWholeDayKept() {
		SplittableRandom random = new SplittableRandom(31);
		int max = 300;
		try (Jedis jedis = redis.jedis()) {
			for (int call = 0; call < 120; call++) {
				Map<String, Long> counts = new LinkedHashMap<>();
				int members = (call % 3 == 0) ? random.nextInt(200, 600) : random.nextInt(1, 20);
				for (int m = 0; m < members; m++) {
					String client = "c" + random.nextInt(200_000);
					counts.merge(client, (random.nextInt(10) == 0) ? 2L : 1L, Long::sum);
				}
				List<String> withBytes = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				List<String> requestsOnly = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				Map<String, Long> sent = new LinkedHashMap<>();
				// Every other call most requested first: the day must not depend on the order members come in.
				counts.entrySet().stream()
					.sorted((call % 2 == 0) ? Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()).reversed()
							: (a, b) -> 0)
					.forEachOrdered((entry) -> sent.put(entry.getKey(), entry.getValue()));
				sent.forEach((client, count) -> {
					withBytes.addAll(List.of(client, Long.toString(count), Long.toString(count * 512)));
					requestsOnly.addAll(List.of(client, Long.toString(count)));
				});
				jedis.eval(SORTING_FOLD, List.of("rnd-sorted", "rnd-sorted-bytes"), withBytes);
				jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of("rnd-ranked", "rnd-ranked-rank", "rnd-ranked-bytes"), withBytes);
				jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of("rnd-plain", "rnd-plain-rank"), requestsOnly);
				assertThat(jedis.hgetAll("rnd-ranked")).as("after call %d", call).isEqualTo(jedis.hgetAll("rnd-sorted"));
				assertThat(jedis.hgetAll("rnd-ranked-bytes")).as("after call %d", call).isEqualTo(jedis.hgetAll("rnd-sorted-bytes"));
				assertThat(jedis.hgetAll("rnd-plain")).as("after call %d", call).isEqualTo(jedis.hgetAll("rnd-sorted"));
			}
			assertThat(jedis.hget("rnd-ranked", PanelAggregate.OTHER)).as("folded").isNotNull();
		}
	}

	/**
	 * A fold that takes a day past its bound cuts it in the JVM (the day read, summed with the fold's
	 * members, cut, only what changed written): after every fold the day is what sorting the whole
	 * day made it, with bytes and without, whether the script (folds within the bound) or a cut wrote
	 * it last; the script's rank goes.
	 */
	@Test
	void aDayCutInTheJvmKeepsWhatSortingTheWholeDayKept() {
		aDayCutKeepsWhatSortingKept(100_000, "cut");
	}

	/**
	 * As {@link #aDayCutInTheJvmKeepsWhatSortingTheWholeDayKept}, with few enough clients that those
	 * cut come back: a held day's member marked gone is counted again from what it brings.
	 */
	@Test
	void aHeldDayWhoseCutMembersComeBackKeepsWhatSortingTheWholeDayKept() {
		aDayCutKeepsWhatSortingKept(600, "back");
	}

	private void aDayCutKeepsWhatSortingKept(int clients, String source) {
		int max = 200;
		AggregateSettings settings = new AggregateSettings(100, false, Duration.ofDays(1), Duration.ofHours(1), max,
				Set.of("hosts", "referrers"));
		KeyLayout keys = new KeyLayout(source);
		// The same folds, each day past its bound held in the JVM from one fold to the next.
		KeyLayout heldKeys = new KeyLayout(source + "-held");
		HeldDays heldDays = new HeldDays(1 << 30);
		int held = 0;
		long day = 20_000;
		String name = LocalDay.name(day);
		SplittableRandom random = new SplittableRandom(37);
		long requests = 0;
		int cuts = 0;
		JedisConnectionFactory connections = connections();
		try (CheckpointStore store = new CheckpointStore(connections, keys); CheckpointStore heldStore = new CheckpointStore(connections, heldKeys);
				Jedis jedis = redis.jedis()) {
			// Ranked by the script first, as a day past its bound was before this build.
			jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of(keys.panel("hosts", name), keys.panelRank("hosts", name),
					keys.panelBytes("hosts", name)), List.of(Integer.toString(max), "3600", "seed", "1", "100"));
			jedis.eval(SORTING_FOLD, List.of(source + "-sorted", source + "-sorted-bytes"), List.of(Integer.toString(max), "3600", "seed", "1", "100"));
			jedis.zadd(keys.panelRank("hosts", name), 1, "seed");
			jedis.hset(heldKeys.panel("hosts", name), "seed", "1");
			jedis.hset(heldKeys.panelBytes("hosts", name), "seed", "100");
			requests++;
			for (int fold = 0; fold < 40; fold++) {
				Map<String, Long> counts = new LinkedHashMap<>();
				int members = (fold % 4 == 1) ? random.nextInt(150, 400) : random.nextInt(1, 60);
				for (int m = 0; m < members; m++) {
					String member = (random.nextInt(50) == 0) ? "(other)"
							: (random.nextBoolean() ? String.format("host%03d", random.nextInt(30))
									: String.format("client%06d", random.nextInt(clients)));
					long count = random.nextInt(1, 5);
					requests += count;
					counts.merge(member, count, Long::sum);
				}
				DayFieldCounts hosts = new DayFieldCounts();
				DayFieldCounts referrers = new DayFieldCounts();
				// A tagged panel's fields: a duration bucket and a path, one string in the sum.
				DayFieldCounts staticTime = new DayFieldCounts();
				List<String> withBytes = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				List<String> requestsOnly = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				List<String> tagged = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				// slowPaths' fields: a bucket (negative ones too) and a path; its (other) is per bucket.
				DayFieldCounts slowPaths = new DayFieldCounts();
				List<String> slow = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				counts.forEach((member, count) -> {
					hosts.add(day, member, count, count * 100);
					referrers.add(day, member, count, 0);
					String field = member.equals("(other)") ? member : (member.length() % 3) + " /" + member;
					staticTime.add(day, field, count, count * 7);
					withBytes.addAll(List.of(member, Long.toString(count), Long.toString(count * 100)));
					requestsOnly.addAll(List.of(member, Long.toString(count)));
					tagged.addAll(List.of(field, Long.toString(count), Long.toString(count * 7)));
					if (!member.equals("(other)")) {
						String slowField = (member.length() % 4 - 1) + " /" + member;
						slowPaths.add(day, slowField, count, 0);
						slow.addAll(List.of(slowField, Long.toString(count)));
					}
				});
				long length = jedis.hlen(keys.panel("hosts", name));
				cuts += (length + counts.size() > max) ? 1 : 0;
				boolean known = heldDays.get("hosts", day) != null;
				held += known ? 1 : 0;
				store.fold(List.of(new PanelAggregate.Writes(Panel.HOSTS, hosts, settings),
						new PanelAggregate.Writes(Panel.REFERRERS, referrers, settings),
						new PanelAggregate.Writes(Panel.STATIC_TIME, staticTime, settings),
						new SlowPathsAggregate.Writes(slowPaths, settings)));
				PanelAggregate.Writes heldWrites = new PanelAggregate.Writes(Panel.HOSTS, hosts, settings, heldDays);
				long reads = hgetalls(jedis);
				heldStore.fold(List.of(heldWrites));
				heldWrites.applied();
				if (known) {
					assertThat(hgetalls(jedis)).as("a held day is not read back, fold %d", fold).isEqualTo(reads);
				}
				jedis.eval(SORTING_FOLD, List.of(source + "-sorted", source + "-sorted-bytes"), withBytes);
				jedis.eval(SORTING_FOLD, List.of(source + "-sorted-plain"), requestsOnly);
				jedis.eval(SORTING_FOLD, List.of(source + "-sorted-tagged", source + "-sorted-tagged-bytes"), tagged);
				jedis.eval(SORTING_SLOW_PATHS_FOLD, List.of(source + "-sorted-slow"), slow);
				assertThat(jedis.hgetAll(keys.panel("hosts", name))).as("after fold %d", fold).isEqualTo(jedis.hgetAll(source + "-sorted"));
				assertThat(jedis.hgetAll(keys.panelBytes("hosts", name))).as("after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-bytes"));
				assertThat(jedis.hgetAll(keys.panel("referrers", name))).as("after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-plain"));
				assertThat(jedis.hgetAll(keys.panel("staticTime", name))).as("tagged, after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-tagged"));
				assertThat(jedis.hgetAll(keys.panelBytes("staticTime", name))).as("tagged, after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-tagged-bytes"));
				assertThat(jedis.hgetAll(keys.slowPaths(name))).as("slowPaths, after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-slow"));
				assertThat(jedis.hgetAll(heldKeys.panel("hosts", name))).as("held, after fold %d", fold).isEqualTo(jedis.hgetAll(source + "-sorted"));
				assertThat(jedis.hgetAll(heldKeys.panelBytes("hosts", name))).as("held, after fold %d", fold)
					.isEqualTo(jedis.hgetAll(source + "-sorted-bytes"));
				if (length + counts.size() > max) {
					assertThat(jedis.exists(keys.panelRank("hosts", name))).as("the script's rank, after cut %d", fold).isFalse();
				}
			}
			Map<String, String> hostsDay = jedis.hgetAll(keys.panel("hosts", name));
			assertThat(cuts).as("folds past the bound").isGreaterThan(10);
			assertThat(held).as("folds of a held day").isGreaterThan(10);
			assertThat(hostsDay).containsKey("(other)").hasSizeLessThanOrEqualTo(max + 1);
			assertThat(jedis.hkeys(keys.slowPaths(name))).as("slowPaths folded per bucket").anyMatch(field -> field.endsWith(" (other)"))
				.anyMatch(field -> field.startsWith("-1 "));
			assertThat(hostsDay.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(requests);
			assertThat(jedis.exists(keys.panelBytes("referrers", name))).as("a panel without bytes").isFalse();
			assertThat(jedis.ttl(keys.panel("hosts", name))).isBetween(1L, 3600L);
			assertThat(jedis.ttl(keys.panelBytes("hosts", name))).isBetween(1L, 3600L);
		}
		finally {
			connections.destroy();
		}
	}

	/** HGETALLs the server has run. */
	private static long hgetalls(Jedis jedis) {
		return calls(jedis, "hgetall");
	}

	/** Connections to the test's server, as the job makes them; the caller destroys them. */
	private static JedisConnectionFactory connections() {
		JedisConnectionFactory connections = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

	/** Calls of {@code command} the server has run. */
	private static long calls(Jedis jedis, String command) {
		java.util.regex.Matcher calls = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(jedis.info("commandstats"));
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
	}

	/**
	 * A day Redis does not hold, which the fold keeps within its bound, is set field by field as
	 * the fold sums it, with its bytes and time to live, without the script; a day Redis holds
	 * still goes through it.
	 */
	@Test
	void aNewDayWithinItsBoundIsSetWithoutTheScript() {
		AggregateSettings settings = new AggregateSettings(100, false, Duration.ofDays(1), Duration.ofHours(1), 200,
				Set.of("hosts", "referrers"));
		KeyLayout keys = new KeyLayout("new-day");
		long day = 20_001;
		String name = LocalDay.name(day);
		JedisConnectionFactory connections = connections();
		try (CheckpointStore store = new CheckpointStore(connections, keys); Jedis jedis = redis.jedis()) {
			Map<String, String> requests = new HashMap<>();
			Map<String, String> bytes = new HashMap<>();
			DayFieldCounts hosts = new DayFieldCounts();
			DayFieldCounts referrers = new DayFieldCounts();
			for (int m = 0; m < 150; m++) {
				hosts.add(day, "client" + m, m + 1, (m + 1) * 100L);
				referrers.add(day, "site" + m, 1, 0);
				requests.put("client" + m, Integer.toString(m + 1));
				bytes.put("client" + m, Integer.toString((m + 1) * 100));
			}
			long scripts = calls(jedis, "eval");
			store.fold(List.of(new PanelAggregate.Writes(Panel.HOSTS, hosts, settings), new PanelAggregate.Writes(Panel.REFERRERS, referrers, settings)));
			assertThat(calls(jedis, "eval")).as("scripts run for new days").isEqualTo(scripts);
			assertThat(jedis.hgetAll(keys.panel("hosts", name))).isEqualTo(requests);
			assertThat(jedis.hgetAll(keys.panelBytes("hosts", name))).isEqualTo(bytes);
			assertThat(jedis.hlen(keys.panel("referrers", name))).isEqualTo(150);
			assertThat(jedis.exists(keys.panelBytes("referrers", name))).as("a panel without bytes").isFalse();
			assertThat(jedis.ttl(keys.panel("hosts", name))).isBetween(1L, 3600L);
			assertThat(jedis.ttl(keys.panelBytes("hosts", name))).isBetween(1L, 3600L);
			assertThat(jedis.ttl(keys.panel("referrers", name))).isBetween(1L, 3600L);

			DayFieldCounts again = new DayFieldCounts();
			again.add(day, "client0", 2, 5);
			store.fold(List.of(new PanelAggregate.Writes(Panel.HOSTS, again, settings)));
			assertThat(calls(jedis, "eval")).as("a day Redis holds goes through the script").isEqualTo(scripts + 1);
			assertThat(jedis.hget(keys.panel("hosts", name), "client0")).isEqualTo("3");
			assertThat(jedis.hget(keys.panelBytes("hosts", name), "client0")).isEqualTo("105");
		}
		finally {
			connections.destroy();
		}
	}

	/**
	 * Within its bound, a day the run's last fold left (held) is set from what it holds and the
	 * fold's sums, without the script or a read; a day Redis holds and the run does not is read
	 * once where the fold brings a quarter as many members as it holds, else the script adds to it.
	 */
	@Test
	void aDayTheRunHoldsIsSetFromItWithinItsBoundAndOnlyAFewMembersGoThroughTheScript() {
		AggregateSettings settings = new AggregateSettings(100, false, Duration.ofDays(1), Duration.ofHours(1), 1000, Set.of("hosts"));
		KeyLayout keys = new KeyLayout("held-day");
		long day = 20_002;
		String name = LocalDay.name(day);
		HeldDays held = new HeldDays(1 << 24);
		JedisConnectionFactory connections = connections();
		try (CheckpointStore store = new CheckpointStore(connections, keys); Jedis jedis = redis.jedis()) {
			Map<String, Long> requests = new HashMap<>();
			Map<String, Long> bytes = new HashMap<>();
			SplittableRandom random = new SplittableRandom(7);
			// A new day, then three folds of members old and new (the day ends with 350), held throughout.
			for (int fold = 0; fold < 4; fold++) {
				DayFieldCounts hosts = new DayFieldCounts();
				for (int m = fold * 50; m < fold * 50 + 200; m++) {
					long count = random.nextLong(1, 9);
					hosts.add(day, "client" + m, count, count * 10);
					requests.merge("client" + m, count, Long::sum);
					bytes.merge("client" + m, count * 10, Long::sum);
				}
				long scripts = calls(jedis, "eval");
				long reads = hgetalls(jedis);
				fold(store, held, hosts, settings);
				assertThat(calls(jedis, "eval")).as("fold %d: scripts", fold).isEqualTo(scripts);
				assertThat(hgetalls(jedis)).as("fold %d: reads", fold).isEqualTo(reads);
				assertThat(held.get("hosts", day)).as("fold %d: held", fold).isNotNull();
				assertHolds(jedis, keys, name, requests, bytes);
			}

			// The run's memory gone (a new run): a fold of a quarter as many members reads the day.
			held.clear();
			DayFieldCounts quarter = new DayFieldCounts();
			for (int m = 300; m < 400; m++) {
				quarter.add(day, "client" + m, 1, 1);
				requests.merge("client" + m, 1L, Long::sum);
				bytes.merge("client" + m, 1L, Long::sum);
			}
			long scripts = calls(jedis, "eval");
			long reads = hgetalls(jedis);
			fold(store, held, quarter, settings);
			assertThat(calls(jedis, "eval")).isEqualTo(scripts);
			assertThat(hgetalls(jedis)).as("the day and its bytes read").isEqualTo(reads + 2);
			assertHolds(jedis, keys, name, requests, bytes);

			// A cron tick's few members to a day it does not hold: the script adds them.
			held.clear();
			DayFieldCounts few = new DayFieldCounts();
			few.add(day, "client0", 2, 5);
			requests.merge("client0", 2L, Long::sum);
			bytes.merge("client0", 5L, Long::sum);
			scripts = calls(jedis, "eval");
			reads = hgetalls(jedis);
			fold(store, held, few, settings);
			assertThat(calls(jedis, "eval")).isEqualTo(scripts + 1);
			assertThat(hgetalls(jedis)).as("nothing read").isEqualTo(reads);
			assertHolds(jedis, keys, name, requests, bytes);
		}
		finally {
			connections.destroy();
		}
	}

	/**
	 * A day past its bound keeps its size from cut to cut: once a fold leaves it bigger than the run
	 * may hold, what the run held of it before is forgotten, and the next fold reads it again.
	 */
	@Test
	void aCutDayTheRunCanNoLongerHoldIsReadAgainNotTakenFromWhatItHeldBefore() {
		AggregateSettings settings = new AggregateSettings(100, false, Duration.ofDays(1), Duration.ofHours(1), 10, Set.of("hosts"));
		KeyLayout keys = new KeyLayout("outgrown-day");
		long day = 20_003;
		HeldDays held = new HeldDays(3000);
		JedisConnectionFactory connections = connections();
		try (CheckpointStore store = new CheckpointStore(connections, keys); Jedis jedis = redis.jedis()) {
			long requests = 0;
			DayFieldCounts shortNames = new DayFieldCounts();
			for (int m = 0; m < 15; m++) {
				shortNames.add(day, "a" + m, 1, 1);
				requests += 1;
			}
			fold(store, held, shortNames, settings);
			assertThat(held.get("hosts", day)).as("cut and held").isNotNull();
			DayFieldCounts longNames = new DayFieldCounts();
			for (int m = 0; m < 15; m++) {
				longNames.add(day, "b" + m + "x".repeat(300), 5 + m, 1);
				requests += 5 + m;
			}
			fold(store, held, longNames, settings);
			assertThat(held.get("hosts", day)).as("too big to hold now").isNull();
			DayFieldCounts more = new DayFieldCounts();
			more.add(day, "b14" + "x".repeat(300), 1, 1);
			requests += 1;
			long reads = hgetalls(jedis);
			fold(store, held, more, settings);
			assertThat(hgetalls(jedis)).as("read again").isGreaterThan(reads);
			String name = LocalDay.name(day);
			assertThat(jedis.hvals(keys.panel("hosts", name)).stream().mapToLong(Long::parseLong).sum()).isEqualTo(requests);
			assertThat(jedis.hget(keys.panel("hosts", name), "b14" + "x".repeat(300))).isEqualTo("20");
		}
		finally {
			connections.destroy();
		}
	}

	private static void fold(CheckpointStore store, HeldDays held, DayFieldCounts hosts, AggregateSettings settings) {
		PanelAggregate.Writes writes = new PanelAggregate.Writes(Panel.HOSTS, hosts, settings, held);
		store.fold(List.of(writes));
		writes.applied();
	}

	private static void assertHolds(Jedis jedis, KeyLayout keys, String name, Map<String, Long> requests, Map<String, Long> bytes) {
		Map<String, String> expectedRequests = new HashMap<>();
		requests.forEach((member, count) -> expectedRequests.put(member, Long.toString(count)));
		Map<String, String> expectedBytes = new HashMap<>();
		bytes.forEach((member, sum) -> expectedBytes.put(member, Long.toString(sum)));
		assertThat(jedis.hgetAll(keys.panel("hosts", name))).isEqualTo(expectedRequests);
		assertThat(jedis.hgetAll(keys.panelBytes("hosts", name))).isEqualTo(expectedBytes);
		assertThat(jedis.ttl(keys.panel("hosts", name))).isBetween(1L, 3600L);
	}

	private void theRankedFoldKeepsWhatSortingKept(int max, int mostMembers, int chunks, String prefix) {
		SplittableRandom random = new SplittableRandom(29);
		long requests = 0;
		String sorted = prefix + "sorted";
		String sortedBytes = prefix + "sorted-bytes";
		String ranked = prefix + "ranked";
		String rankedRank = prefix + "ranked-rank";
		String rankedBytes = prefix + "ranked-bytes";
		try (Jedis jedis = redis.jedis()) {
			for (int chunk = 0; chunk < chunks; chunk++) {
				// Each member once per call, as a fold's sum sends them.
				Map<String, Long> counts = new LinkedHashMap<>();
				int members = random.nextInt(1, mostMembers);
				for (int m = 0; m < members; m++) {
					// A skewed mix: popular members come back, most are new, a few are named (other).
					// Lower-case letters and digits only: ties sort alike in Lua's collation and the rank's bytes.
					String member = (random.nextInt(50) == 0) ? "(other)"
							: (random.nextBoolean() ? String.format("host%03d", random.nextInt(30))
									: String.format("client%06d", random.nextInt(100_000)));
					long count = random.nextInt(1, 5);
					requests += count;
					counts.merge(member, count, Long::sum);
				}
				List<String> args = new ArrayList<>(List.of(Integer.toString(max), "3600"));
				counts.forEach((member, count) -> args.addAll(List.of(member, Long.toString(count), Long.toString(count * 100))));
				jedis.eval(SORTING_FOLD, List.of(sorted, sortedBytes), args);
				jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of(ranked, rankedRank, rankedBytes), args);
				assertThat(jedis.hgetAll(ranked)).as("after chunk %d", chunk).isEqualTo(jedis.hgetAll(sorted));
				assertThat(jedis.hgetAll(rankedBytes)).as("after chunk %d", chunk).isEqualTo(jedis.hgetAll(sortedBytes));
			}
			Map<String, String> day = jedis.hgetAll(ranked);
			assertThat(day).as("folded").containsKey("(other)");
			assertThat(day.size()).isLessThanOrEqualTo(max + 1);
			assertThat(day.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(requests);
			assertThat(jedis.ttl(rankedRank)).as("a day, not the panel's retention").isBetween(1L, 86_400L);
			// Expired (a quiet day's rank), it is rebuilt from the panel: the next fold keeps the same.
			jedis.del(rankedRank);
			List<String> late = new ArrayList<>(List.of(Integer.toString(max), "3600"));
			for (int m = 0; m < 50; m++) {
				late.addAll(List.of("late-" + m, "1", "100"));
			}
			jedis.eval(SORTING_FOLD, List.of(sorted, sortedBytes), late);
			jedis.eval(PanelAggregate.ADD_AND_FOLD, List.of(ranked, rankedRank, rankedBytes), late);
			assertThat(jedis.hgetAll(ranked)).isEqualTo(jedis.hgetAll(sorted));
			assertThat(jedis.hgetAll(rankedBytes)).isEqualTo(jedis.hgetAll(sortedBytes));
		}
	}

}
