package io.logagg.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatSpecTest {

	@Test
	void combinedIsTodaysParser() {
		assertThat(FormatSpec.compile("combined")).isInstanceOf(CombinedLogParser.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "common", "vcombined",
			"nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time $host",
			"apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v" })
	void compilesPresetsAndServerFormatStrings(String spec) {
		assertThat(FormatSpec.compile(spec).fields()).contains(LogField.TIME, LogField.STATUS);
	}

	@Test
	void aFormatYieldsTheFieldsItsVariablesName() {
		assertThat(FormatSpec.compile("nginx:$time_iso8601 $status $request_time $host $upstream_response_time").fields())
			.containsExactlyInAnyOrder(LogField.TIME, LogField.STATUS, LogField.DURATION, LogField.VHOST);
		assertThat(FormatSpec.compile("apache:%t %>s %{ms}T %{User-Agent}i").fields())
			.containsExactlyInAnyOrder(LogField.TIME, LogField.STATUS, LogField.DURATION, LogField.USER_AGENT);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "gibberish|'gibberish' is not a format",
			"json|json needs the keys of the time and the status",
			"nginx:$remote_addr $status|has no request time",
			"apache:%h %t|has no status",
			"nginx:$remote_addr $status$body_bytes_sent [$time_local]|$status and $body_bytes_sent have nothing between them, so logagg cannot tell where one ends at character 27 of 'nginx:$remote_addr $status$body_bytes_sent [$time_local]'",
			"apache:%t %>s %{Referer|a %{ without its } at character 15",
			"nginx:[$time_local] $ $status|a $ without a variable name at character 21",
			"apache:%{%d/%b}t %>s|(a time in a format of its own) is not supported" })
	void aBadFormatIsRefusedSayingWhatAndWhere(String spec, String message) {
		assertThatThrownBy(() -> FormatSpec.compile(spec)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(message);
	}

}
