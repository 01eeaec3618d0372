package io.logagg.aggregate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The errors hash's fields: what the aggregate writes is what a report reads. */
class ErrorsFieldTest {

	@Test
	void aFieldReadsBackAsItsMinuteAndClass() {
		assertThat(new ErrorsAggregate.Field("07:05", false).text()).isEqualTo("07:05 4xx");
		assertThat(new ErrorsAggregate.Field("23:59", true).text()).isEqualTo("23:59 5xx");
		for (boolean serverErrors : new boolean[] { false, true }) {
			ErrorsAggregate.Field field = new ErrorsAggregate.Field("00:00", serverErrors);
			assertThat(ErrorsAggregate.Field.of(field.text())).isEqualTo(field);
		}
	}

}
