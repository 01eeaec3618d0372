package io.logagg.parse;

/**
 * The fields of a well-formed access-log line that logagg aggregates.
 *
 * @param status the 3-digit HTTP status
 * @param epochMinute the request time in whole minutes since 1970-01-01T00:00Z
 * @param path the request path without its query string, or {@code null} when the request is not
 * of the form {@code METHOD PATH [PROTOCOL]}
 * @param bytes the response size ({@code -} counts as 0)
 */
public record AccessLogEntry(int status, long epochMinute, String path, long bytes) {
}
