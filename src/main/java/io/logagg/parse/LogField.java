package io.logagg.parse;

/** The fields of an access-log line that logagg knows; a format yields some of them. */
public enum LogField {

	/** When the request was made: {@link ParsedLine#epochMinute()}. */
	TIME,
	/** The client's address. */
	CLIENT,
	/** The authenticated user. */
	USER,
	/** The request method. */
	METHOD,
	/** The request path, without its query string. */
	PATH,
	/** The query string, without its {@code ?}. */
	QUERY,
	/** The request protocol, {@code HTTP/1.1}. */
	PROTOCOL,
	/** The response status: {@link ParsedLine#status()}. */
	STATUS,
	/** The response size: {@link ParsedLine#size()}. */
	BYTES,
	/** The {@code Referer} header. */
	REFERER,
	/** The {@code User-Agent} header. */
	USER_AGENT,
	/** The virtual host that answered. */
	VHOST,
	/** How long the request took: {@link ParsedLine#durationMicros()}. */
	DURATION,
	/** The response's {@code Content-Type}. */
	CONTENT_TYPE,
	/** What a cache did with the request ({@code HIT}, {@code MISS}...). */
	CACHE_STATUS,
	/** The TLS protocol version of the connection ({@code TLSv1.3}). */
	TLS_VERSION,
	/** The TLS cipher of the connection. */
	TLS_CIPHER

}
