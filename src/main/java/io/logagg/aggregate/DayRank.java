package io.logagg.aggregate;

/**
 * The Lua that the folds into {@code (other)} of a panel and of slowPaths share: a day's rank, the
 * sorted set of its fields by requests that a fold takes the least requested from. Prepended to
 * each script, it defines {@code build_rank(hash, rank, is_other)}, which ranks every field of the
 * hash but the {@code (other)} ones (once, when the day first passes its bound, in batches of
 * {@code ZADD}), {@code keep_rank(rank, ttl)}, which keeps it a day after its last write at most
 * (a rank is about as large as its day, and a late line for a quiet day rebuilds it once), and
 * {@code ranks_below(count, field, lowest_count, lowest_field)}, whether a field would sort before
 * another in the rank: by requests, then by its bytes as a sorted set orders equal scores (Lua's
 * own {@code <} follows the server's collation locale, not the bytes).
 * <p>
 * And {@code add_or_hold_back(hash, rank, step, max, kept, is_other, add, first)}, a fold's adds:
 * ARGV's fields from the third, {@code step} apart (field, count, ...), each once. Each is added with
 * {@code add(i, ranked)} but a new one that ranks below the lowest of the {@code kept(ranks)} the
 * day keeps of its rank: those can only be folded once the call trims, and their indexes are
 * returned for the caller to fold, or to add after all if it does not trim. A call of more fields
 * than the bound ranks the day first (it is sure to pass it); the lowest kept is looked up again
 * every 1000 adds, as the fields added push it up. A day's first fold below the bound calls
 * {@code first()} instead, which can set every field at once with {@code set_new(hash, step, value)}
 * (ARGV's field and the value {@code value} after it, {@code HSET} in batches: every field is new;
 * a third less of the script's time than one {@code HINCRBY} each). Returns whether the day is
 * ranked, and the indexes held back.
 */
final class DayRank {

	static final String FUNCTIONS = """
			local function build_rank(hash, rank, is_other)
			  local all = redis.call('HGETALL', hash)
			  local batch = {}
			  for j = 1, #all, 2 do
			    if not is_other(all[j]) then
			      batch[#batch + 1] = all[j + 1]
			      batch[#batch + 1] = all[j]
			      if #batch >= 2000 then
			        redis.call('ZADD', rank, unpack(batch))
			        batch = {}
			      end
			    end
			  end
			  if #batch > 0 then redis.call('ZADD', rank, unpack(batch)) end
			end
			local function keep_rank(rank, ttl)
			  redis.call('EXPIRE', rank, math.min(tonumber(ttl), 86400))
			end
			local function ranks_below(count, field, lowest_count, lowest_field)
			  if count ~= lowest_count then return count < lowest_count end
			  local length, lowest_length = #field, #lowest_field
			  for j = 1, math.min(length, lowest_length) do
			    local a, b = string.byte(field, j), string.byte(lowest_field, j)
			    if a ~= b then return a < b end
			  end
			  return length < lowest_length
			end
			local function set_new(hash, step, value)
			  local batch = {}
			  for i = 3, #ARGV, step do
			    batch[#batch + 1] = ARGV[i]
			    batch[#batch + 1] = ARGV[i + value]
			    if #batch >= 2000 then
			      redis.call('HSET', hash, unpack(batch))
			      batch = {}
			    end
			  end
			  if #batch > 0 then redis.call('HSET', hash, unpack(batch)) end
			end
			local function add_or_hold_back(hash, rank, step, max, kept, is_other, add, first)
			  local ranked = redis.call('EXISTS', rank) == 1
			  if not ranked and (#ARGV - 2) / step > max + 1 then
			    build_rank(hash, rank, is_other)
			    ranked = true
			  end
			  local held = redis.call('HLEN', hash) > 0
			  if not held and not ranked then
			    first()
			    return false, {}
			  end
			  local cut, ranks, keep, added
			  local function find_cut()
			    ranks, added = redis.call('ZCARD', rank), 0
			    keep = kept(ranks)
			    if keep >= 1 and ranks >= keep then
			      cut = redis.call('ZREVRANGE', rank, keep - 1, keep - 1, 'WITHSCORES')
			      cut[2] = tonumber(cut[2])
			    end
			  end
			  if ranked then find_cut() end
			  local below = {}
			  for i = 3, #ARGV, step do
			    if cut and not is_other(ARGV[i]) and ranks_below(tonumber(ARGV[i + 1]), ARGV[i], cut[2], cut[1])
			        and (not held or redis.call('HEXISTS', hash, ARGV[i]) == 0) then
			      below[#below + 1] = i
			    else
			      add(i, ranked)
			      if ranked then
			        added = added + 1
			        if (cut and added >= 1000) or (not cut and ranks + added >= keep) then find_cut() end
			      end
			    end
			  end
			  return ranked, below
			end
			""";

	private DayRank() {
	}

}
