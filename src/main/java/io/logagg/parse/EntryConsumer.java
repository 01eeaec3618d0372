package io.logagg.parse;

/**
 * Receives the fields of a well-formed line as the parser finds them, the path as bytes still in
 * the read buffer: a million lines a second cannot each afford an entry object and a String.
 */
@FunctionalInterface
public interface EntryConsumer {

	/**
	 * @param status the 3-digit HTTP status
	 * @param epochMinute the request time in whole minutes since 1970-01-01T00:00Z
	 * @param bytes the response size ({@code -} counts as 0)
	 * @param line the buffer holding the line, valid during this call only
	 * @param pathFrom index of the path's first byte, or -1 when the request has no path
	 * @param pathTo index just after the path's last byte (its query string cut off)
	 */
	void entry(int status, long epochMinute, long bytes, byte[] line, int pathFrom, int pathTo);

}
