package io.tcconnector.monitoring;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PromQL reader the dashboard and alert checks rely on: it finds every selector of an
 * expression with its matchers, bare metric names too, and no function, keyword, grouping
 * label or range as a metric.
 */
class PromQlTest {

	@Test
	void findsTheSelectorsOfAnExpression() {
		List<PromQl.Selector> selectors = PromQl.selectors(
				"(sum by (instance) (increase(tradecloud_deliveries_total{target=~\"erp:.*\", outcome=\"delivered\"}[5m])) > 0)"
						+ " unless on (instance) histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))"
						+ " / 86400 and up");
		assertThat(selectors).extracting(PromQl.Selector::metric)
			.containsExactly("tradecloud_deliveries_total", "http_server_requests_seconds_bucket", "up");
		assertThat(selectors.get(0).matchers()).containsExactly(new PromQl.LabelMatcher("target", "=~", "erp:.*"),
				new PromQl.LabelMatcher("outcome", "=", "delivered"));
	}

	@Test
	void tellsWhetherBracketsPairUp() {
		assertThat(PromQl.balanced("sum(rate(a{b=\"(\"}[5m]))")).isTrue();
		assertThat(PromQl.balanced("sum(rate(a[5m])")).isFalse();
		assertThat(PromQl.balanced("a{b=\"x}")).isFalse();
		assertThat(PromQl.balanced("max(a{b=\"c\"}])")).isFalse();
	}

}
