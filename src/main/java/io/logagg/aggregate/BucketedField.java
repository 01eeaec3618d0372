package io.logagg.aggregate;

/**
 * A field of slowPaths or of a timed panel as Redis holds it: {@code BUCKET MEMBER}, the duration's
 * bucket and the member ({@code 41 /index.html}); a timed panel's fields written before the buckets
 * were kept are the member alone. Written from the bytes as read ({@link MemberCounts#encodeTo}),
 * read by reports and by a fold's cut ({@link DayCut#SLOW_PATHS}).
 *
 * @param bucket the duration's bucket, or null for a member alone
 * @param member the path, client or host
 */
public record BucketedField(Integer bucket, String member) {

	/** What stands between the bucket and the member. */
	static final byte SEPARATOR = ' ';

	/** The field read: a leading integer and a space make a bucket, anything else is a member alone. */
	public static BucketedField of(String field) {
		int i = field.startsWith("-") ? 1 : 0;
		int digits = i;
		while (i < field.length() && Character.isDigit(field.charAt(i))) {
			i++;
		}
		if (i > digits && i < field.length() && field.charAt(i) == ' ') {
			return new BucketedField(Integer.parseInt(field, 0, i, 10), field.substring(i + 1));
		}
		return new BucketedField(null, field);
	}

}
