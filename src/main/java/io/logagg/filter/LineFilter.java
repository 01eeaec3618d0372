package io.logagg.filter;

import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * A rule that leaves a well-formed line out before anything is counted (GoAccess's
 * {@code --exclude-ip}, {@code --ignore-status}, {@code --ignore-statics}, {@code --ignore-crawlers}).
 * What it leaves out is counted under its {@link #name} ({@code totals} {@code filtered:NAME}), so
 * that the lines read still add up.
 */
public interface LineFilter {

	/** What the report calls the lines it leaves out: {@code clients}, {@code status}, {@code statics}, {@code crawlers}. */
	String name();

	/** The fields it reads; a format without them cannot be filtered so (exit 2, not a filter that does nothing). */
	Set<LogField> needs();

	/** True if the line is left out. Called for every well-formed line, by its reader's one thread: creates nothing. */
	boolean drops(ParsedLine line);

}
