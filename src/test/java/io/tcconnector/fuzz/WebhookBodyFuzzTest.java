package io.tcconnector.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.WebhookParser;
import io.tcconnector.tradecloud.WebhookRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of what a webhook body meets first: the Content-Type
 * check and the recognition of the kind, JSON or tXML. Whatever the bytes, the answer is
 * an event or a refusal with a client status (400, 415), never another exception, a hang
 * or an exhausted heap; and a body both readers accept gives the same event.
 * {@code ./mvnw verify} fuzzes each test for a bounded time; without JAZZER_FUZZ the
 * tests replay the inputs under src/test/resources.
 */
class WebhookBodyFuzzTest {

	static final WebhookParser parser = new WebhookParser();

	static final String[] CONTENT_TYPES = { "application/json", "application/xml", "text/xml",
			"application/json; charset=UTF-8", "application/xml; charset=ISO-8859-1", "application/x.tradecloud+json",
			"text/plain", "" };

	@FuzzTest(maxDuration = "25s")
	void aBodyIsRecognisedOrRefusedWithAClientStatus(FuzzedDataProvider data) {
		String contentType = data.consumeBoolean() ? null : data.pickValue(CONTENT_TYPES);
		byte[] body = data.consumeRemainingAsBytes();
		TradecloudEvent recognised;
		try {
			recognised = parser.recognise(body, contentType);
		}
		catch (WebhookRejectedException refused) {
			assertThat(refused.getStatus()).isIn(400, 415);
			return;
		}
		assertThat(recognised.kind()).isNotNull();
		assertThat(recognised.format()).isNotNull();
		TradecloudEvent parsed;
		try {
			parsed = parser.parse(body, contentType);
		}
		catch (WebhookRejectedException refused) {
			// the tree reader is stricter (trailing content): a refusal, never a crash
			assertThat(refused.getStatus()).isIn(400, 415);
			return;
		}
		assertThat(parsed.kind()).isEqualTo(recognised.kind());
		assertThat(parsed.messageId()).isEqualTo(recognised.messageId());
		assertThat(parsed.orderId()).isEqualTo(recognised.orderId());
		assertThat(parsed.shipmentId()).isEqualTo(recognised.shipmentId());
	}

}
