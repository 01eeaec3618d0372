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
			""";

	private DayRank() {
	}

}
